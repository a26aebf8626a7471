import { DimensionError } from "../errors.ts";

/**
 * How final deliveries are cut when a budget binds (capacities are held the mixed-model way, {@link rationMixed}):
 * - `proportional`: every endogenous sector's final deliveries are scaled by one common factor θ, the largest
 *   in [0, 1] that respects every budget;
 * - `priority`: sectors are served in classes (1 first): class 1's deliveries get the largest factor the limits
 *   allow with every later class at zero, then class 2 with class 1 fixed, and so on.
 */
export type RationingRule =
  | { rule: "proportional" }
  | {
      rule: "priority";
      priority: ArrayLike<number>;
      /** The classes in words, first served first (e.g. "AGR; EGW, MIN, MET; the rest"). */ order?: string;
    };

/** Words for a rationing rule, printed beside every result that used it.
 * @example
 * ```ts
 * const words = describeRationing({ rule: "priority", priority: [1, 2], order: "food, then the rest" });
 * const [served, order] = words.split(";")[0].split(" (");
 * console.log(served); // priority rationing: when a budget binds, final deliveries are served by priority class
 * console.log(order); // in this order: food, then the rest), each class as fully as the budget allows before the next
 * ```
 */
export function describeRationing(r: RationingRule): string {
  const capacity = "a sector at its capacity is held there and its own final deliveries take the cut (the mixed model)";
  if (r.rule === "proportional")
    return (
      "proportional rationing: when a budget binds, every sector's final deliveries are cut by one common factor, " +
      `the largest the budget allows; ${capacity}`
    );
  const order = r.order ? `in this order: ${r.order}` : "rank 1 first";
  return (
    `priority rationing: when a budget binds, final deliveries are served by priority class (${order}), ` +
    `each class as fully as the budget allows before the next; ${capacity}`
  );
}

/**
 * Splits final deliveries into the classes a rationing rule serves in order: one class under `proportional`;
 * under `priority`, one class per distinct priority value, smallest (most urgent) first.
 * @example
 * ```ts
 * // priority 1 (food) is served before priority 2 (the rest)
 * const classes = rationingClasses([600, 1500, 300], { rule: "priority", priority: [1, 2, 2] });
 * console.log(classes.map((c) => Array.from(c))); // [ [ 600, 0, 0 ], [ 0, 1500, 300 ] ]
 * ```
 */
export function rationingClasses(d: ArrayLike<number>, r: RationingRule): Float64Array[] {
  if (r.rule === "proportional") return [Float64Array.from(d)];
  if (r.priority.length !== d.length)
    throw new DimensionError(`priorities have ${r.priority.length} entries; the model has ${d.length} sectors`);
  const ranks = [...new Set(Array.from(r.priority))].sort((a, b) => a - b);
  return ranks.map((p) => Float64Array.from(d, (v, i) => (r.priority[i] === p ? v : 0)));
}
