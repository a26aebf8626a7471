/**
 * Linear programs as files every solver reads: free-format MPS (HiGHS, Gurobi, CPLEX, GLPK, SCIP, COIN-OR) and the
 * CPLEX LP format, with the program's own row and column names (which say sector, year and role:
 * `balance[111CA,2021]`, `x[111CA,2021]`, `limit[imports,2022]`). The program written is the one ioplan solves, to
 * the last bit of every coefficient (numbers are written with JavaScript's shortest round-trip form).
 */
import type { LinearProgram } from "../engine/index.ts";

/** Names safe for MPS and LP files (no spaces; unique), from the program's names or r0…, c0… when it has none. */
function safeNames(names: readonly string[] | undefined, count: number, prefix: string, lpFormat = false): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let name = (names?.[k] ?? `${prefix}${k}`).replace(/\s+/g, "_").replace(/[:\\]/g, "_");
    // the LP format's names take ( ) but not [ ] (CPLEX's rule): x[111CA,2021] is written x(111CA,2021)
    if (lpFormat)
      name = name
        .replace(/\[/g, "(")
        .replace(/\]/g, ")")
        .replace(/[^A-Za-z0-9!"#$%&()/,.;?@_`'{}|~]/g, "_");
    // not read as a number: no leading digit, period, sign, or e followed by a digit or e (CPLEX's rule)
    if (!name || /^([0-9.+-]|[eE][0-9eE])/.test(name)) name = `${prefix}_${name}`;
    let unique = name;
    for (let n = 2; seen.has(unique); n++) unique = `${name}~${n}`;
    seen.add(unique);
    out.push(unique);
  }
  return out;
}

const num = (v: number) => (Object.is(v, -0) ? "0" : String(v));

/**
 * The program as free-format MPS: ROWS (N for the objective, E/L/G by bounds, ranged rows as E or L with RANGES),
 * COLUMNS, RHS (the objective's constant as minus its right-hand side, the CPLEX and HiGHS convention), RANGES and
 * BOUNDS (FR, MI, PL, UP, LO, FX); OBJSENSE MAX for maximisation. Rows with no finite bound are written as free (N)
 * rows after the objective, as solvers expect.
 */
export function writeMps(lp: LinearProgram, name = "IOPLAN"): string {
  const m = lp.rowLower.length;
  const n = lp.cost.length;
  const rows = safeNames(lp.rowNames, m, "r");
  const cols = safeNames(lp.colNames, n, "c");
  const obj = rows.includes("OBJ") ? "OBJ~ioplan" : "OBJ";
  const out: string[] = [`NAME ${name.replace(/\s+/g, "_")}`];
  if (lp.sense === "maximize") out.push("OBJSENSE", "    MAX");
  out.push("ROWS", ` N  ${obj}`);
  const rhs: string[] = [];
  const ranges: string[] = [];
  for (let i = 0; i < m; i++) {
    const lo = lp.rowLower[i];
    const up = lp.rowUpper[i];
    let type: string;
    if (lo === up) {
      type = "E";
      rhs.push(`    RHS ${rows[i]} ${num(lo)}`);
    } else if (Number.isFinite(lo) && Number.isFinite(up)) {
      type = "G";
      rhs.push(`    RHS ${rows[i]} ${num(lo)}`);
      ranges.push(`    RNG ${rows[i]} ${num(up - lo)}`);
    } else if (Number.isFinite(lo)) {
      type = "G";
      rhs.push(`    RHS ${rows[i]} ${num(lo)}`);
    } else if (Number.isFinite(up)) {
      type = "L";
      rhs.push(`    RHS ${rows[i]} ${num(up)}`);
    } else type = "N";
    out.push(` ${type}  ${rows[i]}`);
  }
  out.push("COLUMNS");
  const { colStarts, rowIndices, values } = lp.matrix;
  for (let j = 0; j < n; j++) {
    if (lp.cost[j] !== 0) out.push(`    ${cols[j]} ${obj} ${num(lp.cost[j])}`);
    for (let p = colStarts[j]; p < colStarts[j + 1]; p++)
      out.push(`    ${cols[j]} ${rows[rowIndices[p]]} ${num(values[p])}`);
    if (lp.cost[j] === 0 && colStarts[j] === colStarts[j + 1]) out.push(`    ${cols[j]} ${obj} 0`);
  }
  out.push("RHS");
  if (lp.offset) out.push(`    RHS ${obj} ${num(-lp.offset)}`);
  // (one line at a time: spreading 10⁵ lines into push passes the call stack's limit)
  for (const line of rhs) out.push(line);
  if (ranges.length) out.push("RANGES");
  for (const line of ranges) out.push(line);
  out.push("BOUNDS");
  for (let j = 0; j < n; j++) {
    const lo = lp.colLower[j];
    const up = lp.colUpper[j];
    if (lo === up) out.push(` FX BND ${cols[j]} ${num(lo)}`);
    else if (lo === -Infinity && up === Infinity) out.push(` FR BND ${cols[j]}`);
    else {
      if (lo === -Infinity) out.push(` MI BND ${cols[j]}`);
      else if (lo !== 0) out.push(` LO BND ${cols[j]} ${num(lo)}`);
      if (up !== Infinity) out.push(` UP BND ${cols[j]} ${num(up)}`);
    }
  }
  out.push("ENDATA");
  return out.join("\n") + "\n";
}

/**
 * The program in the CPLEX LP format: objective (with its constant), constraints (ranged rows two-sided,
 * `lo <= expr <= up`), bounds and `End`. Long expressions are wrapped; names as in {@link writeMps}.
 */
export function writeLp(lp: LinearProgram): string {
  const m = lp.rowLower.length;
  const n = lp.cost.length;
  const rows = safeNames(lp.rowNames, m, "r", true);
  const cols = safeNames(lp.colNames, n, "c", true);
  const term = (v: number, name: string, first: boolean) =>
    `${v < 0 ? "- " : first ? "" : "+ "}${num(Math.abs(v))} ${name}`;
  const wrap = (parts: string[]) => {
    const lines: string[] = [];
    let line = "";
    for (const p of parts) {
      if (line.length + p.length > 240) {
        lines.push(line);
        line = "   ";
      }
      line += (line.trim() ? " " : "") + p;
    }
    lines.push(line);
    return lines.join("\n");
  };
  const out: string[] = [
    `\\ ${n} columns, ${m} rows, written by ioplan`,
    lp.sense === "maximize" ? "Maximize" : "Minimize",
  ];
  const objTerms: string[] = [];
  for (let j = 0; j < n; j++) if (lp.cost[j] !== 0) objTerms.push(term(lp.cost[j], cols[j], objTerms.length === 0));
  if (lp.offset) objTerms.push(term(lp.offset, "", objTerms.length === 0).trimEnd());
  out.push(` obj: ${objTerms.length ? wrap(objTerms) : "0 " + (cols[0] ?? "")}`);
  // rows from the column-wise matrix
  const rowTerms: string[][] = Array.from({ length: m }, () => []);
  const { colStarts, rowIndices, values } = lp.matrix;
  for (let j = 0; j < n; j++)
    for (let p = colStarts[j]; p < colStarts[j + 1]; p++)
      rowTerms[rowIndices[p]].push(term(values[p], cols[j], rowTerms[rowIndices[p]].length === 0));
  out.push("Subject To");
  for (let i = 0; i < m; i++) {
    const lo = lp.rowLower[i];
    const up = lp.rowUpper[i];
    const expr = rowTerms[i].length ? wrap(rowTerms[i]) : `0 ${cols[0] ?? ""}`;
    if (lo === up) out.push(` ${rows[i]}: ${expr} = ${num(lo)}`);
    else if (Number.isFinite(lo) && Number.isFinite(up)) out.push(` ${rows[i]}: ${num(lo)} <= ${expr} <= ${num(up)}`);
    else if (Number.isFinite(lo)) out.push(` ${rows[i]}: ${expr} >= ${num(lo)}`);
    else if (Number.isFinite(up)) out.push(` ${rows[i]}: ${expr} <= ${num(up)}`);
    else out.push(` ${rows[i]}: ${expr} >= -inf`);
  }
  out.push("Bounds");
  for (let j = 0; j < n; j++) {
    const lo = lp.colLower[j];
    const up = lp.colUpper[j];
    if (lo === 0 && up === Infinity) continue;
    if (lo === up) out.push(` ${cols[j]} = ${num(lo)}`);
    else if (lo === -Infinity && up === Infinity) out.push(` ${cols[j]} free`);
    else out.push(` ${lo === -Infinity ? "-inf" : num(lo)} <= ${cols[j]} <= ${up === Infinity ? "+inf" : num(up)}`);
  }
  out.push("End");
  return out.join("\n") + "\n";
}
