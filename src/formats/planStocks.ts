import type { CapitalStocks, EconomyModel } from "../engine/index.ts";
import { forEachEntry } from "../engine/index.ts";
import type { PlanFile } from "./planSchema.ts";

type Problem = { path: string; message: string; warning?: boolean };

/**
 * A plan's `capacity.stocks` resolved against its model: one pair per stock in the model's capital_stocks.csv. The
 * base-year stock K_ij lets industry j make `allowed[j]` in the first plan year (the capacity the plan's `initial`
 * and `perSector` give), so b_ij = K_ij ÷ allowed[j]. A stock's rate: `byIndustry[j][i]`, else the good's rate, else
 * `default`, else the using industry's per-sector rate (`sectorRate`).
 */
export function resolveStocks(
  c: PlanFile["capacity"],
  m: EconomyModel,
  allowed: Float64Array,
  sectorRate: (j: number) => number,
  problems: Problem[],
): CapitalStocks | undefined {
  const spec = c.stocks;
  if (!spec) return undefined;
  if (!m.capitalStocks) {
    problems.push({
      path: "capacity.stocks",
      message:
        `${m.name} has no capital stocks (capital_stocks.csv: capital good, using industry, stock); ` +
        "add them to the model or remove capacity.stocks",
    });
    return undefined;
  }
  const index = new Map(m.sectors.map((s, i) => [s.code, i]));
  const known = (code: string, path: string, what: string) => {
    if (index.has(code)) return true;
    problems.push({ path, message: `"${code}" is not a sector of model ${m.name}; give ${what}` });
    return false;
  };
  for (const code of Object.keys(spec.depreciation))
    if (code !== "default") known(code, `capacity.stocks.depreciation.${code}`, 'capital-good codes, or "default"');
  for (const [j, goods] of Object.entries(spec.byIndustry)) {
    known(j, `capacity.stocks.byIndustry.${j}`, "using-industry codes");
    for (const i of Object.keys(goods)) known(i, `capacity.stocks.byIndustry.${j}.${i}`, "capital-good codes");
  }
  const pairs: { i: number; j: number; k: number }[] = [];
  forEachEntry(m.capitalStocks, (i, j, k) => {
    if (k === 0) return;
    const where = `${m.sectors[i].code} in ${m.sectors[j].code}`;
    if (!(Number.isFinite(allowed[j]) && allowed[j] > 0)) {
      problems.push({
        path: "capacity.stocks",
        message:
          `the stock of ${where} (${k}) bounds nothing: ${m.sectors[j].code}'s first-year capacity is ${allowed[j]} ` +
          "(give capacity.initial as a multiple of base-year output, or the sector's output)",
        warning: true,
      });
      return;
    }
    pairs.push({ i, j, k });
  });
  const rate = (i: number, j: number) =>
    spec.byIndustry[m.sectors[j].code]?.[m.sectors[i].code] ??
    spec.depreciation[m.sectors[i].code] ??
    spec.depreciation.default ??
    sectorRate(j);
  return {
    good: Int32Array.from(pairs, (q) => q.i),
    industry: Int32Array.from(pairs, (q) => q.j),
    perUnit: Float64Array.from(pairs, (q) => q.k / allowed[q.j]),
    initial: Float64Array.from(pairs, (q) => q.k),
    depreciation: Float64Array.from(pairs, (q) => rate(q.i, q.j)),
    investment: c.investment !== false,
  };
}
