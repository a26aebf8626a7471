/**
 * The worlds of a counterfactual explanation: the supply-constrained model's output with each channel at its planned
 * or observed value (a bit mask: 1 = observed), sharing factorisations and responses between the runs
 * ({@link explainShortfalls} uses them; Shapley values are taken over them in shapley.ts).
 */
import { InvalidValueError } from "../errors.ts";
import type { Matrix } from "../linalg/matrix.ts";
import { forEachEntry } from "../linalg/matrix.ts";
import { csrFromTriplets } from "../linalg/sparse.ts";
import type { ResourceBudget, SupplyModel, SystemFor } from "../analysis/supplyConstrained.ts";
import {
  createSupplyModel,
  describeRationing,
  methodForSolves,
  rationMixed,
  rationingClasses,
} from "../analysis/supplyConstrained.ts";
import type { RationedOutput } from "../analysis/supplyConstrained.ts";

import type { ExplainInput } from "./counterfactual.ts";
import { fastOutput } from "./fastWorlds.ts";
import type { FinalDemandPieces, Technology } from "./worldTechnology.ts";
import { responsesOf, technologyOf } from "./worldTechnology.ts";

/** Output of the model in the world where the channels in `mask` are observed and the rest planned. */
export interface Worlds {
  /** With the rationing report (used for the planned and the observed world). */
  output(mask: number): RationedOutput;
  /** Output alone, for the Shapley runs. */
  x(mask: number): Float64Array;
}

/** Supply models with sectors held at capacity, per coefficient matrix and set of held sectors (see createWorlds). */
const heldModels = new WeakMap<Matrix, Map<string, SupplyModel>>();

/**
 * The worlds of an explanation: the planned world first (what capacity losses are a share of), then any mix of
 * observed channels; the Shapley runs go through {@link fastOutput} unless outputs are fixed.
 */
export function createWorlds(model: SupplyModel, inp: ExplainInput): Worlds {
  const n = model.n;
  const classesOf = (d: ArrayLike<number>) => rationingClasses(d, inp.rationing);
  const other = classesOf(inp.otherFinalDemand);
  const K = other.length;
  const fdDemand: (FinalDemandPieces | null)[] = inp.channels.map((c) =>
    c.kind === "final-demand"
      ? { p: classesOf(c.planned), o: classesOf(c.observed), ratio: commonRatio(c.planned, c.observed) }
      : null,
  );
  const technology = (mdl: SupplyModel, budgets: ResourceBudget[]) => technologyOf(mdl, budgets, other, fdDemand);
  const solves = K * (1 + 2 * fdDemand.filter(Boolean).length);
  const budgets = (inp.budgets ?? []).map((b) => ({ ...b }));
  const techs = [technology(model, budgets)];
  // with import substitution, the runs where the import budget is observed use the substituted technology
  const substitutedTech = substitutedTechnology(inp, budgets, technology, solves);
  if (substitutedTech) techs.push(substitutedTech.tech);
  const substituted = substitutedTech?.channel ?? -1;
  const techOf = (mask: number) => (substituted >= 0 && (mask >> substituted) & 1 ? techs[1] : techs[0]);
  const capacityPlanned = inp.capacity ? Float64Array.from(inp.capacity) : new Float64Array(n).fill(Infinity);
  const givenFixed = inp.fixedOutput ? Float64Array.from(inp.fixedOutput) : new Float64Array(n).fill(NaN);
  const techFixed = heldTechnologies(inp, techs, givenFixed, technology, solves);
  const setup = { inp, n, K, other, fdDemand, techOf, capacityPlanned, givenFixed, techFixed };
  const { output, reference } = worldOutputs(setup);
  if (inp.fixedOutput && Array.from(inp.fixedOutput).some((v) => !Number.isNaN(v)))
    return { output, x: (mask) => (mask === 0 ? reference : output(mask).x) };
  const fast = techs.map((t) => fastOutput(inp, n, K, t, capacityPlanned, reference, techFixed));
  return { output, x: (mask) => fast[techOf(mask) === techs[0] ? 0 : 1](mask) };
}

/**
 * With import substitution whose budget is a channel observed below its plan: the technology where the share of the
 * shortfall that substitution can replace is made at home (A + κ·r·Aᴹ, imports per unit (1 − r)·m), and the
 * channel that switches to it; undefined when nothing is substituted.
 * @throws InvalidValueError when the substitution names a budget that is not given.
 */
function substitutedTechnology(
  inp: ExplainInput,
  budgets: ResourceBudget[],
  technology: (mdl: SupplyModel, budgets: ResourceBudget[]) => Technology,
  solves: number,
): { tech: Technology; channel: number } | undefined {
  const sub = inp.importSubstitution;
  if (!sub) return undefined;
  const k = inp.channels.findIndex((c) => c.kind === "budget" && c.budget === sub.budget);
  const b = budgets.find((q) => q.id === sub.budget);
  if (!b)
    throw new InvalidValueError(
      `import substitution: budget "${sub.budget}"`,
      NaN,
      `one of the budgets given (${budgets.map((q) => q.id).join(", ") || "none"})`,
    );
  const c = inp.channels[k];
  if (!(k >= 0 && c.kind === "budget" && b.limit > 0)) return undefined;
  const r = Math.min(sub.share, Math.max(0, 1 - c.observedLimit / b.limit));
  if (!(r > 0)) return undefined;
  const A = addScaled(inp.A, sub.imports, sub.cost * r);
  const mdl = createSupplyModel(A, inp.fixedOutput, inp.sectors, { method: methodForSolves(A, solves) });
  const substitutedBudgets = budgets.map((q) =>
    q.id === sub.budget ? { ...q, perUnit: Float64Array.from(q.perUnit, (v) => v * (1 - r)) } : q,
  );
  return { tech: technology(mdl, substitutedBudgets), channel: k };
}

/**
 * Technologies with more sectors fixed (held at capacity by the mixed rule), built once per set of fixed sectors; the
 * factorisation of a held set is kept with A, for the next year explained on the same coefficients.
 */
function heldTechnologies(
  inp: ExplainInput,
  techs: Technology[],
  givenFixed: Float64Array,
  technology: (mdl: SupplyModel, budgets: ResourceBudget[]) => Technology,
  solves: number,
): (t: Technology, fixedMask: Uint8Array) => Technology {
  const givenKey = Array.from(givenFixed, (v) => (Number.isNaN(v) ? 0 : 1)).join("");
  const fixedTechs = new Map<string, Technology>();
  return (t, fixedMask) => {
    const key = fixedMask.join("");
    if (key === givenKey) return t;
    const id = `${techs.indexOf(t)}:${key}`;
    let tf = fixedTechs.get(id);
    if (!tf) {
      const A = t.model.A;
      const held = heldModels.get(A) ?? new Map<string, SupplyModel>();
      heldModels.set(A, held);
      let mdl = held.get(key);
      if (!mdl)
        held.set(
          key,
          (mdl = createSupplyModel(
            A,
            Array.from(fixedMask, (f) => (f ? 0 : NaN)),
            inp.sectors,
            { method: methodForSolves(A, solves) },
          )),
        );
      fixedTechs.set(id, (tf = technology(mdl, t.budgets)));
    }
    return tf;
  };
}

/** What every world's run shares: the input, the demand pieces, the technologies and the planned capacities. */
interface WorldSetup {
  inp: ExplainInput;
  n: number;
  K: number;
  other: Float64Array[];
  fdDemand: (FinalDemandPieces | null)[];
  techOf: (mask: number) => Technology;
  capacityPlanned: Float64Array;
  givenFixed: Float64Array;
  techFixed: (t: Technology, fixedMask: Uint8Array) => Technology;
}

/**
 * Each world's output with its rationing report (the first few cached), through the mixed model; and the planned
 * world's output (mask 0), the reference of capacity losses.
 */
function worldOutputs(w: WorldSetup): { output: (mask: number) => RationedOutput; reference: Float64Array } {
  const { inp } = w;
  const anyCapacity = inp.channels.some((c) => c.kind === "capacity");
  const planned: { x?: Float64Array } = {}; // the planned world's output: what capacity losses are a share of
  const cache = new Map<number, RationedOutput>();
  const output = (mask: number): RationedOutput => {
    const hit = cache.get(mask);
    if (hit) return hit;
    const t = w.techOf(mask);
    const { demand, limits } = demandAndLimits(w, t, mask);
    const capacity = anyCapacity && mask !== 0 ? capacityOf(w, mask, planned.x!) : w.capacityPlanned;
    const systemFor: SystemFor = (fixedMask) => {
      const tf = w.techFixed(t, fixedMask);
      return { model: tf.model, responses: responsesOf(inp, tf, mask) };
    };
    const r = rationMixed(
      systemFor,
      w.givenFixed,
      demand,
      { capacity, budgets: limits },
      describeRationing(inp.rationing),
      inp.sectors,
    );
    if (cache.size < 4) cache.set(mask, r);
    return r;
  };
  planned.x = output(0).x;
  return { output, reference: planned.x };
}

/** A world's final demand per rationing class and its budgets' limits (observed where the mask says so). */
function demandAndLimits({ inp, n, K, other, fdDemand }: WorldSetup, t: Technology, mask: number) {
  const demand = other.map((d) => Float64Array.from(d));
  const limits = t.budgets.map((b) => ({ ...b }));
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
  return { demand, limits };
}

/**
 * A world's capacities: several losses in one sector compound, so the capacity is the planned world's output times
 * the product of the observed factors (never above the planned capacity).
 */
function capacityOf({ inp, n, capacityPlanned }: WorldSetup, mask: number, plannedX: Float64Array): Float64Array {
  const prod = new Float64Array(n).fill(1);
  inp.channels.forEach((c, k) => {
    if (c.kind === "capacity" && (mask >> k) & 1) for (let i = 0; i < n; i++) prod[i] *= c.factor[i];
  });
  const capacity = Float64Array.from(capacityPlanned);
  for (let i = 0; i < n; i++) if (prod[i] < 1) capacity[i] = Math.min(capacity[i], plannedX[i] * prod[i]);
  return capacity;
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
  return A.kind === "dense"
    ? denseFromTriplets(n, rows, cols, vals)
    : csrFromTriplets(n, n, { rows, cols, values: vals }, { allowNegative: true });
}

/** An n × n dense matrix from triplets, duplicates summed. */
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
  for (let i = 0; i < planned.length; i++)
    if (Math.abs(observed[i] - r * planned[i]) > 4 * Number.EPSILON * Math.abs(observed[i])) return null;
  return r;
}
