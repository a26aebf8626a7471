import { DimensionError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";

/** Where a figure in an attribution comes from: an observation, a plan value, a logged event. */
export type Evidence = string;

/**
 * A channel measured by observations: the ratio of what was observed to what the plan assumed for one year
 * (imports 0.2 = a fifth of the planned imports arrived), and each sector's use of it per unit of output.
 */
export interface ObservedChannel {
  /** "imports", "labour", or a final-demand category such as "exports". */
  label: string;
  /** Per sector: value of the channel per unit of output in the base year (import or labour cost share, export share). */
  perUnit: ArrayLike<number>;
  /** Observed ÷ planned for the year (1 = as planned). */
  ratio: number;
  evidence: Evidence[];
}

/** A logged shock's direct loss in one sector and year, as a share (0–1) of the sector's planned output. */
export interface LoggedShockLoss {
  sector: number;
  share: number;
  label: string;
  evidence: Evidence[];
}

/** Everything {@link attributeShortfalls} needs for one year. */
export interface AttributionInputs {
  sectors: readonly string[];
  /** Technical coefficients (domestic) of the model. */
  A: Matrix;
  /** Base-year output. */
  x: ArrayLike<number>;
  /** Planned output per sector this year (NaN: no plan for the sector). */
  planned: ArrayLike<number>;
  /** Observed output per sector this year (NaN: not observed). */
  observed: ArrayLike<number>;
  /** Citations per sector for the planned and the observed value. */
  plannedEvidence?: readonly Evidence[][];
  observedEvidence?: readonly Evidence[][];
  /** Final-demand categories measured by observations (e.g. exports): the sector's own final-demand shortfall. */
  finalDemand?: readonly ObservedChannel[];
  /** Imports (and the foreign exchange that pays for them). */
  imports?: ObservedChannel;
  labour?: ObservedChannel;
  shocks?: readonly LoggedShockLoss[];
}

export type ComponentKind = "final-demand" | "upstream" | "imports" | "labour" | "shock" | "other";

/** One part of a sector's shortfall, in model units; positive parts explain a shortfall. */
export interface AttributionComponent {
  kind: ComponentKind;
  label: string;
  /** The supplying sector (upstream components). */
  from?: string;
  value: number;
  evidence: Evidence[];
}

/** One sector's shortfall and its parts. */
export interface SectorAttribution {
  sector: string;
  planned: number;
  observed: number;
  /** planned − observed (negative: the plan was exceeded). */
  shortfall: number;
  components: AttributionComponent[];
  /** |shortfall − Σ components| (0 up to rounding: "other" closes the account). */
  residual: number;
}

/**
 * Decomposes each sector's output shortfall (planned − observed) through the model into the channels that
 * can explain it, for one year. The method, for sector i with planned output Pᵢ and observed Oᵢ, Sᵢ = Pᵢ − Oᵢ:
 *
 * - **own final demand**, per observed final-demand category c (exports): eᶜᵢ · Pᵢ · (1 − ρᶜ), with eᶜᵢ the
 *   base-year share of category c in i's output and ρᶜ observed ÷ planned for the category;
 * - **upstream suppliers**, per supplier j with an observed shortfall: bⱼᵢ · Sⱼ, the part of j's shortfall that
 *   would have gone to i, with bⱼᵢ = zⱼᵢ / xⱼ = aⱼᵢ xᵢ / xⱼ the base-year allocation (Ghosh) coefficient
 *   (Miller & Blair 2009, §12.1): a supply-driven reading suited to an economy short of inputs;
 * - **imports / foreign exchange** and **labour**: mᵢ · Pᵢ · (1 − ρ), the planned use of the input that did
 *   not arrive, with mᵢ its base-year cost share;
 * - **logged shocks**: share · Pᵢ for each event's direct loss (a flood's damage to capacity);
 * - **other**: what the channels above do not explain (own capacity, efficiency, data), so that the parts sum
 *   to the shortfall exactly. A negative "other" says the channels explain more than was lost.
 *
 * Sectors not planned or not observed get no attribution and pass on no upstream shortfall. Pure; O(nnz(A) + n).
 *
 * @throws DimensionError when a per-sector vector does not have one entry per sector.
 */
export function attributeShortfalls(inp: AttributionInputs): SectorAttribution[] {
  const n = inp.sectors.length;
  const check = (v: ArrayLike<number>, what: string) => {
    if (v.length !== n) throw new DimensionError(`${what} has ${v.length} entries; the model has ${n} sectors`);
  };
  check(inp.x, "base-year output");
  check(inp.planned, "planned output");
  check(inp.observed, "observed output");
  for (const c of [...(inp.finalDemand ?? []), ...(inp.imports ? [inp.imports] : []), ...(inp.labour ? [inp.labour] : [])]) check(c.perUnit, `channel "${c.label}"`);
  const known = (i: number) => Number.isFinite(inp.planned[i]) && Number.isFinite(inp.observed[i]);
  const S = Float64Array.from({ length: n }, (_, i) => (known(i) ? inp.planned[i] - inp.observed[i] : NaN));
  // upstream[i] = list of (j, b_ji · S_j)
  const upstream: { j: number; v: number }[][] = Array.from({ length: n }, () => []);
  forEachEntry(inp.A, (j, i, a) => {
    if (i === j || a === 0 || !known(i) || !known(j) || !(inp.x[j] > 0)) return;
    const b = (a * inp.x[i]) / inp.x[j];
    upstream[i].push({ j, v: b * S[j] });
  });
  const out: SectorAttribution[] = [];
  for (let i = 0; i < n; i++) {
    if (!known(i)) continue;
    const P = inp.planned[i];
    const parts: AttributionComponent[] = [];
    const own = [...(inp.plannedEvidence?.[i] ?? []), ...(inp.observedEvidence?.[i] ?? [])];
    for (const c of inp.finalDemand ?? []) {
      const v = c.perUnit[i] * P * (1 - c.ratio);
      if (v !== 0) parts.push({ kind: "final-demand", label: `own final demand: ${c.label}`, value: v, evidence: c.evidence });
    }
    const ups = upstream[i].filter((u) => u.v !== 0).sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
    for (const u of ups) {
      parts.push({ kind: "upstream", label: `supplier ${inp.sectors[u.j]}`, from: inp.sectors[u.j], value: u.v, evidence: [...(inp.plannedEvidence?.[u.j] ?? []), ...(inp.observedEvidence?.[u.j] ?? [])] });
    }
    for (const [kind, c] of [["imports", inp.imports], ["labour", inp.labour]] as const) {
      if (!c) continue;
      const v = c.perUnit[i] * P * (1 - c.ratio);
      if (v !== 0) parts.push({ kind, label: c.label, value: v, evidence: c.evidence });
    }
    for (const s of inp.shocks ?? []) {
      if (s.sector === i && s.share !== 0) parts.push({ kind: "shock", label: s.label, value: s.share * P, evidence: s.evidence });
    }
    const explained = parts.reduce((a, p) => a + p.value, 0);
    parts.push({ kind: "other", label: "other: not explained by the channels above (own capacity, efficiency, data)", value: S[i] - explained, evidence: own });
    const total = parts.reduce((a, p) => a + p.value, 0);
    out.push({ sector: inp.sectors[i], planned: P, observed: inp.observed[i], shortfall: S[i], components: parts, residual: Math.abs(S[i] - total) });
  }
  return out;
}

/** Sums the components of several sectors' attributions by kind (and supplier), for a waterfall chart. */
export function sumAttributions(items: readonly SectorAttribution[]): { shortfall: number; byKind: Record<ComponentKind, number> } {
  const byKind: Record<ComponentKind, number> = { "final-demand": 0, upstream: 0, imports: 0, labour: 0, shock: 0, other: 0 };
  let shortfall = 0;
  for (const a of items) {
    shortfall += a.shortfall;
    for (const c of a.components) byKind[c.kind] += c.value;
  }
  return { shortfall, byKind };
}
