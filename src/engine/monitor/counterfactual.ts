import { DimensionError, InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import { csrFromTriplets } from "../linalg/sparse.ts";
import type { RationingRule, ResourceBudget, SupplyModel, SystemFor } from "../analysis/supplyConstrained.ts";
import { createSupplyModel, describeRationing, methodForSolves, rationMixed, rationingClasses } from "../analysis/supplyConstrained.ts";
import type { RationedOutput } from "../analysis/supplyConstrained.ts";
import { seededRandom } from "../uncertainty/random.ts";

/** Where a figure in an explanation comes from: an observation, a plan value, a logged event. */
export type Evidence = string;

/**
 * One observed channel of an explanation: something that was planned one way and observed another, switched
 * from its planned to its observed value in the counterfactual runs.
 * - `final-demand`: a final-demand category's deliveries per sector (exports), planned and observed;
 * - `budget`: a resource budget's limit (imports from the partner, foreign exchange, labour), planned → observed;
 * - `capacity`: a capacity loss (a logged flood or drought): per sector, the share of the planned world's output
 *   that remains possible (1 = untouched), i.e. a loss of output from what the sector would have produced.
 */
export type CounterfactualChannel = { id: string; label: string; evidence: Evidence[] } & (
  | { kind: "final-demand"; planned: ArrayLike<number>; observed: ArrayLike<number> }
  | { kind: "budget"; budget: string; observedLimit: number }
  | { kind: "capacity"; factor: ArrayLike<number> }
);

/** Everything {@link explainShortfalls} needs for one year. */
export interface ExplainInput {
  sectors: readonly string[];
  /** Technical coefficients (domestic). */
  A: Matrix;
  /** Value added per unit of output, for the explanation in GDP terms. */
  valueAddedPerUnit: ArrayLike<number>;
  /** Final deliveries that no channel measures: kept as planned in every run. */
  otherFinalDemand: ArrayLike<number>;
  /** Resource budgets with their planned limits (a `budget` channel switches one to its observed limit). */
  budgets?: readonly ResourceBudget[];
  /** Planned capacity per sector (Infinity or omitted: none). */
  capacity?: ArrayLike<number>;
  /** Outputs fixed from observations in every run (NaN: endogenous). */
  fixedOutput?: ArrayLike<number>;
  /**
   * The supply model of A and fixedOutput, when the caller explains several years on the same coefficients: its
   * factorisation is reused (it must have been made from this A and these fixed outputs).
   */
  model?: SupplyModel;
  channels: readonly CounterfactualChannel[];
  /**
   * Import substitution: when the budget `budget` (imports, foreign exchange) is below its planned limit, the share
   * cut c = 1 − observed ÷ planned is met first by producing at home: up to `share` (σ) of every imported input is
   * replaced by domestic output of the same product, `cost` (κ) units of it per unit of import (through `imports`,
   * the imported-input coefficients Aᴹ). The world's technology is A + κ·r·Aᴹ and its imports per unit (1 − r)·m,
   * r = min(c, σ); what substitution cannot replace rations output through the budget as before. σ = 0: fixed
   * import coefficients.
   */
  importSubstitution?: { budget: string; imports: Matrix; share: number; cost: number };
  rationing: RationingRule;
  /** Planned (target) output per sector, NaN where the plan has none. */
  planned: ArrayLike<number>;
  /** Observed output per sector, NaN where not observed. */
  observed: ArrayLike<number>;
  /** Citations per sector for the planned and the observed value. */
  plannedEvidence?: readonly Evidence[][];
  observedEvidence?: readonly Evidence[][];
  /** Exact Shapley values up to this many channels (default 12); sampled orders beyond. */
  exactUpTo?: number;
  /** Orders sampled when there are more channels than `exactUpTo` (default 2,000). */
  permutations?: number;
  seed?: number;
}

/** One channel's part of a shortfall (positive: the channel explains output lost). */
export interface ExplainedPart {
  channel: string;
  label: string;
  kind: CounterfactualChannel["kind"];
  /** Shapley value: the channel's effect averaged over every order in which channels are switched. */
  value: number;
  /** Its effect when switched first (from the planned world) and last (into the observed world). */
  first: number;
  last: number;
  /** Standard error of a sampled Shapley value (0 when exact). */
  standardError: number;
  evidence: Evidence[];
  /** Percentiles over Monte Carlo draws, when the caller sampled (see the app's `--samples`). */
  interval?: { p5: number; p50: number; p95: number };
}

/** A sector's (or the total's) shortfall: planned − observed = modelled (Σ parts) + unexplained. */
export interface ShortfallAccount {
  /** planned − observed (negative: the plan was exceeded). */
  shortfall: number;
  parts: ExplainedPart[];
  /** Σ parts exactly: the model's output in the planned world minus its output in the observed world. */
  modelled: number;
  /** shortfall − modelled: what the model does not explain. Never a channel. */
  unexplained: number;
  /** Of the unexplained: planned − the model's planned-world output (targets the plan's own channels would not deliver). */
  planVsModel: number;
  /** Percentiles over Monte Carlo draws of the shortfall, modelled and unexplained, when the caller sampled. */
  intervals?: Record<"shortfall" | "modelled" | "unexplained", { p5: number; p50: number; p95: number }>;
}

/** One sector's shortfall explained: planned and observed output, the parts by channel, the unexplained rest. */
export interface SectorExplanation extends ShortfallAccount {
  code: string;
  planned: number;
  observed: number;
  /** The model's output with every channel as planned, and with every channel as observed. */
  plannedWorld: number;
  observedWorld: number;
  evidence: Evidence[];
}

/** How a world (every channel planned, or every channel observed) was rationed. */
export interface WorldRationing {
  status: RationedOutput["status"];
  factors: number[];
  binding: string[];
}

/** The answer of {@link explainShortfalls}. */
export interface Explanation {
  sectors: SectorExplanation[];
  /** Over the sectors explained (planned and observed). */
  total: ShortfallAccount;
  /** The same in value added (GDP terms): each sector's output account times its value added per unit. */
  valueAdded: ShortfallAccount;
  /** The rationing rule in words, and how the planned and the observed worlds were rationed. */
  rationing: { rule: string; planned: WorldRationing; observed: WorldRationing };
  /** Exact over all 2^m coalitions, or sampled orders with a standard error per part. */
  method: { kind: "exact"; coalitions: number } | { kind: "sampled"; permutations: number; seed: number };
  /**
   * How much parts move with the order: max over channels of |first − last|, relative to what the model explains
   * (|modelled|; the shortfall when the model explains nothing): 0, the channels do not interact; 0.3, a part moves
   * by 30 % of the modelled total between the first and the last order.
   */
  interaction: number;
  /** True when every Leontief solve converged (worst true residual in `worstResidual`). */
  converged: boolean;
  worstResidual: number;
}

function lengthCheck(v: ArrayLike<number> | undefined, n: number, what: string) {
  if (v && v.length !== n) throw new DimensionError(`${what} has ${v.length} entries; the model has ${n} sectors`);
}

/**
 * Explains each sector's output shortfall (planned − observed) for one year by counterfactual runs of the
 * supply-constrained model ({@link createSupplyModel}, rationed by the stated rule): every observed channel
 * is switched from its planned to its observed value, and each channel's part is its Shapley value over all
 * orders of switching (Shapley 1953; for decompositions, Shorrocks 2013, "Decomposition procedures for
 * distributional analysis: a unified framework based on the Shapley value"):
 *
 *   φ_c = Σ_{S ⊆ N∖{c}} |S|! (m − |S| − 1)! / m! · (x(S) − x(S ∪ {c})),
 *
 * x(S) the model's output with the channels in S observed and the rest planned. The parts sum exactly to
 * `modelled` = x(∅) − x(N) (efficiency); `unexplained` = shortfall − modelled is what the model misses,
 * reported on its own. Exact up to `exactUpTo` channels (2^m runs); beyond, `permutations` random orders with
 * a standard error per part (each order's parts still sum to `modelled` exactly). In value added, every
 * account is weighted by value added per unit of output (linear, so the Shapley values carry over).
 *
 * The model is linear in final deliveries, so each category's response is solved once (planned and observed,
 * per rationing class) and every run combines them: O(channels · classes) Leontief solves, then
 * O(2^m · (n · limits)) for the runs. Pure.
 *
 * @throws DimensionError when a per-sector vector does not have one entry per sector.
 * @throws InvalidValueError when a budget channel names no budget, or a capacity factor is not in [0, 1].
 * @example
 * ```ts
 * // one sector (A = [0.5], multiplier 2): exports planned 10, observed 6; imports 0.1 a unit, limit 2 planned, 1 observed.
 * // x(plan) = 20, x(exports only) = 12, x(imports only) = 10, x(both) = 10; observed 11. Shapley parts: exports
 * // (8 + 0)/2 = 4, imports (10 + 2)/2 = 6; modelled 10 of a shortfall of 9, so −1 is unexplained (the model's miss)
 * const e = explainShortfalls({
 *   sectors: ["S"], A: denseMatrix([[0.5]]), valueAddedPerUnit: [0.4], otherFinalDemand: [0],
 *   budgets: [{ id: "imports", label: "imports", perUnit: [0.1], limit: 2 }],
 *   channels: [
 *     { id: "exports", label: "exports", kind: "final-demand", planned: [10], observed: [6], evidence: ["customs"] },
 *     { id: "imports", label: "imports", kind: "budget", budget: "imports", observedLimit: 1, evidence: ["partner customs"] },
 *   ],
 *   rationing: { rule: "proportional" }, planned: [20], observed: [11],
 * });
 * const [s] = e.sectors;
 * console.log(s.parts.map((p) => `${p.channel} ${p.value.toFixed(2)}`), s.shortfall, s.unexplained.toFixed(2)); // [ 'exports 4.00', 'imports 6.00' ] 9 -1.00
 * ```
 */
export function explainShortfalls(inp: ExplainInput): Explanation {
  const n = inp.sectors.length;
  for (const [v, what] of [[inp.valueAddedPerUnit, "value added per unit"], [inp.otherFinalDemand, "other final demand"], [inp.capacity, "capacity"], [inp.fixedOutput, "fixed outputs"], [inp.planned, "planned output"], [inp.observed, "observed output"]] as const) lengthCheck(v, n, what);
  const budgets = inp.budgets ?? [];
  for (const c of inp.channels) {
    if (c.kind === "final-demand") {
      lengthCheck(c.planned, n, `channel "${c.id}" (planned)`);
      lengthCheck(c.observed, n, `channel "${c.id}" (observed)`);
    }
    else if (c.kind === "capacity") {
      lengthCheck(c.factor, n, `channel "${c.id}"`);
      for (let i = 0; i < n; i++) if (!(c.factor[i] >= 0 && c.factor[i] <= 1)) throw new InvalidValueError(`channel "${c.id}", sector ${inp.sectors[i]}`, c.factor[i], "a remaining share of output in [0, 1]");
    } else if (!budgets.some((b) => b.id === c.budget)) throw new InvalidValueError(`channel "${c.id}": budget "${c.budget}"`, NaN, `one of the budgets given (${budgets.map((b) => b.id).join(", ") || "none"})`);
  }
  if (inp.channels.length > 30) throw new InvalidValueError("channels", inp.channels.length, "at most 30 channels (group the others)");
  const classes = inp.rationing.rule === "proportional" ? 1 : new Set(Array.from(inp.rationing.priority)).size;
  const solves = classes * (1 + 2 * inp.channels.filter((c) => c.kind === "final-demand").length);
  const model = inp.model ?? createSupplyModel(inp.A, inp.fixedOutput, inp.sectors, { method: methodForSolves(inp.A, solves) });
  const run = createWorlds(model, inp);
  const m = inp.channels.length;
  const exact = m <= (inp.exactUpTo ?? 12);
  const shap = exact ? exactShapley(run, m, n) : sampledShapley(run, m, n, inp.permutations ?? 2000, inp.seed ?? 1);
  const xPlan = run.output(0).x;
  const full = run.output(m === 0 ? 0 : 2 ** m - 1);
  const explained: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(inp.planned[i]) && Number.isFinite(inp.observed[i])) explained.push(i);
  const sectors: SectorExplanation[] = explained.map((i) => {
    const parts = inp.channels.map((c, k) => part(c, shap.value[k][i], shap.first[k][i], shap.last[k][i], shap.se[k][i]));
    // Σ parts: x(∅) − x(N) up to rounding (efficiency), summed so that modelled + unexplained = shortfall exactly
    const modelled = parts.reduce((a, p) => a + p.value, 0);
    const shortfall = inp.planned[i] - inp.observed[i];
    return {
      code: inp.sectors[i],
      planned: inp.planned[i],
      observed: inp.observed[i],
      shortfall,
      parts,
      modelled,
      unexplained: shortfall - modelled,
      planVsModel: inp.planned[i] - xPlan[i],
      plannedWorld: xPlan[i],
      observedWorld: full.x[i],
      evidence: [...(inp.plannedEvidence?.[i] ?? []), ...(inp.observedEvidence?.[i] ?? [])],
    };
  });
  const total = account(inp.channels, sectors, explained, () => 1, shap);
  const valueAdded = account(inp.channels, sectors, explained, (i) => inp.valueAddedPerUnit[i], shap);
  const scale = Math.abs(total.modelled) > 0 ? Math.abs(total.modelled) : Math.max(Math.abs(total.shortfall), 1e-300);
  const interaction = Math.max(0, ...total.parts.map((p) => Math.abs(p.first - p.last) / scale));
  const world = (r: RationedOutput): WorldRationing => ({ status: r.status, factors: r.factors, binding: r.binding.flat().map((b) => `${b.kind} ${b.id}`) });
  return {
    sectors,
    total,
    valueAdded,
    rationing: { rule: describeRationing(inp.rationing), planned: world(run.output(0)), observed: world(full) },
    method: exact ? { kind: "exact", coalitions: 2 ** m } : { kind: "sampled", permutations: inp.permutations ?? 2000, seed: inp.seed ?? 1 },
    interaction,
    converged: model.converged,
    worstResidual: model.worstResidual,
  };
}

function part(c: CounterfactualChannel, value: number, first: number, last: number, se: number): ExplainedPart {
  return { channel: c.id, label: c.label, kind: c.kind, value, first, last, standardError: se, evidence: c.evidence };
}

/** Sums sector accounts, each sector weighted (1 for output, value added per unit for GDP terms). */
function account(channels: readonly CounterfactualChannel[], sectors: SectorExplanation[], idx: number[], w: (i: number) => number, shap: ShapleyResult): ShortfallAccount {
  let shortfall = 0;
  let modelled = 0;
  let planVsModel = 0;
  sectors.forEach((s, k) => {
    const wi = w(idx[k]);
    shortfall += wi * s.shortfall;
    modelled += wi * s.modelled;
    planVsModel += wi * s.planVsModel;
  });
  const parts = channels.map((c, k) => {
    let v = 0;
    let f = 0;
    let l = 0;
    for (const i of idx) {
      v += w(i) * shap.value[k][i];
      f += w(i) * shap.first[k][i];
      l += w(i) * shap.last[k][i];
    }
    return part(c, v, f, l, shap.totalSe(k, idx, w));
  });
  // modelled is Σ parts exactly (efficiency); summed in the same order so the identity is not left to rounding
  const sumParts = parts.reduce((a, p) => a + p.value, 0);
  return { shortfall, parts, modelled: parts.length ? sumParts : modelled, unexplained: shortfall - (parts.length ? sumParts : modelled), planVsModel };
}

/** Output of the model in the world where the channels in `mask` are observed and the rest planned. */
interface Worlds {
  /** With the rationing report (used for the planned and the observed world). */
  output(mask: number): RationedOutput;
  /** Output alone, for the Shapley runs. */
  x(mask: number): Float64Array;
}

/** Supply models with sectors held at capacity, per coefficient matrix and set of held sectors (see createWorlds). */
const heldModels = new WeakMap<Matrix, Map<string, SupplyModel>>();

/** One technology of the runs: its supply model, the responses of every final-demand piece, its budgets. */
interface Technology {
  model: SupplyModel;
  otherR: Float64Array[];
  fd: ({ pr: Float64Array[]; or: Float64Array[] } | null)[];
  budgets: ResourceBudget[];
}

function createWorlds(model: SupplyModel, inp: ExplainInput): Worlds {
  const n = model.n;
  const classesOf = (d: ArrayLike<number>) => rationingClasses(d, inp.rationing);
  const other = classesOf(inp.otherFinalDemand);
  const K = other.length;
  const fdDemand = inp.channels.map((c) => (c.kind === "final-demand" ? { p: classesOf(c.planned), o: classesOf(c.observed), ratio: commonRatio(c.planned, c.observed) } : null));
  const technology = (mdl: SupplyModel, budgets: ResourceBudget[]): Technology => {
    const respond = (cls: Float64Array[]) => cls.map((d) => mdl.respond(d));
    return {
      model: mdl,
      otherR: respond(other),
      // a category observed as its plan times one ratio (the usual case) responds in proportion: no second solve
      fd: fdDemand.map((e) => {
        if (!e) return null;
        const pr = respond(e.p);
        return { pr, or: e.ratio === null ? respond(e.o) : pr.map((v) => v.map((q) => q * e.ratio!)) };
      }),
      budgets,
    };
  };
  const budgets = (inp.budgets ?? []).map((b) => ({ ...b }));
  const techs = [technology(model, budgets)];
  // with import substitution, the runs where the import budget is observed use the substituted technology
  let substituted = -1;
  const sub = inp.importSubstitution;
  if (sub) {
    const k = inp.channels.findIndex((c) => c.kind === "budget" && c.budget === sub.budget);
    const b = budgets.find((q) => q.id === sub.budget);
    if (!b) throw new InvalidValueError(`import substitution: budget "${sub.budget}"`, NaN, `one of the budgets given (${budgets.map((q) => q.id).join(", ") || "none"})`);
    const c = inp.channels[k];
    if (k >= 0 && c.kind === "budget" && b.limit > 0) {
      const r = Math.min(sub.share, Math.max(0, 1 - c.observedLimit / b.limit));
      if (r > 0) {
        substituted = k;
        const A = addScaled(inp.A, sub.imports, sub.cost * r);
        const mdl = createSupplyModel(A, inp.fixedOutput, inp.sectors, { method: methodForSolves(A, K * (1 + 2 * fdDemand.filter(Boolean).length)) });
        techs.push(technology(mdl, budgets.map((q) => (q.id === sub.budget ? { ...q, perUnit: Float64Array.from(q.perUnit, (v) => v * (1 - r)) } : q))));
      }
    }
  }
  const techOf = (mask: number) => (substituted >= 0 && (mask >> substituted) & 1 ? techs[1] : techs[0]);
  const capacityPlanned = inp.capacity ? Float64Array.from(inp.capacity) : new Float64Array(n).fill(Infinity);
  const anyCapacity = inp.channels.some((c) => c.kind === "capacity");
  const planned: { x?: Float64Array } = {}; // the planned world's output: what capacity losses are a share of
  const cache = new Map<number, RationedOutput>();
  const givenFixed = inp.fixedOutput ? Float64Array.from(inp.fixedOutput) : new Float64Array(n).fill(NaN);
  const givenKey = Array.from(givenFixed, (v) => (Number.isNaN(v) ? 0 : 1)).join("");
  // technologies with more sectors fixed (held at capacity by the mixed rule), built once per set of fixed sectors
  const fixedTechs = new Map<string, Technology>();
  const techFixed = (t: Technology, fixedMask: Uint8Array): Technology => {
    const key = fixedMask.join("");
    if (key === givenKey) return t;
    const id = `${techs.indexOf(t)}:${key}`;
    let tf = fixedTechs.get(id);
    if (!tf) {
      const A = t.model.A;
      // the factorisation of a held set is kept with A, for the next year explained on the same coefficients
      const held = heldModels.get(A) ?? new Map<string, SupplyModel>();
      heldModels.set(A, held);
      let mdl = held.get(key);
      if (!mdl) held.set(key, (mdl = createSupplyModel(A, Array.from(fixedMask, (f) => (f ? 0 : NaN)), inp.sectors, { method: methodForSolves(A, K * (1 + 2 * fdDemand.filter(Boolean).length)) })));
      fixedTechs.set(id, (tf = technology(mdl, t.budgets)));
    }
    return tf;
  };
  const output = (mask: number): RationedOutput => {
    const hit = cache.get(mask);
    if (hit) return hit;
    const t = techOf(mask);
    const demand = other.map((d) => Float64Array.from(d));
    const limits = t.budgets.map((b) => ({ ...b }));
    let capacity: Float64Array = capacityPlanned;
    inp.channels.forEach((c, k) => {
      const on = (mask >> k) & 1;
      if (c.kind === "final-demand") {
        const dd = fdDemand[k]!;
        for (let q = 0; q < K; q++) {
          const d = on ? dd.o[q] : dd.p[q];
          for (let i = 0; i < n; i++) demand[q][i] += d[i];
        }
      } else if (c.kind === "budget" && on) {
        limits.find((b) => b.id === c.budget)!.limit = c.observedLimit;
      }
    });
    // several losses in one sector compound: the capacity is the reference times the product of the factors
    if (anyCapacity && mask !== 0) {
      const prod = new Float64Array(n).fill(1);
      inp.channels.forEach((c, k) => {
        if (c.kind === "capacity" && (mask >> k) & 1) for (let i = 0; i < n; i++) prod[i] *= c.factor[i];
      });
      capacity = Float64Array.from(capacityPlanned);
      for (let i = 0; i < n; i++) if (prod[i] < 1) capacity[i] = Math.min(capacity[i], planned.x![i] * prod[i]);
    }
    const systemFor: SystemFor = (fixedMask) => {
      const tf = techFixed(t, fixedMask);
      return { model: tf.model, responses: responsesOf(inp, tf, mask) };
    };
    const r = rationMixed(systemFor, givenFixed, demand, { capacity, budgets: limits }, describeRationing(inp.rationing), inp.sectors);
    if (cache.size < 4) cache.set(mask, r);
    return r;
  };
  planned.x = output(0).x;
  const reference = planned.x;
  if (inp.fixedOutput && Array.from(inp.fixedOutput).some((v) => !Number.isNaN(v))) return { output, x: (mask) => (mask === 0 ? reference : output(mask).x) };
  const fast = techs.map((t) => fastOutput(inp, n, K, t, capacityPlanned, reference, techFixed));
  return { output, x: (mask) => fast[techOf(mask) === techs[0] ? 0 : 1](mask) };
}

/** A + s·B, in A's layout (dense when either is dense). */
function addScaled(A: Matrix, B: Matrix, s: number): Matrix {
  const n = A.rows;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const add = (i: number, j: number, v: number) => {
    rows.push(i);
    cols.push(j);
    vals.push(v);
  };
  forEachEntry(A, add);
  forEachEntry(B, (i, j, v) => add(i, j, s * v));
  return A.kind === "dense" ? denseFromTriplets(n, rows, cols, vals) : csrFromTriplets(n, n, { rows, cols, values: vals }, { allowNegative: true });
}

function denseFromTriplets(n: number, rows: number[], cols: number[], vals: number[]): Matrix {
  const d = new Float64Array(n * n);
  for (let k = 0; k < rows.length; k++) d[rows[k] * n + cols[k]] += vals[k];
  return { kind: "dense", rows: n, cols: n, data: d };
}

/** r when observed = r · planned in every entry (to the last bits), else null. */
function commonRatio(planned: ArrayLike<number>, observed: ArrayLike<number>): number | null {
  let k = 0;
  while (k < planned.length && planned[k] === 0) k++;
  if (k === planned.length) return null;
  const r = observed[k] / planned[k];
  for (let i = 0; i < planned.length; i++) if (Math.abs(observed[i] - r * planned[i]) > 4 * Number.EPSILON * Math.abs(observed[i])) return null;
  return r;
}

/**
 * The runs' outputs without fixed sectors, fast: each response's use of every budget is a number computed once
 * (the limits are linear), capacities are checked only where one is finite in some run, and the factors follow
 * the same lexicographic minimum ratios as {@link rationResponses} (which the planned and observed worlds still
 * go through, for their rationing report).
 */
function fastOutput(inp: ExplainInput, n: number, K: number, tech: Technology, capacityPlanned: Float64Array, reference: Float64Array, fixedTech: (t: Technology, fixed: Uint8Array) => Technology): (mask: number) => Float64Array {
  const { otherR, fd, budgets } = tech;
  const use = (r: Float64Array) =>
    budgets.map((b) => {
      let s = 0;
      for (let i = 0; i < n; i++) s += b.perUnit[i] * r[i];
      return s;
    });
  const otherU = otherR.map(use);
  const fdU = fd.map((e) => e && { p: e.pr.map(use), o: e.or.map(use) });
  const watched: number[] = [];
  for (let i = 0; i < n; i++) if (capacityPlanned[i] !== Infinity || inp.channels.some((c) => c.kind === "capacity" && c.factor[i] < 1)) watched.push(i);
  const budgetIndex = inp.channels.map((c) => (c.kind === "budget" ? budgets.findIndex((b) => b.id === c.budget) : -1));
  const resp = Array.from({ length: K }, () => new Float64Array(n));
  const u = Array.from({ length: K }, () => new Float64Array(budgets.length));
  const cap = new Float64Array(watched.length);
  const limit = new Float64Array(budgets.length);
  return (mask) => {
    for (let q = 0; q < K; q++) {
      resp[q].set(otherR[q]);
      u[q].set(otherU[q]);
    }
    budgets.forEach((b, k) => (limit[k] = b.limit));
    watched.forEach((i, w) => (cap[w] = capacityPlanned[i]));
    const prod = watched.map(() => 1);
    inp.channels.forEach((c, k) => {
      const on = (mask >> k) & 1;
      if (c.kind === "final-demand") {
        const e = fd[k]!;
        const eu = fdU[k]!;
        for (let q = 0; q < K; q++) {
          const r = on ? e.or[q] : e.pr[q];
          const rq = resp[q];
          for (let i = 0; i < n; i++) rq[i] += r[i];
          const du = on ? eu.o[q] : eu.p[q];
          for (let b = 0; b < du.length; b++) u[q][b] += du[b];
        }
      } else if (on && c.kind === "budget") limit[budgetIndex[k]] = c.observedLimit;
      else if (on && c.kind === "capacity") watched.forEach((i, w) => (prod[w] *= c.factor[i]));
    });
    watched.forEach((i, w) => {
      if (prod[w] < 1) cap[w] = Math.min(cap[w], reference[i] * prod[w]);
    });
    const usedB = new Float64Array(budgets.length);
    const x = new Float64Array(n);
    for (let q = 0; q < K; q++) {
      let theta = 1;
      for (let b = 0; b < budgets.length; b++) if (u[q][b] > 0 && limit[b] !== Infinity) theta = Math.min(theta, Math.max(0, limit[b] - usedB[b]) / u[q][b]);
      if (theta > 1 - 1e-12) theta = 1;
      theta = Math.max(0, theta);
      for (let b = 0; b < budgets.length; b++) usedB[b] += theta * u[q][b];
      const rq = resp[q];
      for (let i = 0; i < n; i++) x[i] += theta * rq[i];
    }
    // a sector past its capacity is held there (the mixed model), round by round
    const held = new Map<number, number>(); // sector → its capacity this run
    let out: Float64Array = x;
    for (let round = 0; round <= watched.length; round++) {
      let added = false;
      for (let w = 0; w < watched.length; w++) {
        const i = watched[w];
        if (!held.has(i) && out[i] > cap[w] * (1 + 1e-12) + 1e-300) {
          held.set(i, cap[w]);
          added = true;
        }
      }
      if (!added) return out;
      out = heldRun(mask, held, limit);
    }
    return out;
  };

  /** Output with the sectors in `held` fixed at the given outputs: the supply model of the rest, the budgets by the rule. */
  function heldRun(mask: number, held: Map<number, number>, limit: Float64Array): Float64Array {
    const fixedMask = new Uint8Array(n);
    for (const i of held.keys()) fixedMask[i] = 1;
    const tf = fixedTech(tech, fixedMask);
    const ex = extrasOf(tf, [...held.keys()]);
    const respF = responsesOf(inp, tf, mask);
    // what the held outputs call forth: Σ_j x_j · (their unit responses)
    const base = new Float64Array(n);
    for (const [j, v] of held) {
      const uj = ex.unit.get(j)!;
      for (let i = 0; i < n; i++) base[i] += v * uj[i];
    }
    const usedB = budgets.map((b) => dot(b.perUnit, base));
    const heldList = [...held.entries()];
    const usedH = heldList.map(([j]) => dot(ex.row.get(j)!, base));
    const x = Float64Array.from(base);
    for (let q = 0; q < K; q++) {
      const r = respF[q];
      let theta = 1;
      const gb = budgets.map((b) => dot(b.perUnit, r));
      gb.forEach((g, k) => {
        if (g > 0 && limit[k] !== Infinity) theta = Math.min(theta, Math.max(0, limit[k] - usedB[k]) / g);
      });
      // a held sector delivers what is left after the others' use of it, never less than nothing
      const gh = heldList.map(([j]) => dot(ex.row.get(j)!, r));
      heldList.forEach(([, v], h) => {
        if (gh[h] > 0) theta = Math.min(theta, Math.max(0, v - usedH[h]) / gh[h]);
      });
      if (theta > 1 - 1e-12) theta = 1;
      theta = Math.max(0, theta);
      gb.forEach((g, k) => (usedB[k] += theta * g));
      gh.forEach((g, h) => (usedH[h] += theta * g));
      for (let i = 0; i < n; i++) x[i] += theta * r[i];
    }
    return x;
  }
}

/** The responses of a world's final deliveries (per class) under a technology: its pieces summed for the mask. */
function responsesOf(inp: ExplainInput, t: Technology, mask: number): Float64Array[] {
  const resp = t.otherR.map((r) => Float64Array.from(r));
  const n = resp[0]?.length ?? 0;
  inp.channels.forEach((c, k) => {
    if (c.kind !== "final-demand") return;
    const on = (mask >> k) & 1;
    const e = t.fd[k]!;
    for (let q = 0; q < resp.length; q++) {
      const r = on ? e.or[q] : e.pr[q];
      for (let i = 0; i < n; i++) resp[q][i] += r[i];
    }
  });
  return resp;
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += a[i] * b[i];
  return s;
};

/** Per technology with held sectors: each held sector's unit response (what one unit of its output calls forth) and its row of A. */
const extrasCache = new WeakMap<Technology, { unit: Map<number, Float64Array>; row: Map<number, Float64Array> }>();
function extrasOf(t: Technology, held: number[]): { unit: Map<number, Float64Array>; row: Map<number, Float64Array> } {
  let ex = extrasCache.get(t);
  if (!ex) extrasCache.set(t, (ex = { unit: new Map(), row: new Map() }));
  const n = t.model.n;
  for (const j of held) {
    if (!ex.unit.has(j)) {
      const e = new Float64Array(n);
      e[j] = 1;
      ex.unit.set(j, t.model.baseFor(e));
    }
    if (!ex.row.has(j)) {
      const row = new Float64Array(n);
      forEachEntry(t.model.A, (i, k, v) => {
        if (i === j) row[k] += v;
      });
      ex.row.set(j, row);
    }
  }
  return ex;
}

interface ShapleyResult {
  value: Float64Array[];
  first: Float64Array[];
  last: Float64Array[];
  se: Float64Array[];
  /** Standard error of a weighted sum of a channel's part over sectors (0 when exact). */
  totalSe(k: number, idx: number[], w: (i: number) => number): number;
}

const zeros = (m: number, n: number) => Array.from({ length: m }, () => new Float64Array(n));

/** Exact Shapley values over all 2^m coalitions, each run once. */
function exactShapley(run: Worlds, m: number, n: number): ShapleyResult {
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
  // φ_k = Σ_{S∌k} w(|S|) x(S) − Σ_{S∋k} w(|S|−1) x(S) = G − Σ_{S∋k} (w(|S|) + w(|S|−1)) x(S), with G = Σ_S w(|S|) x(S)
  // (w(m) = 0): one pass for G and one per channel in S, instead of one per channel (half the work on average)
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
function sampledShapley(run: Worlds, m: number, n: number, permutations: number, seed: number): ShapleyResult {
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
function inputFirstLast(run: Worlds, m: number, n: number, x0: Float64Array, xN: Float64Array, first: Float64Array[], last: Float64Array[]) {
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
