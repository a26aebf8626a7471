/**
 * The worked example's figures from the store: physical outputs, final demand against the rule, food against need,
 * growth by source.
 */
import type { CategoryAgainstRule, GrowthFigure, PhysicalTrend } from "./example.ts";
import type { PrecedenceStep, Reconciliation } from "../../engine/index.ts";
import { reconcile } from "../../engine/index.ts";
import { readFileSync } from "node:fs";
import { csvRecords } from "../../formats/csv.ts";
import type { ObservationStore } from "../../store/store.ts";
import type { PlanReview } from "../review.ts";

/** Physical outputs the strategy's review follows (indicator, label). */
export const PHYSICAL = [
  ["coal_production", "Coal"],
  ["iron_ore_production", "Iron ore"],
  ["crude_steel_production", "Crude steel"],
  ["electricity_generation", "Electricity"],
  ["cement_production", "Cement"],
  ["food_crop_production", "Food crops"],
  ["fishery_production", "Fishery"],
] as const;

export const cite = (r: Reconciliation) => `${r.best.sourceName} (${r.best.kind})`;

/** First and last figure of each physical output within [from, to] (best estimates after reconciliation). */
export async function physicalTrends(
  store: ObservationStore,
  from: number,
  to: number,
  rule: readonly PrecedenceStep[],
): Promise<PhysicalTrend[]> {
  const out: PhysicalTrend[] = [];
  for (const [indicator, label] of PHYSICAL) {
    const rec = reconcile(await store.list({ indicator }), rule).filter(
      (r) => /^\d{4}$/.test(r.period) && Number(r.period) >= from && Number(r.period) <= to,
    );
    if (rec.length < 2) continue;
    rec.sort((a, b) => a.period.localeCompare(b.period));
    const a = rec[0];
    const b = rec[rec.length - 1];
    const change = (b.best.value as number) / (a.best.value as number) - 1;
    out.push({
      indicator,
      label,
      unit: a.unit,
      first: { year: Number(a.period), value: a.best.value as number, source: cite(a) },
      last: { year: Number(b.period), value: b.best.value as number, source: cite(b) },
      change,
      fell: change < 0,
    });
  }
  return out;
}

/** Each Bank of Korea series the strategy's targets observe, against the rule, on 2015's and 2014's base. */
export async function againstRule(
  review: PlanReview,
  store: ObservationStore,
  rule: readonly PrecedenceStep[],
  last: number,
): Promise<CategoryAgainstRule[]> {
  const out: CategoryAgainstRule[] = [];
  for (const t of review.targets.filter((q) => q.id.endsWith("-growth"))) {
    const y = t.years.find((q) => q.year === last);
    if (!y || y.ratio === null) continue;
    const seen = out.find((c) => c.indicator === t.indicator);
    if (seen) {
      seen.sectors.push(t.sector);
      continue;
    }
    // 2015's own rate (manufacturing's for light and heavy industry, which have none), to put 2014 as the base
    const rate = async (indicator: string) =>
      reconcile(await store.list({ indicator }), rule).find((r) => r.period === "2015");
    const own = await rate(t.indicator);
    const r15 =
      own ?? (/light_industry|heavy_chemical/.test(t.indicator) ? await rate("real_growth_manufacturing") : undefined);
    const g = r15 ? (r15.best.value as number) : null;
    out.push({
      indicator: t.indicator,
      label: t.label.replace(/: restore growth$/, ""),
      sectors: [t.sector],
      ratio2015: y.ratio,
      ratio2014: g === null ? null : y.ratio * (1 + g / 100),
      rate2015: r15 ? { indicator: r15.indicator, value: g!, source: r15.best.sourceName } : null,
      status: y.status,
    });
  }
  return out;
}

export const MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b/;

/**
 * When a figure was made, from its source's name: a month and year, the Bank of Korea's estimate year, else the name.
 */
export function vintageOf(source: string): string {
  const bok = /BoK "?(\d{4}) North Korea growth estimate/.exec(source) ?? /BoK (\d{4}) estimate/.exec(source);
  if (bok) return `the Bank of Korea's ${bok[1]} estimate`;
  return MONTH.exec(source)?.[0] ?? /\d{4}-\d{2}(-\d{2})?/.exec(source)?.[0] ?? source;
}

/** FAO/WFP's food-security events (people short of food, the harvest against need), quoted as events.csv logs them. */
export async function foodAgainstNeed(
  eventsFile: string,
  store: ObservationStore,
  rule: readonly PrecedenceStep[],
): Promise<{ id: string; text: string; source: string }[]> {
  const rows = csvRecords(eventsFile, readFileSync(eventsFile, "utf8"));
  const population = reconcile(await store.list({ indicator: "population" }), rule);
  const pick = (id: string, text: (r: Record<string, string>) => string | null) => {
    const r = rows.find((x) => x.event_id === id);
    const t = r ? text(r) : null;
    return r && t ? [{ id, text: t, source: r.source_name }] : [];
  };
  // grain per head, in one definition (FAO's, unmilled): the harvest and the need FAO states, over the population
  // Statistics Korea estimates for the year; Statistics Korea's own tonnage is another measure and is not set
  // against need
  const perHead = (r: Record<string, string>) => {
    const m = /output near-average ([\d.]+) million t, about ([\d.]+) million t short of need/.exec(r.what);
    const year = r.start_date.slice(0, 4);
    const pop = population.find((q) => q.period === year)?.best;
    if (!m) return null;
    const [harvest, gap] = [Number(m[1]), Number(m[2])];
    const kg = (mt: number) => (pop?.value ? `${Math.round((mt * 1000) / pop.value)} kg` : "");
    const who = pop && /Statistics Korea/.test(pop.sourceName) ? "Statistics Korea" : pop?.sourceName;
    const head = pop?.value
      ? `: ${kg(harvest).replace(" kg", "")} against ${kg(harvest + gap)} a head (${pop.value} million people, ${who})`
      : "";
    return (
      `FAO ${year}, in its measure: harvest ${harvest} Mt, ${gap} Mt short of all grain use (food, feed, seed, ` +
      `losses)${head}`
    );
  };
  return [
    ...pick(
      "DIS-2018-04",
      (r) =>
        `${(Number(r.quantity) / 1e6).toFixed(1)} million people` +
        r.what
          .replace(/^About [\d.]+ million people \(about (\d+)% of population\).*$/, " ($1 %)")
          .replace(/^(?! \().*$/, "") +
        " short in 2019 (FAO/WFP)",
    ),
    ...pick("OTH-2021-04", perHead),
  ];
}

/** Who made a figure, where its source or note names them. */
export function authorOf(text: string): string | null {
  return /Fitch Solutions|IBK|Bank of Korea|\bBoK\b/.exec(text)?.[0].replace(/^BoK$/, "Bank of Korea") ?? null;
}

/** Real GDP growth for the plan's years by every source and vintage, and GDP in `to` against 2011 (chained). */
export async function growthBySource(
  store: ObservationStore,
  from: number,
  to: number,
  rule: readonly PrecedenceStep[],
): Promise<{ growth: GrowthFigure[]; gdp2020vs2011: { ratio: number; how: string } }> {
  const figures = await store.list({ indicator: "real_gdp_growth" });
  const growth: GrowthFigure[] = figures
    .filter(
      (f) =>
        /^\d{4}$/.test(f.period) &&
        Number(f.period) >= from &&
        Number(f.period) <= to &&
        f.value !== null &&
        f.kind !== "target",
    )
    .map((f) => ({
      year: Number(f.period),
      value: f.value as number,
      source: f.sourceName,
      by: authorOf(`${f.sourceName} ${f.note ?? ""}`),
      vintage: /pre-COVID/i.test(f.note ?? "") ? "early 2020, before COVID-19" : vintageOf(f.sourceName),
      kind: f.kind as GrowthFigure["kind"],
    }))
    .sort((a, b) => a.year - b.year || a.kind.localeCompare(b.kind) || a.value - b.value);
  // the DPRK's own: average growth 2015–2019 (its Voluntary National Review; nominal USD GDP)
  for (const f of await store.list({ indicator: "gdp_average_annual_growth_2015_2019" }))
    growth.push({
      year: 2019,
      value: f.value as number,
      source: `${f.sourceName} (average a year 2015–2019, nominal USD)`,
      by: "the DPRK (Voluntary National Review)",
      vintage: vintageOf(f.sourceName),
      kind: "reported",
    });
  // under the plan's own rule (the ROK central bank first): the files declare no source types
  const bok = reconcile(figures, rule).filter((r) => r.best.kind === "estimate" && /^\d{4}$/.test(r.period));
  let ratio = 1;
  for (let y = 2012; y <= to; y++) {
    const r = bok.find((q) => q.period === String(y));
    if (!r) throw new Error(`real_gdp_growth has no estimate for ${y}; 2020 cannot be set against 2011`);
    ratio *= 1 + (r.best.value as number) / 100;
  }
  return { growth, gdp2020vs2011: { ratio, how: `the Bank of Korea's real GDP growth 2012–${to}, chained` } };
}
