/**
 * The report's HTML tables: cells given as HTML, headers as text; numeric columns right-aligned with tabular
 * figures. A column of numbers is written with one number of decimals ({@link columnFormat}), so that it lines up.
 */
import { formatNumber } from "../engine/index.ts";

/** Text made safe for HTML. */
export const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const headRow = (head: readonly string[]) => `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>`;
const bodyRow = (r: readonly string[], numeric: readonly boolean[]) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ""}>${c}</td>`).join("")}</tr>`;

/** A table: `head` (text), `rows` (HTML cells), `numeric[i]` when column i holds numbers. */
export function table(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[] = []): string {
  return `<table>${headRow(head)}<tbody>${rows.map((r) => bodyRow(r, numeric)).join("")}</tbody></table>`;
}

/**
 * A table in groups: each group's title (text) once, on a row of its own across the table, then its rows; a group
 * is kept on one page where it fits.
 */
export function groupedTable(head: readonly string[], groups: readonly { title: string; rows: readonly (readonly string[])[] }[], numeric: readonly boolean[] = []): string {
  return `<table>${headRow(head)}${groups.map((g) => `<tbody class="group"><tr><th colspan="${head.length}" scope="rowgroup">${esc(g.title)}</th></tr>${g.rows.map((r) => bodyRow(r, numeric)).join("")}</tbody>`).join("")}</table>`;
}

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
