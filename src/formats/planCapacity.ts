import type { EconomyModel, Matrix, PlanSpec } from "../engine/index.ts";
import type { PlanFile } from "./planSchema.ts";
import { resolveStocks } from "./planStocks.ts";
import type { Problem } from "./planValues.ts";

const INVESTMENT = /^(GFCF|F02|F020|F02[SENR]|investment|gross fixed capital)/i;

/** What each step reads: the plan, its model, sector indices, and the problems found so far. */
interface Resolving {
  p: PlanFile;
  m: EconomyModel;
  index: ReadonlyMap<string, number>;
  problems: Problem[];
}

/**
 * A plan's `capacity` resolved against its model: the initial level per sector, depreciation, capital stocks, and
 * what new capacity takes (the model's capital coefficients, or the base-year investment mix).
 */
export function resolveCapacity(
  p: PlanFile,
  m: EconomyModel,
  index: ReadonlyMap<string, number>,
  problems: Problem[],
): PlanSpec["capacity"] {
  const r: Resolving = { p, m, index, problems };
  const c = p.capacity;
  const n = m.sectors.length;
  let initial = initialCapacity(r);
  const depreciation = resolveDepreciation(r);
  let capital: Matrix | undefined;
  let capitalMix: { ratio: number; mix: Float64Array } | undefined;
  let leadTime = 1;
  const stocks = resolveStocks(
    c,
    m,
    initial,
    (j) => (typeof depreciation === "number" ? depreciation : depreciation[j]),
    problems,
  );
  if (c.investment !== false) leadTime = c.investment.leadTime;
  if (stocks)
    initial = new Float64Array(n).fill(Infinity); // the stocks bound output instead
  else if (c.investment !== false) {
    if (m.capitalCoefficients) capital = m.capitalCoefficients;
    else capitalMix = investmentMix(r, c.investment);
  }
  return { initial, capital, capitalMix, leadTime, depreciation, stocks };
}

/** Each sector's capacity in the first year: the model's, or a multiple of base-year output, and per-sector ones. */
function initialCapacity({ p, m, index, problems }: Resolving): Float64Array {
  const c = p.capacity;
  let initial: Float64Array;
  if (c.initial === "model") {
    if (!m.capacities)
      problems.push({
        path: "capacity.initial",
        message:
          `"model" needs capacities in the model; ${m.name} has none ` +
          "(give a multiple of base-year output, e.g. 1.1)",
      });
    initial = m.capacities ? Float64Array.from(m.capacities) : new Float64Array(m.sectors.length).fill(Infinity);
  } else initial = Float64Array.from(m.x, (x) => x * (c.initial as number));
  for (const [code, mult] of Object.entries(c.perSector ?? {})) {
    const i = index.get(code);
    if (i === undefined)
      problems.push({ path: `capacity.perSector.${code}`, message: `"${code}" is not a sector of model ${m.name}` });
    else initial[i] = m.x[i] * mult;
  }
  return initial;
}

/** The depreciation rate: one for all sectors, or one per sector with a default. */
function resolveDepreciation({ p, m, index, problems }: Resolving): number | Float64Array {
  const c = p.capacity;
  if (typeof c.depreciation === "number") return c.depreciation;
  const rates = new Float64Array(m.sectors.length).fill(c.depreciation.default ?? 0);
  for (const [code, rate] of Object.entries(c.depreciation)) {
    if (code === "default") continue;
    const i = index.get(code);
    if (i === undefined)
      problems.push({
        path: `capacity.depreciation.${code}`,
        message:
          `"${code}" is not a sector of model ${m.name}; ` + 'give sector codes, or "default" for every other sector',
      });
    else rates[i] = rate;
  }
  return rates;
}

type Investment = Exclude<PlanFile["capacity"]["investment"], false>;

/** With no capital coefficients in the model: the base-year mix of the fixed-investment final-demand categories. */
function investmentMix({ m, problems }: Resolving, investment: Investment) {
  const n = m.sectors.length;
  const categories = m.finalDemandCategories.join(", ");
  const cats = investment.from ? investment.from : m.finalDemandCategories.filter((x) => INVESTMENT.test(x));
  const cols = cats.map((x) => m.finalDemandCategories.indexOf(x));
  cats.forEach((x, k) => {
    if (cols[k] < 0)
      problems.push({
        path: "capacity.investment.from",
        message: `"${x}" is not a final-demand category of ${m.name} (${categories})`,
      });
  });
  if (cats.length === 0)
    problems.push({
      path: "capacity.investment.from",
      message: `no fixed-investment category found in ${m.name}; name the categories (${categories})`,
    });
  // every unit of new capacity needs κ units of capital goods in the base-year investment mix
  const mix = new Float64Array(n);
  for (let i = 0; i < n; i++)
    for (const col of cols) if (col >= 0) mix[i] += Math.max(0, m.finalDemand.data[i * m.finalDemand.cols + col]);
  const total = mix.reduce((a, b) => a + b, 0);
  const ratio = investment.capitalOutputRatio;
  if (ratio === undefined)
    problems.push({
      path: "capacity.investment.capitalOutputRatio",
      message:
        `${m.name} has no capital coefficients (capital_coefficients.csv): ` +
        "give the capital goods per unit of new capacity",
    });
  else if (total > 0) return { ratio, mix: mix.map((v) => v / total) };
  else if (cats.length)
    problems.push({
      path: "capacity.investment.from",
      message: `categories ${cats.join(", ")} hold no positive investment in ${m.name}`,
    });
  return undefined;
}
