import type { LpBuilder } from "./linearProgram.ts";

/**
 * How the elastic program prices a relaxation: convex in its size, so that the smallest weighted relaxation shares a
 * cut among targets, limits and floors instead of putting all of it on the one that is cheapest per unit. A relaxation
 * of a value v by s costs weight × Σ_k factor_k × (the part of s/v within piece k): ×1 up to 10 % of v, ×2 from 10
 * to 25 %, ×4 from 25 to 50 %, ×8 beyond. Each piece is a column with its own bound, so the program stays linear.
 * @example
 * ```ts
 * // cutting one target by 30 % costs 0.1·1 + 0.15·2 + 0.05·4 = 0.6; cutting two by 15 % each costs 2·(0.1 +
 * // 0.05·2) = 0.4
 * console.log(relaxationPenalty(0.3).toFixed(2), (2 * relaxationPenalty(0.15)).toFixed(2)); // 0.60 0.40
 * ```
 */
export const RELAXATION_PIECES: readonly (readonly [upTo: number, factor: number])[] = [
  [0.1, 1],
  [0.25, 2],
  [0.5, 4],
  [Infinity, 8],
];

/** The rule of {@link RELAXATION_PIECES} in words, to print beside every relaxation.
 * @example
 * ```ts
 * console.log(RELAXATION_RULE.split(" (")[0]); // each relaxation is priced by its weight and convex in its size
 * ```
 */
export const RELAXATION_RULE =
  "each relaxation is priced by its weight and convex in its size " +
  "(×1 up to 10 % of the value, ×2 to 25 %, ×4 to 50 %, ×8 beyond), " +
  "so cuts are shared unless weights say otherwise";

/**
 * The penalty, per unit of weight, of relaxing a value by the share `share` of it ({@link RELAXATION_PIECES}).
 * @example
 * ```ts
 * console.log(relaxationPenalty(0.05), relaxationPenalty(0.3).toFixed(2)); // 0.05 0.60
 * ```
 */
export function relaxationPenalty(share: number): number {
  let p = 0;
  let from = 0;
  for (const [upTo, factor] of RELAXATION_PIECES) {
    if (share <= from) break;
    p += factor * (Math.min(share, upTo) - from);
    from = upTo;
  }
  return p;
}

/**
 * Adds the piece columns of one relaxation slack (entries `entries`, a value of size `v`, at most `cap` in all) and
 * returns the first; the pieces are consecutive columns (see {@link slackValue}).
 */
export function addSlack(
  b: LpBuilder,
  name: () => string,
  weight: number,
  v: number,
  cap: number,
  entries: readonly (readonly [number, number])[],
): number {
  const size = Math.max(Math.abs(v), 1e-9);
  let first = -1;
  let from = 0;
  RELAXATION_PIECES.forEach(([upTo, factor], k) => {
    const width = Math.min(upTo * size, cap) - from * size;
    const col = b.addCol(() => `${name()}#${k + 1}`, (factor * weight) / size, 0, Math.max(0, width), entries);
    if (k === 0) first = col;
    from = Math.min(upTo, cap / size);
  });
  return first;
}

/** The size of a relaxation from its piece columns' values (`first` from the index; −1: none).
 * @example
 * ```ts
 * // a cut of 30 % of a target of 1000 sits in the first three pieces: 100 + 150 + 50
 * console.log(slackValue(Float64Array.of(100, 150, 50, 0), 0)); // 300
 * ```
 */
export function slackValue(x: Float64Array, first: number): number {
  if (first < 0) return 0;
  let s = 0;
  for (let k = 0; k < RELAXATION_PIECES.length; k++) s += x[first + k];
  return s;
}
