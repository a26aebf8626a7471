/**
 * One reviewed target's observations: the reconciled figures of its indicator sorted into years, quarters or months
 * made into years, spans, and the observed levels per plan year (levels in the plan's unit, or growth rates chained
 * from the model's base year), each with its source and the range across sources.
 */
import type { Reconciliation, Thresholds } from "../engine/index.ts";
import { classify } from "../engine/index.ts";
import type { LoadedPlan } from "./planning.ts";
import { citeFigure as cite } from "./observedWorld.ts";
import type { ReviewWarning, SpanFulfilment } from "./review.ts";

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SPAN = /^(\d{4})-(\d{4})$/;

/** A target of the plan file with an `observed` mapping, and where it is: what its figures are read against. */
export interface ObservedTarget {
  obs: NonNullable<LoadedPlan["planFile"]["targets"][number]["observed"]>;
  /** The target as the plan spec has it (sector, on, values). */
  s: LoadedPlan["spec"]["targets"][number];
  /** Its path in the plan file (`targets.k.observed`), for warnings. */
  path: string;
  first: number;
  last: number;
}

/** What was observed of a target, per plan year and per span, with sources and ranges. */
export interface TargetObservations {
  observed: Map<number, number>;
  sources: Record<number, string>;
  ranges: Record<number, { min: number; max: number; sources: number }>;
  spans: SpanFulfilment[];
}

/** Reconciled figures by period: annual, sub-annual by year, and multi-year spans (projections left out). */
function byPeriod(t: ObservedTarget, rec: Reconciliation[], warnings: ReviewWarning[]) {
  const { obs, path } = t;
  const annual = new Map<number, Reconciliation>();
  const sub = new Map<number, Reconciliation[]>();
  const spans: Reconciliation[] = [];
  for (const r of rec) {
    let mt: RegExpExecArray | null;
    // a projection made before the outcome is not an observation: a period with only projections is not observed
    if (r.best.kind === "projection") {
      warnings.push({
        path: `${path}.indicator`,
        message: `${obs.indicator} ${r.period}: only a projection (${r.best.sourceName}), not an outcome; not reviewed`,
      });
      continue;
    }
    if ((mt = YEAR.exec(r.period))) annual.set(Number(mt[1]), r);
    else if ((mt = QUARTER.exec(r.period) ?? MONTH.exec(r.period))) {
      const y = Number(mt[1]);
      if (!sub.has(y)) sub.set(y, []);
      sub.get(y)!.push(r);
    } else if (SPAN.test(r.period)) spans.push(r);
  }
  return { annual, sub, spans };
}

/** Quarters or months make a year where no annual figure is given (levels only); sets them in `annual`. */
function yearsFromParts(
  t: ObservedTarget,
  annual: Map<number, Reconciliation>,
  sub: Map<number, Reconciliation[]>,
  warnings: ReviewWarning[],
): void {
  const { obs, path, first, last } = t;
  for (const [y, parts] of sub) {
    if (annual.has(y) || y < first - 1 || y > last) continue;
    const quarters = parts.filter((r) => QUARTER.test(r.period));
    const months = parts.filter((r) => MONTH.test(r.period));
    const use = quarters.length === 4 ? quarters : months.length === 12 ? months : null;
    if (obs.as === "growth") {
      warnings.push({
        path,
        message:
          `${obs.indicator} has quarterly or monthly growth rates for ${y} and no annual rate; sub-annual ` +
          `rates are not chained into years`,
      });
    } else if (!use) {
      warnings.push({
        path,
        message:
          `${obs.indicator} ${y}: ${quarters.length} of 4 quarters and ${months.length} of 12 months ` +
          `observed, no annual figure; ${y} is not reviewed`,
      });
    } else {
      use.sort((a, b) => a.period.localeCompare(b.period));
      const vals = use.map((r) => r.best.value as number);
      const value =
        obs.aggregate === "sum"
          ? vals.reduce((a, b) => a + b, 0)
          : obs.aggregate === "mean"
            ? vals.reduce((a, b) => a + b, 0) / vals.length
            : vals[vals.length - 1];
      annual.set(y, {
        ...use[0],
        period: `${y} (${obs.aggregate} of ${use.length} ${use === quarters ? "quarters" : "months"})`,
        best: { ...use[0].best, value },
        conflicts: use.flatMap((r) => r.conflicts),
      });
    }
  }
}

/** Observed levels per plan year: levels × factor, or growth rates chained from the model's base year. */
function observedLevels(
  t: ObservedTarget,
  annual: Map<number, Reconciliation>,
  model: LoadedPlan["model"],
  f: Float64Array,
  warnings: ReviewWarning[],
) {
  const { obs, s, path, first, last } = t;
  const observed = new Map<number, number>();
  const sources: Record<number, string> = {};
  const ranges: Record<number, { min: number; max: number; sources: number }> = {};
  if (obs.as === "level") {
    for (const [y, r] of annual) {
      if (y < first || y > last) continue;
      observed.set(y, (r.best.value as number) * obs.factor);
      sources[y] = cite(r);
      ranges[y] = { min: r.range.min * obs.factor, max: r.range.max * obs.factor, sources: r.sources };
    }
  } else {
    // chain growth rates from the model's base year: level_y = base · Π (1 + g_s / 100)
    let level = s.on === "output" ? model.x[s.sector] : f[s.sector];
    for (let y = model.baseYear + 1; y <= last; y++) {
      const r = annual.get(y);
      if (!r) {
        if (y <= last && [...annual.keys()].some((z) => z > y && z <= last))
          warnings.push({
            path,
            message: `${obs.indicator} has no figure for ${y}: the chained levels stop at ${y - 1}`,
          });
        break;
      }
      const before = level;
      level *= 1 + (r.best.value as number) / 100;
      if (y >= first) {
        observed.set(y, level);
        sources[y] = cite(r);
        ranges[y] = {
          min: before * (1 + r.range.min / 100),
          max: before * (1 + r.range.max / 100),
          sources: r.sources,
        };
      }
    }
  }
  return { observed, sources, ranges };
}

/** Each span inside the plan period against the target summed over its years (levels only). */
function spanReviewsOf(
  t: ObservedTarget,
  spans: Reconciliation[],
  th: Thresholds,
  warnings: ReviewWarning[],
): SpanFulfilment[] {
  const { obs, s, path, first, last } = t;
  const spanReviews: SpanFulfilment[] = [];
  for (const r of spans) {
    const [, a, b] = SPAN.exec(r.period)!.map(Number);
    if (obs.as === "growth") continue;
    if (a < first || b > last) {
      warnings.push({
        path,
        message:
          `${obs.indicator} ${r.period} (${r.best.sourceName}) is not inside the plan period ` +
          `${first}–${last}; not reviewed`,
      });
      continue;
    }
    let target = 0;
    for (let y = a; y <= b; y++) target += s.values[y - first];
    const value = (r.best.value as number) * obs.factor;
    const ratio = obs.direction === "ascending" ? value / target : target / value;
    spanReviews.push({
      period: r.period,
      target,
      observed: value,
      ratio,
      status: classify(ratio, th),
      source: cite(r),
    });
  }
  return spanReviews;
}

/**
 * What was observed of one target, from its indicator's reconciled figures; a target with no figure inside the plan
 * period is a warning naming the periods it has.
 */
export function targetObservations(
  t: ObservedTarget,
  rec: Reconciliation[],
  model: LoadedPlan["model"],
  f: Float64Array,
  th: Thresholds,
  warnings: ReviewWarning[],
): TargetObservations {
  const { obs, path, first, last } = t;
  const { annual, sub, spans } = byPeriod(t, rec, warnings);
  yearsFromParts(t, annual, sub, warnings);
  const { observed, sources, ranges } = observedLevels(t, annual, model, f, warnings);
  const spanReviews = spanReviewsOf(t, spans, th, warnings);
  if (!observed.size && !spanReviews.length) {
    const periods = [...new Set(rec.map((r) => r.period))].sort();
    const has = `${periods.slice(0, 8).join(", ")}${periods.length > 8 ? ", …" : ""}`;
    warnings.push({
      path: `${path}.indicator`,
      message:
        `${obs.indicator} has no figure inside the plan period ` +
        `${first}–${last}${periods.length ? ` (it has: ${has})` : ""}`,
    });
  }
  return { observed, sources, ranges, spans: spanReviews };
}
