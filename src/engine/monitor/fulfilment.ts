/** Met, near (within the tolerance band), missed, or not yet observed. */
export type FulfilmentStatus = "met" | "near" | "missed" | "not-observed";

/** Where "near" begins: a ratio of at least `near` (default 0.9) is near, at least `met` (default 1) met. */
export interface Thresholds {
  met: number;
  near: number;
}
/** The thresholds ioplan uses unless told otherwise: 100 % is met, 90 % near, below that missed.
 * @example
 * ```ts
 * console.log(DEFAULT_THRESHOLDS); // { met: 1, near: 0.9 }
 * ```
 */
export const DEFAULT_THRESHOLDS: Thresholds = { met: 1, near: 0.9 };

/** A target series to review: per plan year (NaN = no target that year). */
export interface ReviewTarget {
  id: string;
  label: string;
  /** "ascending": more is better (output); "descending": less is better (energy per unit, losses). */
  direction: "ascending" | "descending";
  years: readonly number[];
  targets: readonly number[];
}

/** One year of a target's review. */
export interface YearFulfilment {
  year: number;
  target: number;
  observed: number | null;
  /** observed ÷ target (ascending) or target ÷ observed (descending); null when not observed. */
  ratio: number | null;
  status: FulfilmentStatus;
}

/** A target's review: per year, cumulative over the observed years, and the plan end projected. */
export interface TargetFulfilment {
  id: string;
  label: string;
  years: YearFulfilment[];
  /** Sum of observed ÷ sum of targets over the years observed (ascending; inverted for descending). */
  cumulative: {
    target: number;
    observed: number;
    ratio: number | null;
    status: FulfilmentStatus;
    yearsObserved: number;
  };
  /**
   * The last plan year's value projected from the observed years by their compound annual growth (first to
   * last observed year), when that year is not observed yet; null with fewer than two observed years.
   */
  projection: { year: number; value: number; annualGrowth: number; ratio: number; status: FulfilmentStatus } | null;
}

/** Rounding slack: a ratio within 1e-9 of a threshold counts as reaching it (10,000 of 10,000 flats is met). */
const SLACK = 1e-9;

/** The status of a ratio under the thresholds (null or not finite: not observed).
 * @example
 * ```ts
 * const t = DEFAULT_THRESHOLDS;
 * console.log(classify(1.02, t), classify(0.95, t)); // met near
 * console.log(classify(0.5, t), classify(null, t)); // missed not-observed
 * ```
 */
export function classify(ratio: number | null, t: Thresholds): FulfilmentStatus {
  if (ratio === null || !Number.isFinite(ratio)) return "not-observed";
  return ratio >= t.met - SLACK ? "met" : ratio >= t.near - SLACK ? "near" : "missed";
}

function ratioOf(direction: ReviewTarget["direction"], observed: number, target: number): number {
  return direction === "ascending" ? observed / target : target / observed;
}

/**
 * Reviews one target against observed values (`observed.get(year)`, the best estimates after
 * reconciliation): the ratio and status per year, cumulatively over the years observed, and — when the plan
 * has not ended — its last year projected from the observed trend. Pure; O(years).
 * @example
 * ```ts
 * const r = reviewTarget(
 *   { id: "grain", label: "grain, Mt", direction: "ascending", years: [2016, 2017], targets: [7, 7] },
 *   new Map([[2016, 6.5], [2017, 5.0]]),
 * );
 * const shown = r.years.map((y) => `${y.year} ${y.ratio?.toFixed(3)} ${y.status}`);
 * console.log(shown); // [ '2016 0.929 near', '2017 0.714 missed' ]
 * ```
 */
export function reviewTarget(
  target: ReviewTarget,
  observed: ReadonlyMap<number, number>,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): TargetFulfilment {
  const years: YearFulfilment[] = target.years.map((year, k) => {
    const t = target.targets[k];
    const o = observed.get(year);
    const ratio = o === undefined || Number.isNaN(t) ? null : ratioOf(target.direction, o, t);
    return {
      year,
      target: t,
      observed: o ?? null,
      ratio,
      status: Number.isNaN(t) ? "not-observed" : classify(ratio, thresholds),
    };
  });
  const seen = years.filter((y) => y.observed !== null && !Number.isNaN(y.target));
  const sumT = seen.reduce((a, y) => a + y.target, 0);
  const sumO = seen.reduce((a, y) => a + (y.observed as number), 0);
  const cumRatio = seen.length ? ratioOf(target.direction, sumO, sumT) : null;
  let projection: TargetFulfilment["projection"] = null;
  const last = years[years.length - 1];
  const obsYears = [...observed.keys()].filter((y) => y >= target.years[0] && y <= last.year).sort((a, b) => a - b);
  if (last.observed === null && !Number.isNaN(last.target) && obsYears.length >= 2) {
    const y0 = obsYears[0];
    const y1 = obsYears[obsYears.length - 1];
    const v0 = observed.get(y0) as number;
    const v1 = observed.get(y1) as number;
    if (v0 > 0 && v1 > 0) {
      const g = Math.pow(v1 / v0, 1 / (y1 - y0)) - 1;
      const value = v1 * Math.pow(1 + g, last.year - y1);
      const ratio = ratioOf(target.direction, value, last.target);
      projection = { year: last.year, value, annualGrowth: g, ratio, status: classify(ratio, thresholds) };
    }
  }
  return {
    id: target.id,
    label: target.label,
    years,
    cumulative: {
      target: sumT,
      observed: sumO,
      ratio: cumRatio,
      status: classify(cumRatio, thresholds),
      yearsObserved: seen.length,
    },
    projection,
  };
}

/** The roll-up a reader wants first: "missed in N of M". */
export interface RollUp {
  total: number;
  met: number;
  near: number;
  missed: number;
  notObserved: number;
  /** Observed targets measured by a series another observed target also uses (counted once as evidence). */
  shared?: { series: string; targets: string[] }[];
  /** Distinct series behind the observed targets (when the series are given). */
  series?: number;
  text: string;
}

/**
 * Rolls reviews up by their status in one year (the plan's last observed year by default) or cumulatively:
 * counts met, near, missed and not observed, and says "missed in N of M targets" over those observed. With
 * `series` (the indicator measuring each review, in order), targets measured by one series are named: three
 * targets on one series are one piece of evidence, not three.
 * @example
 * ```ts
 * const grain = reviewTarget(
 *   { id: "grain", label: "grain", direction: "ascending", years: [2020], targets: [7] },
 *   new Map([[2020, 5.5]]),
 * );
 * const power = reviewTarget(
 *   { id: "power", label: "power", direction: "ascending", years: [2020], targets: [25] },
 *   new Map([[2020, 26]]),
 * );
 * const r = rollUp([grain, power], { year: 2020 });
 * console.log(r.met, r.missed, r.text); // 1 1 missed in 1 of 2 targets observed
 * ```
 */
export function rollUp(
  reviews: readonly TargetFulfilment[],
  by: { year: number } | "cumulative" = "cumulative",
  series?: readonly (string | undefined)[],
): RollUp {
  const statuses = reviews.map((r) =>
    by === "cumulative" ? r.cumulative.status : (r.years.find((y) => y.year === by.year)?.status ?? "not-observed"),
  );
  const count = (s: FulfilmentStatus) => statuses.filter((x) => x === s).length;
  const met = count("met");
  const near = count("near");
  const missed = count("missed");
  const notObserved = count("not-observed");
  const observed = reviews.length - notObserved;
  const nearText = near ? ` (${near} near)` : "";
  const unobserved = notObserved ? `; ${notObserved} not observed` : "";
  const text = `missed in ${missed} of ${observed} targets observed${nearText}${unobserved}`;
  if (!series) return { total: reviews.length, met, near, missed, notObserved, text };
  const bySeries = new Map<string, string[]>();
  reviews.forEach((r, k) => {
    const s = series[k];
    if (s === undefined || statuses[k] === "not-observed") return;
    bySeries.set(s, [...(bySeries.get(s) ?? []), r.label]);
  });
  const shared = [...bySeries].filter(([, t]) => t.length > 1).map(([s, t]) => ({ series: s, targets: t }));
  const sharing = shared.map((q) => `${q.targets.length} share ${q.series}`).join("; ");
  const note = shared.length ? `; they rest on ${bySeries.size} series (${sharing})` : "";
  return { total: reviews.length, met, near, missed, notObserved, shared, series: bySeries.size, text: text + note };
}
