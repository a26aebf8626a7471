/**
 * What the report reads, declared by the report: the parts of a plan review, a scenario comparison and a model
 * analysis it prints. The use cases' results (app/review.ts, app/planning.ts, app/analyseModel.ts) have these shapes
 * and more, so app/ passes them as they are, and the report depends on the engine only (no cycle with app/).
 */
import type {
  BottleneckEffect,
  Explanation,
  FulfilmentStatus,
  KeySectorClass,
  PlanCheckResult,
  PlanOptimiseResult,
  RollUp,
  SpectralRadius,
  TargetFulfilment,
  Thresholds,
} from "../engine/index.ts";

/** A target reviewed against one figure for a span of years. */
export interface ReportSpan {
  period: string;
  target: number;
  observed: number;
  ratio: number;
  status: FulfilmentStatus;
  source: string;
}

/** A plan's review: fulfilment per target and year with sources and ranges, the roll-up, the explanations. */
export interface ReportReview {
  years: number[];
  targets: (TargetFulfilment & {
    sources: Record<number, string>;
    ranges: Record<number, { min: number; max: number }>;
    spans: ReportSpan[];
  })[];
  rollUp: RollUp;
  thresholds: Thresholds;
  /** Per year with a shortfall explained: the counterfactual parts, with each channel's observed ratio. */
  explanations: (Explanation & { year: number; channels: { id: string; ratio: number | null }[] })[];
  /** The model's fit to the observed years, in one line. */
  backcast: { line: string };
  warnings: { path: string; message: string }[];
}

/** One scenario of a comparison: its check and its best plan. */
export interface ReportScenario {
  scenario: string;
  feasible: boolean;
  relaxations: number;
  targetsMet: number;
  targetYears: number;
  /** Mean of min(fulfilment, 1); NaN when there is no best plan (printed "—"). */
  meanFulfilment: number;
  topBottleneck: string;
  check: PlanCheckResult;
  best: PlanOptimiseResult & { effects?: readonly BottleneckEffect[] };
}

/** A model's analysis: its checks and, per sector, multipliers and linkages. */
export interface ReportModelAnalysis {
  model: string;
  sectors: number;
  reproduction: { maxRelativeError: number; method: string; residual: number };
  spectralRadius: SpectralRadius;
  rows: {
    code: string;
    name: string;
    output: number;
    outputMultiplier: number;
    backwardLinkage: number;
    forwardLinkage: number;
    keySector: KeySectorClass;
  }[];
}

/** A physical output's first and last figure in a period. */
export interface ReportTrend {
  label: string;
  unit: string;
  first: { year: number; value: number; source: string };
  last: { year: number; value: number; source: string };
  change: number;
}

/** A claim set beside the estimates. */
export interface ReportClaim {
  indicator: string;
  period: string;
  value: number;
  unit: string;
  source: string;
}

/** One plan's part of a report. */
export interface PlanSection {
  title: string;
  file: string;
  /** Paragraphs (plain text) that say what the plan is and which of its figures are assumptions. */
  about?: string[];
  unit: string;
  review?: ReportReview;
  comparison?: ReportScenario[];
  trends?: ReportTrend[];
  claims?: ReportClaim[];
}

export interface ReportInput {
  title: string;
  /** Shown in the footer; fixed by tests for golden files. */
  generated: string;
  intro?: string[];
  plans: PlanSection[];
  /** The model's analysis, how it was made and its sources; `unit` is its money unit (the output column's). */
  model?: { analysis: ReportModelAnalysis; notes: string[]; sources: string[]; unit?: string };
}
