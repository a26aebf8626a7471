/** One precision for a set of numbers shown together (a table's column, a chart's value labels). */
import { formatNumber } from "../engine/index.ts";

/**
 * One formatter for a column of numbers: formatNumber with the decimals that give its largest value four
 * significant digits (none from 1,000 up, at most 4), so that the column's figures line up.
 * @example
 * ```ts
 * [12.94, 7.007, 0.4064].map(columnFormat([12.94, 7.007, 0.4064])); // ["12.94", "7.01", "0.41"]
 * ```
 */
export function columnFormat(values: readonly number[]): (v: number) => string {
  const top = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const digits = top === 0 ? 2 : Math.min(4, Math.max(0, 3 - Math.floor(Math.log10(top))));
  return (v: number) => (Number.isFinite(v) ? formatNumber(v, { digits }) : formatNumber(v));
}
