/**
 * The worked example, end to end: the DPRK's 2016–2020 strategy reviewed from the observations, and its
 * 2021–2025 draft checked under the shocks as recorded and as they might have eased, set beside what was
 * observed since 2021 and beside the government's own claims. Used by `npm start` (`ioplan example`), the
 * report and the dashboard.
 */
import { join } from "node:path";
import type { LpSolver, PrecedenceStep, Reconciliation } from "../../engine/index.ts";
import { reconcile } from "../../engine/index.ts";
import { readObservationsCsv } from "../../formats/observationsCsv.ts";
import { readFileSync } from "node:fs";
import { csvRecords } from "../../formats/csv.ts";
import type { ObservationStore } from "../../store/store.ts";
import type { ImportSummary } from "../../store/store.ts";
import { compareScenarios } from "../planning.ts";
import type { ScenarioComparison } from "../planning.ts";
import { reviewPlan } from "../review.ts";
import type { PlanReview } from "../review.ts";
import { reviewWithRanges } from "../explainPlan.ts";
import { inflowSensitivity, substitutionSensitivity } from "../uncertainty.ts";
import type { InflowPoint, SubstitutionPoint } from "../uncertainty.ts";
import { precedenceOf } from "../review.ts";
import { readPlanFile } from "../../formats/planFile.ts";
import type { PlanReviewWithRanges } from "../explainPlan.ts";

/** Where the example lives, relative to the repository. */
export const DPRK_DIR = join("examples", "dprk");
export const DPRK_PLANS = {
  strategy: join(DPRK_DIR, "plans", "2016-2020-strategy.yaml"),
  draft: join(DPRK_DIR, "plans", "2021-2025-draft.yaml"),
};
/** The observation files the example imports, in order. */
export const DPRK_OBSERVATION_FILES = ["indicators.csv", "trade.csv", "derived.csv"];

/** Physical outputs the strategy's review follows (indicator, label). */
const PHYSICAL = [
  ["coal_production", "Coal"],
  ["iron_ore_production", "Iron ore"],
  ["crude_steel_production", "Crude steel"],
  ["electricity_generation", "Electricity"],
  ["cement_production", "Cement"],
  ["food_crop_production", "Food crops"],
  ["fishery_production", "Fishery"],
] as const;

/** A physical output's first and last figure in a period, with their sources. */
export interface PhysicalTrend {
  indicator: string;
  label: string;
  unit: string;
  first: { year: number; value: number; source: string };
  last: { year: number; value: number; source: string };
  change: number;
  fell: boolean;
}

/** A government claim set beside the estimates. */
export interface Claim {
  indicator: string;
  period: string;
  value: number;
  unit: string;
  source: string;
  note: string | null;
}

/** One figure of real GDP growth, with who made it, when, and what kind of figure it is. */
export interface GrowthFigure {
  year: number;
  value: number;
  source: string;
  /** Who made it, where the source or its note names them (Fitch Solutions, IBK, the Bank of Korea). */
  by: string | null;
  /** When the figure was made (from its source: "Dec 2020", "BoK's 2020 estimate"), or the source's name. */
  vintage: string;
  /** estimate (an outcome), projection (a forecast, never mixed into ranges of outcomes) or reported (the DPRK's own). */
  kind: "estimate" | "projection" | "reported";
}

/**
 * One of the Bank of Korea's growth series against the rule: several model sectors may share it (heavy and
 * chemical industry stands for metals, chemicals and machinery), so the count is of series, not sectors.
 */
export interface CategoryAgainstRule {
  indicator: string;
  label: string;
  sectors: string[];
  /** The last plan year's level ÷ 2015's, and ÷ 2014's (2015's own rate chained in). */
  ratio2015: number;
  ratio2014: number | null;
  /** The 2015 rate used for the 2014 base, with its source (manufacturing's where a sub-series has none). */
  rate2015: { indicator: string; value: number; source: string } | null;
  status: string;
}

export interface DprkExample {
  imported: { file: string; rows: number; added: number; unchanged: number }[];
  strategy: {
    /** With the range across the donor tables the plan names (`models`, `modelRange`). */
    review: PlanReviewWithRanges;
    /** The stated rule and how many of the Bank of Korea's series missed it at the plan's end. */
    rule: string;
    categories: CategoryAgainstRule[];
    categoriesBelow2015: number;
    physical: PhysicalTrend[];
    /** Food against need, from FAO/WFP as events.csv logs them (each with its event id and source). */
    food: { id: string; text: string; source: string }[];
    /** Real GDP growth 2016–2020 by source and vintage, and where 2020 stands against 2011. */
    growth: GrowthFigure[];
    gdp2020vs2011: { ratio: number; how: string };
  };
  draft: {
    comparison: ScenarioComparison[];
    /** Feasibility under the recorded shocks as the import-substitution share varies (the calibrated one among them). */
    substitution: { scenario: string; calibrated: number; points: SubstitutionPoint[] };
    /** Feasibility under the recorded shocks with every foreign-exchange inflow at low, central and high. */
    foreignExchange: {
      scenario: string;
      points: InflowPoint[];
      unit: string;
      inflows: { id: string; label: string; low: unknown; high: unknown; source?: string }[];
      atHalfShare: InflowPoint[];
    };
    review: PlanReview;
    claims: Claim[];
  };
}

const cite = (r: Reconciliation) => `${r.best.sourceName} (${r.best.kind})`;

/** Imports the example's observations into the store (idempotent: a second run adds nothing). */
export async function importDprkObservations(root: string, store: ObservationStore): Promise<DprkExample["imported"]> {
  const out: DprkExample["imported"] = [];
  for (const name of DPRK_OBSERVATION_FILES) {
    const file = join(root, DPRK_DIR, "observations", name);
    const { rows, sha256 } = readObservationsCsv(file);
    const r: ImportSummary = await store.importObservations(rows, {
      file: join(DPRK_DIR, "observations", name),
      sha256,
    });
    out.push({ file: join(DPRK_DIR, "observations", name), rows: r.rows, added: r.added, unchanged: r.unchanged });
  }
  return out;
}

/** First and last figure of each physical output within [from, to] (best estimates after reconciliation). */
async function physicalTrends(
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
async function againstRule(
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

const MONTH = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b/;

/** When a figure was made, from its source's name: a month and year, the Bank of Korea's estimate year, else the name. */
function vintageOf(source: string): string {
  const bok = /BoK "?(\d{4}) North Korea growth estimate/.exec(source) ?? /BoK (\d{4}) estimate/.exec(source);
  if (bok) return `the Bank of Korea's ${bok[1]} estimate`;
  return MONTH.exec(source)?.[0] ?? /\d{4}-\d{2}(-\d{2})?/.exec(source)?.[0] ?? source;
}

/** FAO/WFP's food-security events (people short of food, the harvest against need), quoted as events.csv logs them. */
async function foodAgainstNeed(
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
  // Statistics Korea estimates for the year; Statistics Korea's own tonnage is another measure and is not set against need
  const perHead = (r: Record<string, string>) => {
    const m = /output near-average ([\d.]+) million t, about ([\d.]+) million t short of need/.exec(r.what);
    const year = r.start_date.slice(0, 4);
    const pop = population.find((q) => q.period === year)?.best;
    if (!m) return null;
    const [harvest, gap] = [Number(m[1]), Number(m[2])];
    const kg = (mt: number) => (pop?.value ? `${Math.round((mt * 1000) / pop.value)} kg` : "");
    const who = pop && /Statistics Korea/.test(pop.sourceName) ? "Statistics Korea" : pop?.sourceName;
    return `FAO ${year}, in its measure: harvest ${harvest} Mt, ${gap} Mt short of all grain use (food, feed, seed, losses)${pop?.value ? `: ${kg(harvest).replace(" kg", "")} against ${kg(harvest + gap)} a head (${pop.value} million people, ${who})` : ""}`;
  };
  return [
    ...pick(
      "DIS-2018-04",
      (r) =>
        `${(Number(r.quantity) / 1e6).toFixed(1)} million people${r.what.replace(/^About [\d.]+ million people \(about (\d+)% of population\).*$/, " ($1 %)").replace(/^(?! \().*$/, "")} short in 2019 (FAO/WFP)`,
    ),
    ...pick("OTH-2021-04", perHead),
  ];
}

/** Who made a figure, where its source or note names them. */
function authorOf(text: string): string | null {
  return /Fitch Solutions|IBK|Bank of Korea|\bBoK\b/.exec(text)?.[0].replace(/^BoK$/, "Bank of Korea") ?? null;
}

/** Real GDP growth for the plan's years by every source and vintage, and GDP in `to` against 2011 (chained). */
async function growthBySource(
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

/** Runs the worked example on a store (importing the observations first) and a solver. */
export async function runDprkExample(
  root: string,
  store: ObservationStore,
  solver: LpSolver,
  onProgress?: (done: number, total: number, what: string) => void,
): Promise<DprkExample> {
  const steps = 9;
  onProgress?.(0, steps, "importing the observations");
  const imported = await importDprkObservations(root, store);
  const strategyFile = join(root, DPRK_PLANS.strategy);
  onProgress?.(1, steps, "reviewing 2016–2020");
  // with the range across the plan's donor tables (its alternative models)
  const review = await reviewWithRanges(strategyFile, store);
  // the plan files alone (no model read) for the precedence rule and the substitution share
  const rule = precedenceOf(readPlanFile(strategyFile).plan, strategyFile);
  const last = review.years[review.years.length - 1];
  const categories = await againstRule(review, store, rule, last);
  const draftFile = join(root, DPRK_PLANS.draft);
  onProgress?.(2, steps, "checking the 2021–2025 draft");
  const comparison = await compareScenarios(draftFile, solver, undefined, {
    onProgress: (d, t, what) => onProgress?.(2 + (6 * d) / t, steps, what),
  });
  const draftPlan = readPlanFile(draftFile).plan;
  const calibrated = draftPlan.substitution?.share ?? 0;
  const recorded = draftPlan.scenarios[0]?.name;
  const substitution = {
    scenario: recorded,
    calibrated,
    points: await substitutionSensitivity(
      draftFile,
      recorded,
      [...new Set([0, 0.5, calibrated, 1])].sort((a, b) => a - b),
      solver,
    ),
  };
  const fx = draftPlan.foreignExchange;
  const foreignExchange = {
    scenario: recorded,
    points: fx ? await inflowSensitivity(draftFile, recorded, solver) : [],
    // the same at half the import-substitution share: where foreign exchange does decide
    atHalfShare: fx ? await inflowSensitivity(draftFile, recorded, solver, 0.5) : [],
    unit: fx?.unit ?? "",
    inflows: (fx?.inflows ?? []).map((f) => ({
      id: f.id,
      label: f.label ?? f.id,
      low: f.low,
      high: f.high,
      source: f.source,
    })),
  };
  onProgress?.(8, steps, "reviewing since 2021");
  const draftReview = await reviewPlan(draftFile, store);
  const claims: Claim[] = [];
  for (const f of await store.list()) {
    if (
      f.kind === "reported" &&
      f.value !== null &&
      (/^h1_2023_plan_fulfilment/.test(f.indicator) || f.indicator === "pyongyang_new_flats_completed")
    ) {
      claims.push({
        indicator: f.indicator,
        period: f.period,
        value: f.value,
        unit: f.unit,
        source: f.sourceName,
        note: f.note,
      });
    }
  }
  const { growth, gdp2020vs2011 } = await growthBySource(store, review.years[0], last, rule);
  return {
    imported,
    strategy: {
      review,
      rule: `restore growth: each sector's output at least its ${review.years[0] - 1} level (the Bank of Korea's real value-added growth, chained from ${review.years[0] - 1} and applied to gross output)`,
      categories,
      categoriesBelow2015: categories.filter((c) => c.ratio2015 < 1 - 1e-9).length,
      physical: await physicalTrends(store, review.years[0], last, rule),
      food: await foodAgainstNeed(join(root, DPRK_DIR, "observations", "events.csv"), store, rule),
      growth,
      gdp2020vs2011,
    },
    draft: { comparison, substitution, foreignExchange, review: draftReview, claims },
  };
}

/**
 * What `ioplan demo --json` prints: the worked example's story as data, in the order the summary tells it. Growth by
 * source and vintage; the review (fulfilment against the rule, per Bank of Korea series); the explanation of the last
 * year with a shortfall; the backcast; the answer on each donor table; the 2021–2025 scenarios and what has been
 * observed since.
 */
export function dprkJson(x: DprkExample) {
  const r = x.strategy.review;
  const explain = [...r.explanations].reverse().find((q) => q.total.shortfall > 0) ?? null;
  return {
    imported: x.imported,
    growth: x.strategy.growth,
    gdp2020vs2011: x.strategy.gdp2020vs2011,
    review: {
      plan: r.plan,
      rule: x.strategy.rule,
      categories: x.strategy.categories,
      categoriesBelow2015: x.strategy.categoriesBelow2015,
      targets: r.targets,
      rollUp: r.rollUp,
      physical: x.strategy.physical,
      warnings: r.warnings,
    },
    explain,
    explanations: r.explanations,
    backcast: r.backcast,
    donors: r.models.map((m) => ({ ...m, central: m === r.models[0] })),
    donorRange: r.modelRange ?? null,
    substitution: x.draft.substitution,
    foreignExchange: x.draft.foreignExchange,
    scenarios: x.draft.comparison.map(({ check, best, ...c }) => ({
      ...c,
      checkStatus: check.status,
      relaxationsText: check.relaxations.filter((q) => !q.id.startsWith("baseline:")).map((q) => q.text),
      bottlenecks: best.bottlenecks.slice(0, 5).map((b) => b.text),
    })),
    since2021: { review: x.draft.review, claims: x.draft.claims },
  };
}
