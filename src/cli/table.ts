/** Aligned plain-text tables for the terminal: numbers right-aligned, text left-aligned. */
export function formatTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[], digits = 3): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c, digits) : c)));
  const widths = headers.map((h, j) => Math.max(h.length, ...cells.map((r) => r[j].length)));
  const numeric = headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === "number"));
  const line = (r: readonly string[]) => r.map((c, j) => (numeric[j] ? c.padStart(widths[j]) : c.padEnd(widths[j]))).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "─".repeat(w))), ...cells.map(line)].join("\n");
}

function formatNumber(v: number, digits: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1000) return Math.round(v).toLocaleString("en-US");
  return v.toFixed(digits);
}
