/**
 * The worked example, end to end: the DPRK's 2016–2020 strategy reviewed from the observations, and its
 * 2021–2025 draft checked under the shocks as recorded and as they might have eased, set beside what was
 * observed since 2021 and beside the government's own claims. Used by `npm start` (`ioplan example`), the
 * report and the dashboard.
 */
import { join } from "node:path";
import type { LpSolver } from "../../engine/index.ts";
import { readObservationsCsv } from "../../formats/observationsCsv.ts";
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
import { physicalTrends, againstRule, foodAgainstNeed, growthBySource } from "./exampleFigures.ts";

/** Where the example lives, relative to the repository. */
export const DPRK_DIR = join("examples", "dprk");
export const DPRK_PLANS = {
  strategy: join(DPRK_DIR, "plans", "2016-2020-strategy.yaml"),
  draft: join(DPRK_DIR, "plans", "2021-2025-draft.yaml"),
};
/** The observation files the example imports, in order. */
export const DPRK_OBSERVATION_FILES = ["indicators.csv", "trade.csv", "derived.csv"];

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
  /**
   * estimate (an outcome), projection (a forecast, never mixed into ranges of outcomes) or reported (the DPRK's own).
   */
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
    /**
     * Feasibility under the recorded shocks as the import-substitution share varies (the calibrated one among them).
     */
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

/** The government's own claims in the store: H1 2023 plan fulfilment and the Pyongyang flats completed. */
async function ownClaims(store: ObservationStore): Promise<Claim[]> {
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
  return claims;
}

/** Feasibility of the draft as the inflows that pay for imports vary, at the calibrated share and at half of it. */
async function foreignExchangeOf(
  draftFile: string,
  draftPlan: ReturnType<typeof readPlanFile>["plan"],
  recorded: string,
  solver: LpSolver,
): Promise<DprkExample["draft"]["foreignExchange"]> {
  const fx = draftPlan.foreignExchange;
  return {
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
  const foreignExchange = await foreignExchangeOf(draftFile, draftPlan, recorded, solver);
  onProgress?.(8, steps, "reviewing since 2021");
  const draftReview = await reviewPlan(draftFile, store);
  const claims = await ownClaims(store);
  const { growth, gdp2020vs2011 } = await growthBySource(store, review.years[0], last, rule);
  return {
    imported,
    strategy: {
      review,
      rule:
        `restore growth: each sector's output at least its ${review.years[0] - 1} level (the Bank of Korea's ` +
        `real value-added growth, chained from ${review.years[0] - 1} and applied to gross output)`,
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
