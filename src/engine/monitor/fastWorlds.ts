/**
 * The counterfactual runs' outputs without fixed sectors, fast (the Shapley runs of counterfactualWorlds.ts): budget
 * use as one number per response, capacities checked only where one can bind, sectors past capacity held round by
 * round.
 */
import { forEachEntry } from "../linalg/matrix.ts";
import type { ExplainInput } from "./counterfactual.ts";
import type { Technology } from "./worldTechnology.ts";
import { responsesOf } from "./worldTechnology.ts";

/** What the fast runs of one technology share: what is computed once, and the buffers each run overwrites. */
interface FastRuns {
  inp: ExplainInput;
  n: number;
  K: number;
  tech: Technology;
  capacityPlanned: Float64Array;
  /** The planned world's output (what capacity losses are a share of). */
  reference: Float64Array;
  fixedTech: (t: Technology, fixed: Uint8Array) => Technology;
  /** Each budget's use by the other final demand's response, per class. */
  otherU: number[][];
  /** Each budget's use by each final-demand channel's responses, planned and observed, per class. */
  fdU: ({ p: number[][]; o: number[][] } | null)[];
  /** The sectors whose capacity is finite in some run. */
  watched: number[];
  /** Per channel: the budget it switches (−1: none). */
  budgetIndex: number[];
  /** This run: the responses per class, their budget use, capacities of the watched sectors, budget limits. */
  resp: Float64Array[];
  u: Float64Array[];
  cap: Float64Array;
  limit: Float64Array;
}

/**
 * The runs' outputs without fixed sectors, fast: each response's use of every budget is a number computed once
 * (the limits are linear), capacities are checked only where one is finite in some run, and the factors follow
 * the same lexicographic minimum ratios as {@link rationResponses} (which the planned and observed worlds still
 * go through, for their rationing report).
 */
export function fastOutput(
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
  const watched: number[] = [];
  for (let i = 0; i < n; i++)
    if (capacityPlanned[i] !== Infinity || inp.channels.some((c) => c.kind === "capacity" && c.factor[i] < 1))
      watched.push(i);
  const runs: FastRuns = {
    inp,
    n,
    K,
    tech,
    capacityPlanned,
    reference,
    fixedTech,
    otherU: otherR.map(use),
    fdU: fd.map((e) => e && { p: e.pr.map(use), o: e.or.map(use) }),
    watched,
    budgetIndex: inp.channels.map((c) => (c.kind === "budget" ? budgets.findIndex((b) => b.id === c.budget) : -1)),
    resp: Array.from({ length: K }, () => new Float64Array(n)),
    u: Array.from({ length: K }, () => new Float64Array(budgets.length)),
    cap: new Float64Array(watched.length),
    limit: new Float64Array(budgets.length),
  };
  return (mask) => {
    setWorld(runs, mask);
    return holdAtCapacity(runs, mask, rationed(runs));
  };
}

/** Fills the run's buffers for the world of `mask`: responses and their budget use, limits, capacities. */
function setWorld(runs: FastRuns, mask: number): void {
  const { inp, n, K, tech, resp, u, cap, limit, watched } = runs;
  for (let q = 0; q < K; q++) {
    resp[q].set(tech.otherR[q]);
    u[q].set(runs.otherU[q]);
  }
  tech.budgets.forEach((b, k) => (limit[k] = b.limit));
  watched.forEach((i, w) => (cap[w] = runs.capacityPlanned[i]));
  const prod = watched.map(() => 1);
  inp.channels.forEach((c, k) => {
    const on = (mask >> k) & 1;
    if (c.kind === "final-demand") {
      const e = tech.fd[k]!;
      const eu = runs.fdU[k]!;
      for (let q = 0; q < K; q++) {
        const r = on ? e.or[q] : e.pr[q];
        const rq = resp[q];
        for (let i = 0; i < n; i++) rq[i] += r[i];
        const du = on ? eu.o[q] : eu.p[q];
        for (let b = 0; b < du.length; b++) u[q][b] += du[b];
      }
    } else if (on && c.kind === "budget") limit[runs.budgetIndex[k]] = c.observedLimit;
    else if (on && c.kind === "capacity") watched.forEach((i, w) => (prod[w] *= c.factor[i]));
  });
  watched.forEach((i, w) => {
    if (prod[w] < 1) cap[w] = Math.min(cap[w], runs.reference[i] * prod[w]);
  });
}

/** The run's output with the budgets rationed class by class (each class's factor as large as the budgets allow). */
function rationed({ n, K, tech, resp, u, limit }: FastRuns): Float64Array {
  const budgets = tech.budgets;
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
  return x;
}

/** A sector past its capacity is held there (the mixed model), round by round, until none is. */
function holdAtCapacity(runs: FastRuns, mask: number, x: Float64Array): Float64Array {
  const { watched, cap } = runs;
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
    out = heldRun(runs, mask, held, runs.limit);
  }
  return out;
}

/**
 * Output with the sectors in `held` fixed at the given outputs: the supply model of the rest, the budgets by the
 * rule.
 */
function heldRun(
  { inp, n, K, tech, fixedTech }: FastRuns,
  mask: number,
  held: Map<number, number>,
  limit: Float64Array,
): Float64Array {
  const budgets = tech.budgets;
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
