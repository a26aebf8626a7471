/**
 * A synthetic MRIO of EXIOBASE's shape for bench/mrio.ts, drawn deterministically (seeded) so that ioplan and the
 * numpy peer read the same numbers. How it is drawn (see `describeCase` for the figures of a draw):
 * - region sizes lognormal (σ = 1);
 * - technology: in every region each sector uses each product with probability `inputShare` (and always its own),
 *   weights u², scaled so that the column's intermediate inputs are 35–65 % of output;
 * - trade: for every (buying region, product) an import share of 5–50 %, bought from `partners` other regions drawn
 *   at random, split by uniform weights; intermediate and final use share the same origins and splits;
 * - final demand: per (region, product) size·u², split over the categories (households, government, investment);
 * - gross output x = L·y (so Z = A·x̂ balances), solved once before timing;
 * - stressors: F = x ⊙ intensity, intensities lognormal (σ = 1.5), a quarter of the sectors zero for the third
 *   and fourth; F_Y for households on the first two (direct emissions by households).
 * A's density is then about inputShare·(1 + partners)/R.
 */
import type { MrioModel } from "../src/engine/index.ts";
import { createBlockLeontief, csrFromTriplets, denseMatrix, seededRandom } from "../src/engine/index.ts";

export interface CaseOptions {
  regions: number;
  sectors: number;
  partners: number;
  inputShare: number;
  stressors: number;
  seed: number;
}

export const EXIOBASE_SHAPE: CaseOptions = {
  regions: 49,
  sectors: 163,
  partners: 12,
  inputShare: 0.3,
  stressors: 4,
  seed: 24,
};
const CATEGORIES = ["households", "government", "investment"];

export function syntheticMrio(o: CaseOptions): MrioModel {
  const rnd = seededRandom(o.seed);
  const R = o.regions;
  const S = o.sectors;
  const n = R * S;
  const K = CATEGORIES.length;
  const size = Array.from({ length: R }, () => Math.exp(rnd.normal()));
  const trade = Array.from({ length: R * S }, (_, si) => origins(rnd, R, Math.floor(si / S), o.partners));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let s = 0; s < R; s++) {
    for (let j = 0; j < S; j++) {
      const inputs: number[] = [];
      const weights: number[] = [];
      for (let i = 0; i < S; i++) {
        if (i === j || rnd.uniform() < o.inputShare) {
          inputs.push(i);
          weights.push(rnd.uniform() ** 2 + 1e-3);
        }
      }
      const scale = (0.35 + 0.3 * rnd.uniform()) / weights.reduce((a, b) => a + b, 0);
      inputs.forEach((i, k) => {
        for (const [q, share] of trade[s * S + i]) {
          rows.push(q * S + i);
          cols.push(s * S + j);
          values.push(weights[k] * scale * share);
        }
      });
    }
  }
  const A = csrFromTriplets(n, n, { rows, cols, values });
  const Y = denseMatrix(n, R * K);
  for (let s = 0; s < R; s++) {
    for (let i = 0; i < S; i++) {
      const demand = size[s] * 1000 * rnd.uniform() ** 2;
      const split = CATEGORIES.map((_, c) => (c === 0 ? 3 : 1) * rnd.uniform());
      const total = split.reduce((a, b) => a + b, 0);
      for (const [q, share] of trade[s * S + i])
        split.forEach((w, c) => (Y.data[(q * S + i) * R * K + s * K + c] += (demand * share * w) / total));
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < R * K; c++) y[i] += Y.data[i * R * K + c];
  const x = createBlockLeontief(A, S).solve(y, 1).X;
  const stressors = Array.from({ length: o.stressors }, (_, k) => {
    const F = x.map((v) => (k >= 2 && rnd.uniform() < 0.25 ? 0 : v * Math.exp(1.5 * rnd.normal())));
    const FY = new Float64Array(R * K);
    if (k < 2) for (let s = 0; s < R; s++) FY[s * K] = size[s] * 500 * rnd.uniform();
    return { code: `stressor${k}`, name: `stressor ${k}`, unit: "t", F, FY };
  });
  return {
    name: `synthetic MRIO ${R} × ${S}`,
    regions: Array.from({ length: R }, (_, r) => `R${r}`),
    regionNames: Array.from({ length: R }, (_, r) => `region ${r}`),
    sectors: Array.from({ length: S }, (_, i) => ({ code: `s${i}`, name: `sector ${i}` })),
    A,
    x,
    Y,
    finalDemandCategories: CATEGORIES,
    stressors,
    baseYear: 2020,
    unit: "M EUR",
    sources: [{ title: "bench/mrioCase.ts (synthetic)" }],
    notes: [],
  };
}

/** For the buying region s: [origin region, share] with the domestic share first, then `partners` others. */
function origins(rnd: ReturnType<typeof seededRandom>, R: number, s: number, partners: number): [number, number][] {
  const importShare = 0.05 + 0.45 * rnd.uniform();
  const others = rnd
    .permutation(R - 1)
    .slice(0, Math.min(partners, R - 1))
    .map((q) => (q >= s ? q + 1 : q));
  const w = others.map(() => rnd.uniform() + 0.1);
  const total = w.reduce((a, b) => a + b, 0);
  return [[s, 1 - importShare], ...others.map((q, k): [number, number] => [q, (importShare * w[k]) / total])];
}

export function describeCase(m: MrioModel, o: CaseOptions): string {
  const n = m.x.length;
  const nnz = m.A.kind === "dense" ? n * n : m.A.values.length;
  return `${o.regions} regions × ${o.sectors} sectors (n = ${n.toLocaleString("en-US")}), ${CATEGORIES.length} final-demand categories, ${o.stressors} stressors with F_Y; A has ${nnz.toLocaleString("en-US")} non-zeros (density ${((100 * nnz) / (n * n)).toFixed(1)} %: each product an input with probability ${o.inputShare}, imports from ${o.partners} partner regions); seed ${o.seed}`;
}
