import { DimensionError, InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import type { RationingRule, ResourceBudget, SupplyModel } from "../analysis/supplyConstrained.ts";
import { createSupplyModel, describeRationing, methodForSolves } from "../analysis/supplyConstrained.ts";
import type { RationedOutput } from "../analysis/supplyConstrained.ts";

import { createWorlds } from "./counterfactualWorlds.ts";
import { exactShapley, sampledShapley } from "./shapley.ts";
import type { ShapleyResult } from "./shapley.ts";
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
   * the imported-input coefficients Aᴹ). The world's technology is A + κ·r·Aᴹ and its imports per unit
   * (1 − r)·m, r = min(c, σ); what substitution cannot replace rations output through the budget as before. σ = 0:
   * fixed import coefficients.
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
  /**
   * Of the unexplained: planned − the model's planned-world output (targets the plan's own channels would not
   * deliver).
   */
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
 * // one sector (A = [0.5], multiplier 2): exports planned 10, observed 6; imports 0.1 a unit, limit 2 planned, 1
 * // observed.
 * // x(plan) = 20, x(exports only) = 12, x(imports only) = 10, x(both) = 10; observed 11. Shapley parts: exports
 * // (8 + 0)/2 = 4, imports (10 + 2)/2 = 6; modelled 10 of a shortfall of 9, so −1 is unexplained (the model's miss)
 * const e = explainShortfalls({
 *   sectors: ["S"], A: denseMatrix([[0.5]]), valueAddedPerUnit: [0.4], otherFinalDemand: [0],
 *   budgets: [{ id: "imports", label: "imports", perUnit: [0.1], limit: 2 }],
 *   channels: [
 *     { id: "exports", label: "exports", kind: "final-demand", planned: [10], observed: [6], evidence: ["customs"] },
 *     { id: "imports", label: "imports", kind: "budget", budget: "imports", observedLimit: 1,
 *       evidence: ["partner customs"] },
 *   ],
 *   rationing: { rule: "proportional" }, planned: [20], observed: [11],
 * });
 * const [s] = e.sectors;
 * const parts = s.parts.map((p) => `${p.channel} ${p.value.toFixed(2)}`);
 * console.log(parts, s.shortfall, s.unexplained.toFixed(2)); // [ 'exports 4.00', 'imports 6.00' ] 9 -1.00
 * ```
 */
export function explainShortfalls(inp: ExplainInput): Explanation {
  checkExplainInput(inp);
  const n = inp.sectors.length;
  const classes = inp.rationing.rule === "proportional" ? 1 : new Set(Array.from(inp.rationing.priority)).size;
  const solves = classes * (1 + 2 * inp.channels.filter((c) => c.kind === "final-demand").length);
  const model =
    inp.model ?? createSupplyModel(inp.A, inp.fixedOutput, inp.sectors, { method: methodForSolves(inp.A, solves) });
  const run = createWorlds(model, inp);
  const m = inp.channels.length;
  const exact = m <= (inp.exactUpTo ?? 12);
  const shap = exact ? exactShapley(run, m, n) : sampledShapley(run, m, n, inp.permutations ?? 2000, inp.seed ?? 1);
  const xPlan = run.output(0).x;
  const full = run.output(m === 0 ? 0 : 2 ** m - 1);
  const explained: number[] = [];
  for (let i = 0; i < n; i++)
    if (Number.isFinite(inp.planned[i]) && Number.isFinite(inp.observed[i])) explained.push(i);
  const sectors = explained.map((i) => sectorExplanation(inp, shap, i, xPlan, full.x));
  const total = account(inp.channels, sectors, explained, () => 1, shap);
  const valueAdded = account(inp.channels, sectors, explained, (i) => inp.valueAddedPerUnit[i], shap);
  const scale = Math.abs(total.modelled) > 0 ? Math.abs(total.modelled) : Math.max(Math.abs(total.shortfall), 1e-300);
  const interaction = Math.max(0, ...total.parts.map((p) => Math.abs(p.first - p.last) / scale));
  const world = (r: RationedOutput): WorldRationing => ({
    status: r.status,
    factors: r.factors,
    binding: r.binding.flat().map((b) => `${b.kind} ${b.id}`),
  });
  return {
    sectors,
    total,
    valueAdded,
    rationing: { rule: describeRationing(inp.rationing), planned: world(run.output(0)), observed: world(full) },
    method: exact
      ? { kind: "exact", coalitions: 2 ** m }
      : { kind: "sampled", permutations: inp.permutations ?? 2000, seed: inp.seed ?? 1 },
    interaction,
    converged: model.converged,
    worstResidual: model.worstResidual,
  };
}

/**
 * Checks an explanation's input: one entry per sector in every vector, capacity factors in [0, 1], budget channels
 * naming a budget given, at most 30 channels.
 */
function checkExplainInput(inp: ExplainInput): void {
  const n = inp.sectors.length;
  for (const [v, what] of [
    [inp.valueAddedPerUnit, "value added per unit"],
    [inp.otherFinalDemand, "other final demand"],
    [inp.capacity, "capacity"],
    [inp.fixedOutput, "fixed outputs"],
    [inp.planned, "planned output"],
    [inp.observed, "observed output"],
  ] as const)
    lengthCheck(v, n, what);
  const budgets = inp.budgets ?? [];
  for (const c of inp.channels) {
    if (c.kind === "final-demand") {
      lengthCheck(c.planned, n, `channel "${c.id}" (planned)`);
      lengthCheck(c.observed, n, `channel "${c.id}" (observed)`);
    } else if (c.kind === "capacity") {
      lengthCheck(c.factor, n, `channel "${c.id}"`);
      for (let i = 0; i < n; i++)
        if (!(c.factor[i] >= 0 && c.factor[i] <= 1))
          throw new InvalidValueError(
            `channel "${c.id}", sector ${inp.sectors[i]}`,
            c.factor[i],
            "a remaining share of output in [0, 1]",
          );
    } else if (!budgets.some((b) => b.id === c.budget))
      throw new InvalidValueError(
        `channel "${c.id}": budget "${c.budget}"`,
        NaN,
        `one of the budgets given (${budgets.map((b) => b.id).join(", ") || "none"})`,
      );
  }
  if (inp.channels.length > 30)
    throw new InvalidValueError("channels", inp.channels.length, "at most 30 channels (group the others)");
}

/** Sector i's account: its shortfall, each channel's part, what the model misses, the planned and observed worlds. */
function sectorExplanation(
  inp: ExplainInput,
  shap: ShapleyResult,
  i: number,
  xPlan: Float64Array,
  xFull: Float64Array,
): SectorExplanation {
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
    observedWorld: xFull[i],
    evidence: [...(inp.plannedEvidence?.[i] ?? []), ...(inp.observedEvidence?.[i] ?? [])],
  };
}

function part(c: CounterfactualChannel, value: number, first: number, last: number, se: number): ExplainedPart {
  return { channel: c.id, label: c.label, kind: c.kind, value, first, last, standardError: se, evidence: c.evidence };
}

/** Sums sector accounts, each sector weighted (1 for output, value added per unit for GDP terms). */
function account(
  channels: readonly CounterfactualChannel[],
  sectors: SectorExplanation[],
  idx: number[],
  w: (i: number) => number,
  shap: ShapleyResult,
): ShortfallAccount {
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
  return {
    shortfall,
    parts,
    modelled: parts.length ? sumParts : modelled,
    unexplained: shortfall - (parts.length ? sumParts : modelled),
    planVsModel,
  };
}
