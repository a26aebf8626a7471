import { formatNumber } from "../engine/index.ts";

/** Aligned plain-text tables for the terminal: numbers right-aligned, text left-aligned. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  digits = 3,
): string {
  return [...tableLines(headers, rows, digits)].join("\n");
}

/**
 * The lines of {@link formatTable}, one at a time, for tables too long for one string (a solve of 10⁷ sectors
 * prints 10⁷ rows; JavaScript strings stop at about 5·10⁸ characters).
 */
export function* tableLines(
  headers: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  digits = 3,
): Generator<string> {
  const text = (c: string | number) => (typeof c === "number" ? formatCell(c, digits) : c);
  const widths = headers.map((h) => h.length);
  const numeric = headers.map(() => rows.length > 0);
  for (const r of rows) {
    for (let j = 0; j < headers.length; j++) {
      widths[j] = Math.max(widths[j], text(r[j]).length);
      if (typeof r[j] !== "number") numeric[j] = false;
    }
  }
  const line = (r: readonly string[]) =>
    r
      .map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  yield line(headers);
  yield line(widths.map((w) => "─".repeat(w)));
  for (const r of rows) yield line(r.map(text));
}

/** Whole numbers with separators from 1,000, else `digits` decimals: the shared formatter, aligned in columns. */
function formatCell(v: number, digits: number): string {
  if (!Number.isFinite(v) || Math.abs(v) >= 1000) return formatNumber(v);
  return formatNumber(v, { digits });
}
