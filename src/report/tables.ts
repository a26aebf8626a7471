/**
 * The report's HTML tables: cells given as HTML, headers as text; numeric columns right-aligned with tabular
 * figures. A column of numbers is written with one number of decimals (columnFormat), so that it lines up.
 */

/** Text made safe for HTML. */
export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const headRow = (head: readonly string[]) =>
  `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead>`;
const bodyRow = (r: readonly string[], numeric: readonly boolean[]) =>
  `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ""}>${c}</td>`).join("")}</tr>`;

/** A table: `head` (text), `rows` (HTML cells), `numeric[i]` when column i holds numbers. */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[] = [],
): string {
  return `<table>${headRow(head)}<tbody>${rows.map((r) => bodyRow(r, numeric)).join("")}</tbody></table>`;
}

/**
 * A table in groups: each group's title (text) once, on a row of its own across the table, then its rows; a group
 * is kept on one page where it fits.
 */
export function groupedTable(
  head: readonly string[],
  groups: readonly { title: string; rows: readonly (readonly string[])[] }[],
  numeric: readonly boolean[] = [],
): string {
  const group = (g: (typeof groups)[number]) =>
    `<tbody class="group"><tr><th colspan="${head.length}" scope="rowgroup">${esc(g.title)}</th></tr>` +
    `${g.rows.map((r) => bodyRow(r, numeric)).join("")}</tbody>`;
  return `<table>${headRow(head)}${groups.map(group).join("")}</table>`;
}
