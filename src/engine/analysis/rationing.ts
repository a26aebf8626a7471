/**
 * Rationing in the supply-constrained model: which limits bind and how final deliveries are scaled back to fit them
 * (one fixed set of sectors, or the mixed model choosing it).
 */
import type { BindingLimit, RationedOutput, ResourceBudget, SupplyLimits, SupplyModel } from "./supplyConstrained.ts";
import { DimensionError, InvalidValueError } from "../errors.ts";
import { matVec } from "../linalg/matrix.ts";
export type { RationingRule } from "./rationingRule.ts";

/** A linear limit g·x ≤ c, evaluated on vectors through `value`. */
export interface Limit {
  binding: BindingLimit;
  c: number;
  value(v: Float64Array, Av: Float64Array): number;
}

export function limitsOf(
  model: SupplyModel,
  base: Float64Array,
  limits: { budgets?: readonly ResourceBudget[] },
  labels?: readonly string[],
): Limit[] {
  const { n, fixed } = model;
  const out: Limit[] = [];
  const name = (i: number) => labels?.[i] ?? String(i);
  for (const b of limits.budgets ?? []) {
    if (b.perUnit.length !== n)
      throw new DimensionError(`budget "${b.id}" has ${b.perUnit.length} per-unit entries; the model has ${n} sectors`);
    if (Number.isNaN(b.limit))
      throw new InvalidValueError(`limit of budget "${b.id}"`, b.limit, "a number (Infinity: no limit)");
    if (b.limit === Infinity) continue;
    out.push({
      binding: { kind: "budget", id: b.id },
      c: b.limit,
      value: (v) => {
        let s = 0;
        for (let j = 0; j < n; j++) s += b.perUnit[j] * v[j];
        return s;
      },
    });
  }
  // a fixed sector cannot deliver less than nothing: intermediate use (A·x)_i ≤ its given output
  for (let i = 0; i < n; i++)
    if (fixed[i]) out.push({ binding: { kind: "fixed-output", id: name(i) }, c: base[i], value: (_v, Av) => Av[i] });
  return out;
}

/**
 * Output of a {@link SupplyModel} when final deliveries come in classes `demand[k]` (desired final deliveries per
 * sector; class 0 served first), from their responses (`responses[k] = model.respond(demand[k])`), within the
 * budgets: x = base + Σ_k θ_k·responses[k], with the factors θ_k ∈ [0, 1] chosen lexicographically (θ_0 as large
 * as the limits allow with later classes at zero, then θ_1, …). A fixed sector cannot deliver less than nothing,
 * which is a limit too. Every limit is linear in θ, so each factor is an exact minimum ratio; no iteration. With one
 * class this is proportional rationing. Capacities are {@link rationMixed}'s. Pure; O(classes · n · limits).
 *
 * @throws DimensionError when a vector does not have one entry per sector.
 * @example
 * ```ts
 * // one budget: 0.3 and 0.25 worker-years a unit of output, 800 available; [600, 1500] needs 834.65, so every
 * // final delivery is cut by the factor 800 / 834.65
 * const model = createSupplyModel(denseMatrix([[0.15, 0.25], [0.2, 0.05]]));
 * const d = Float64Array.of(600, 1500);
 * const budgets = [{ id: "labour", label: "labour", perUnit: [0.3, 0.25], limit: 800 }];
 * const r = rationResponses(model, [model.respond(d)], [d], { budgets }, "proportional");
 * const factors = r.factors.map((f) => f.toFixed(4));
 * console.log(r.status, factors, r.binding[0]); // rationed [ '0.9585' ] [ { kind: 'budget', id: 'labour' } ]
 * ```
 */
export function rationResponses(
  model: SupplyModel,
  responses: readonly Float64Array[],
  demand: readonly ArrayLike<number>[],
  limits: { budgets?: readonly ResourceBudget[] },
  rule: string,
  labels?: readonly string[],
  baseOverride?: Float64Array,
): RationedOutput {
  const { n, A, fixed } = model;
  const base = baseOverride ?? model.base;
  const lim = limitsOf(model, base, limits, labels);
  // A·v is needed only for the fixed sectors' residual deliveries
  const anyFixed = fixed.some((f) => f === 1);
  const none = new Float64Array(0);
  const times = (v: Float64Array) => (anyFixed ? matVec(A, v) : none);
  const Abase = times(base);
  const now = lim.map((l) => l.value(base, Abase));
  const factors: number[] = [];
  const binding: BindingLimit[][] = [];
  let status: RationedOutput["status"] = "unconstrained";
  const slack = (k: number) => 1e-12 * Math.max(1, Math.abs(lim[k].c), Math.abs(now[k]));
  const broken = lim.filter((l, k) => now[k] > l.c + slack(k)).map((l) => l.binding);
  if (broken.length) {
    status = "infeasible";
    binding.push(broken);
  }
  for (const r of responses) {
    if (status === "infeasible") {
      factors.push(0);
      if (binding.length < responses.length) binding.push([]);
      continue;
    }
    const Ar = times(r);
    const g = lim.map((l) => l.value(r, Ar));
    let theta = 1;
    let at: number[] = [];
    for (let k = 0; k < lim.length; k++) {
      if (!(g[k] > 0)) continue;
      const room = Math.max(0, lim[k].c - now[k]);
      const t = room / g[k];
      if (t < theta - 1e-15) {
        theta = t;
        at = [k];
      } else if (t <= theta + 1e-15 && t < 1) at.push(k);
    }
    // a limit met with equality at θ = 1 (a planned world at its own budget) is not rationing: rounding aside
    if (theta > 1 - 1e-12) theta = 1;
    theta = Math.max(0, Math.min(1, theta));
    factors.push(theta);
    binding.push(theta < 1 ? at.map((k) => lim[k].binding) : []);
    if (theta < 1) status = "rationed";
    for (let k = 0; k < lim.length; k++) now[k] += theta * g[k];
  }
  const x = Float64Array.from(base);
  responses.forEach((r, k) => {
    for (let i = 0; i < n; i++) x[i] += factors[k] * r[i];
  });
  const delivered = new Float64Array(n);
  const Ax = times(x);
  for (let i = 0; i < n; i++) {
    if (fixed[i]) delivered[i] = x[i] - Ax[i];
    else for (let k = 0; k < demand.length; k++) delivered[i] += factors[k] * demand[k][i];
  }
  return { x, delivered, factors, binding, status, rule };
}

/**
 * A supply model for a set of fixed sectors, with the responses of the demand classes under it (callers cache these).
 */
export type SystemFor = (fixed: Uint8Array) => { model: SupplyModel; responses: Float64Array[] };

/**
 * Rationing with capacities the way the mixed model treats a supply-constrained sector (Miller & Blair 2009, §13.1):
 * a sector whose output would pass its capacity is fixed at it (made exogenous), so its own final deliveries absorb
 * the cut (what is left of its output after intermediate use); the other sectors are solved as before. Budgets
 * ration final deliveries by the rule (`rationResponses`), and a capped sector that cannot even cover the
 * intermediate use of the others rations them through its residual deliveries. Sectors are fixed one round at a time
 * until none passes its capacity (at most n rounds). `givenFixed`: outputs fixed from observations (NaN: none).
 * @example
 * ```ts
 * // what solveSupplyConstrained does, by hand: systems per set of fixed sectors, capacities by the mixed model
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const demand = [Float64Array.of(600, 1500)];
 * const systemFor = (fixed: Uint8Array) => {
 *   const model = createSupplyModel(A, Array.from(fixed, (f) => (f ? 0 : NaN)));
 *   return { model, responses: demand.map((d) => model.respond(d)) };
 * };
 * const r = rationMixed(systemFor, [NaN, NaN], demand, { capacity: [Infinity, 1500] }, "proportional");
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // rationed [ '1147.06', '1500.00' ]
 * ```
 */
export function rationMixed(
  systemFor: SystemFor,
  givenFixed: ArrayLike<number>,
  demand: readonly ArrayLike<number>[],
  limits: SupplyLimits,
  rule: string,
  labels?: readonly string[],
): RationedOutput {
  const n = givenFixed.length;
  if (limits.capacity) {
    if (limits.capacity.length !== n)
      throw new DimensionError(`capacities have ${limits.capacity.length} entries; the model has ${n} sectors`);
    for (let i = 0; i < n; i++) {
      const c = limits.capacity[i];
      if (Number.isNaN(c) || c < 0)
        throw new InvalidValueError(`capacity of ${labels?.[i] ?? String(i)}`, c, "a capacity ≥ 0 (Infinity: none)");
    }
  }
  const values = Float64Array.from(givenFixed);
  const capped: number[] = [];
  for (let round = 0; round <= n; round++) {
    const mask = Uint8Array.from(values, (v) => (Number.isNaN(v) ? 0 : 1));
    const { model, responses } = systemFor(mask);
    const r = rationResponses(
      model,
      responses,
      demand,
      { budgets: limits.budgets },
      rule,
      labels,
      model.baseFor(Float64Array.from(values, (v) => (Number.isNaN(v) ? 0 : v))),
    );
    const over: number[] = [];
    if (limits.capacity)
      for (let i = 0; i < n; i++) if (!mask[i] && r.x[i] > limits.capacity[i] * (1 + 1e-12) + 1e-300) over.push(i);
    if (!over.length) {
      if (capped.length) {
        const caps = capped.map((i) => ({ kind: "capacity" as const, id: labels?.[i] ?? String(i) }));
        r.binding = r.binding.length ? r.binding.map((b, k) => (k === 0 ? [...caps, ...b] : b)) : [caps];
        if (r.status === "unconstrained") r.status = "rationed";
      }
      return r;
    }
    for (const i of over) {
      values[i] = limits.capacity![i];
      capped.push(i);
    }
  }
  throw new Error("rationMixed: capacities did not settle in n rounds"); // each round fixes at least one sector
}
