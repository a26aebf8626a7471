/**
 * Compensated summation (Neumaier's improvement of Kahan–Babuška).
 *
 * Totals over many rows must not depend on row order; a naive loop loses digits when large and small
 * numbers alternate. Source: A. Neumaier (1974), "Rundungsfehleranalyse einiger Verfahren zur Summation
 * endlicher Summen", ZAMM 54: 39–51; the same algorithm as d3-array's `fsum` family, in spirit.
 * @example
 * ```ts
 * console.log(compensatedSum([1e100, 1, -1e100]), [1e100, 1, -1e100].reduce((a, b) => a + b)); // 1 0
 * ```
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return sum + c;
}

/** A running compensated sum, for totals accumulated one value at a time.
 * @example
 * ```ts
 * // 1e16 + 1 rounds back to 1e16 in a plain sum; the accumulator keeps the lost units
 * const acc = new CompensatedAccumulator();
 * for (const v of [1e16, 1, 1, -1e16]) acc.add(v);
 * console.log(acc.valueOf(), 1e16 + 1 + 1 - 1e16); // 2 0
 * ```
 */
export class CompensatedAccumulator {
  private sum = 0;
  private c = 0;
  /** Adds `v` to the running total. */
  add(v: number): this {
    const t = this.sum + v;
    if (Math.abs(this.sum) >= Math.abs(v)) this.c += this.sum - t + v;
    else this.c += v - t + this.sum;
    this.sum = t;
    return this;
  }
  /** The total so far. */
  valueOf(): number {
    return this.sum + this.c;
  }
}

/** Compensated dot product of two equal-length vectors (Neumaier on the products).
 * @example
 * ```ts
 * console.log(compensatedDot([1e100, 1, 1e100], [1, 1, -1])); // 1
 * ```
 */
export function compensatedDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] * b[i];
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) c += sum - t + v;
    else c += v - t + sum;
    sum = t;
  }
  return sum + c;
}
