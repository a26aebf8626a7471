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

/** Output of the model in the world where the channels in `mask` are observed and the rest planned. */
export interface Worlds {
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

export function createWorlds(model: SupplyModel, inp: ExplainInput): Worlds {
  const n = model.n;
  const classesOf = (d: ArrayLike<number>) => rationingClasses(d, inp.rationing);
  const other = classesOf(inp.otherFinalDemand);
  const K = other.length;
  const fdDemand = inp.channels.map((c) =>
    c.kind === "final-demand"
      ? { p: classesOf(c.planned), o: classesOf(c.observed), ratio: commonRatio(c.planned, c.observed) }
      : null,
  );
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
    if (!b)
      throw new InvalidValueError(
        `import substitution: budget "${sub.budget}"`,
        NaN,
        `one of the budgets given (${budgets.map((q) => q.id).join(", ") || "none"})`,
      );
    const c = inp.channels[k];
    if (k >= 0 && c.kind === "budget" && b.limit > 0) {
      const r = Math.min(sub.share, Math.max(0, 1 - c.observedLimit / b.limit));
      if (r > 0) {
        substituted = k;
        const A = addScaled(inp.A, sub.imports, sub.cost * r);
        const mdl = createSupplyModel(A, inp.fixedOutput, inp.sectors, {
          method: methodForSolves(A, K * (1 + 2 * fdDemand.filter(Boolean).length)),
        });
        techs.push(
          technology(
            mdl,
            budgets.map((q) =>
              q.id === sub.budget ? { ...q, perUnit: Float64Array.from(q.perUnit, (v) => v * (1 - r)) } : q,
            ),
          ),
        );
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
      if (!mdl)
        held.set(
          key,
          (mdl = createSupplyModel(
            A,
            Array.from(fixedMask, (f) => (f ? 0 : NaN)),
            inp.sectors,
            { method: methodForSolves(A, K * (1 + 2 * fdDemand.filter(Boolean).length)) },
          )),
        );
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
    const r = rationMixed(
      systemFor,
      givenFixed,
      demand,
      { capacity, budgets: limits },
      describeRationing(inp.rationing),
      inp.sectors,
    );
    if (cache.size < 4) cache.set(mask, r);
    return r;
  };
  planned.x = output(0).x;
  const reference = planned.x;
  if (inp.fixedOutput && Array.from(inp.fixedOutput).some((v) => !Number.isNaN(v)))
    return { output, x: (mask) => (mask === 0 ? reference : output(mask).x) };
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
  return A.kind === "dense"
    ? denseFromTriplets(n, rows, cols, vals)
    : csrFromTriplets(n, n, { rows, cols, values: vals }, { allowNegative: true });
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
  for (let i = 0; i < planned.length; i++)
    if (Math.abs(observed[i] - r * planned[i]) > 4 * Number.EPSILON * Math.abs(observed[i])) return null;
  return r;
}

/**
 * The runs' outputs without fixed sectors, fast: each response's use of every budget is a number computed once
 * (the limits are linear), capacities are checked only where one is finite in some run, and the factors follow
 * the same lexicographic minimum ratios as {@link rationResponses} (which the planned and observed worlds still
 * go through, for their rationing report).
 */
function fastOutput(
  inp: ExplainInput,
  n: number,
  K: number,
  tech: Technology,
  capacityPlanned: Float64Array,
  reference: Float64Array,
  fixedTech: (t: Technology, fixed: Uint8Array) => Technology,
): (mask: number) => Float64Array {
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
  for (let i = 0; i < n; i++)
    if (capacityPlanned[i] !== Infinity || inp.channels.some((c) => c.kind === "capacity" && c.factor[i] < 1))
      watched.push(i);
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
      for (let b = 0; b < budgets.length; b++)
        if (u[q][b] > 0 && limit[b] !== Infinity) theta = Math.min(theta, Math.max(0, limit[b] - usedB[b]) / u[q][b]);
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

  /**
   * Output with the sectors in `held` fixed at the given outputs: the supply model of the rest, the budgets by the
   * rule.
   */
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

/**
 * Per technology with held sectors: each held sector's unit response (what one unit of its output calls forth) and its
 * row of A.
 */
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
