/**
 * Shapley values of counterfactual channels over the worlds of counterfactualWorlds.ts: exact (all coalitions) or
 * sampled.
 */
import { seededRandom } from "../uncertainty/random.ts";
import type { Worlds } from "./counterfactualWorlds.ts";

export interface ShapleyResult {
  value: Float64Array[];
  first: Float64Array[];
  last: Float64Array[];
  se: Float64Array[];
  /** Standard error of a weighted sum of a channel's part over sectors (0 when exact). */
  totalSe(k: number, idx: number[], w: (i: number) => number): number;
}

const zeros = (m: number, n: number) => Array.from({ length: m }, () => new Float64Array(n));

/** Exact Shapley values over all 2^m coalitions, each run once. */
export function exactShapley(run: Worlds, m: number, n: number): ShapleyResult {
  const value = zeros(m, n);
  const first = zeros(m, n);
  const last = zeros(m, n);
  // weight of a coalition of size s (not holding the channel): s! (m − s − 1)! / m!
  const fact = [1];
  for (let k = 1; k <= m; k++) fact.push(fact[k - 1] * k);
  const w = (s: number) => (fact[s] * fact[m - s - 1]) / fact[m];
  const all = 2 ** m - 1;
  const x0 = run.x(0);
  const xN = run.x(all);
  // φ_k = Σ_{S∌k} w(|S|) x(S) − Σ_{S∋k} w(|S|−1) x(S) = G − Σ_{S∋k} (w(|S|) + w(|S|−1)) x(S), with
  // G = Σ_S w(|S|) x(S) (w(m) = 0): one pass for G and one per channel in S, instead of one per channel (half the work
  // on average)
  const wAt = (s: number) => (s < 0 || s >= m ? 0 : w(s));
  const G = new Float64Array(n);
  for (let mask = 0; mask <= all; mask++) {
    const x = mask === 0 ? x0 : mask === all ? xN : run.x(mask);
    let size = 0;
    for (let k = 0; k < m; k++) size += (mask >> k) & 1;
    const wg = wAt(size);
    if (wg !== 0) for (let i = 0; i < n; i++) G[i] += wg * x[i];
    const wk = wAt(size) + wAt(size - 1);
    for (let k = 0; k < m; k++) {
      if (!((mask >> k) & 1)) {
        if (size === m - 1) for (let i = 0; i < n; i++) last[k][i] = x[i] - xN[i];
        continue;
      }
      const v = value[k];
      for (let i = 0; i < n; i++) v[i] += wk * x[i];
      if (size === 1) for (let i = 0; i < n; i++) first[k][i] = x0[i] - x[i];
    }
  }
  for (let k = 0; k < m; k++) for (let i = 0; i < n; i++) value[k][i] = G[i] - value[k][i];
  const se = zeros(m, n);
  return { value, first, last, se, totalSe: () => 0 };
}

/** Shapley values from random orders: each order's marginal effects, averaged; standard errors from their spread. */
export function sampledShapley(run: Worlds, m: number, n: number, permutations: number, seed: number): ShapleyResult {
  const rnd = seededRandom(seed);
  const sum = zeros(m, n);
  const sq = zeros(m, n);
  const all = 2 ** m - 1;
  const x0 = run.x(0);
  const xN = run.x(all);
  const first = zeros(m, n);
  const last = zeros(m, n);
  inputFirstLast(run, m, n, x0, xN, first, last);
  // per permutation, each channel's marginal effect on every sector (for standard errors of weighted totals)
  const draws: Float64Array[][] = Array.from({ length: m }, () => []);
  for (let p = 0; p < permutations; p++) {
    const order = rnd.permutation(m);
    let mask = 0;
    let prev = x0;
    for (const k of order) {
      mask |= 1 << k;
      const x = mask === all ? xN : run.x(mask);
      const d = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        d[i] = prev[i] - x[i];
        sum[k][i] += d[i];
        sq[k][i] += d[i] * d[i];
      }
      draws[k].push(d);
      prev = x;
    }
  }
  const P = permutations;
  const value = sum.map((s) => s.map((v) => v / P));
  const se = sq.map((s, k) => s.map((v, i) => Math.sqrt(Math.max(0, v / P - value[k][i] ** 2) / Math.max(1, P - 1))));
  return {
    value,
    first,
    last,
    se,
    totalSe(k, idx, w) {
      let s = 0;
      let s2 = 0;
      for (const d of draws[k]) {
        let t = 0;
        for (const i of idx) t += w(i) * d[i];
        s += t;
        s2 += t * t;
      }
      const mean = s / P;
      return Math.sqrt(Math.max(0, s2 / P - mean * mean) / Math.max(1, P - 1));
    },
  };
}

/** Each channel's effect switched first and last (2m runs), for the interaction check of sampled values. */
export function inputFirstLast(
  run: Worlds,
  m: number,
  n: number,
  x0: Float64Array,
  xN: Float64Array,
  first: Float64Array[],
  last: Float64Array[],
) {
  const all = 2 ** m - 1;
  for (let k = 0; k < m; k++) {
    const a = run.x(1 << k);
    const b = run.x(all & ~(1 << k));
    for (let i = 0; i < n; i++) {
      first[k][i] = x0[i] - a[i];
      last[k][i] = b[i] - xN[i];
    }
  }
}
