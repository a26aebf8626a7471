/** How an explanation reads on a terminal: the total account, the parts with their orders, the model's miss. */
import type { YearExplanation } from "../app/observedWorld.ts";
import type { Interval } from "../app/uncertainty.ts";
import { pct } from "./shared.ts";
import { clip, counted, formatNumber } from "../engine/index.ts";
import { formatTable } from "./table.ts";

/**
 * A number in model units: whole from 100 (with thousands separators), two decimals from 1, three significant digits
 * below.
 */
export const amount = (v: number) =>
  !Number.isFinite(v)
    ? "—"
    : Math.abs(v) >= 100
      ? formatNumber(Math.round(v))
      : Math.abs(v) >= 1
        ? formatNumber(v, { digits: 2 })
        : Number(v.toPrecision(3)) === 0
          ? "0"
          : formatNumber(Number(v.toPrecision(3)));

/** "72.1 (68.0–75.3)" when the interval is material (wider than 1 % of the value), else the value alone. */
export function withRange(v: number, r?: { min: number; max: number } | Interval): string {
  if (!r) return amount(v);
  const [lo, hi] = "p5" in r ? [r.p5, r.p95] : [r.min, r.max];
  if (!(Math.abs(hi - lo) > 0.01 * Math.max(Math.abs(v), 1e-9))) return amount(v);
  return `${amount(v)} (${amount(lo)} to ${amount(hi)})`;
}

/** Ranges for headlines: intervals from draws win over the range across models. */
export type Ranges = Record<string, { min: number; max: number } | Interval | undefined>;

/** Each channel's part as a table (its effect when switched first and last), and which parts raised output. */
function partLines(e: YearExplanation, ranges: Ranges, clean: (v: number) => number): string[] {
  const t = e.total;
  const out: string[] = [];
  const rows = t.parts.map((p) => {
    const ch = e.channels.find((c) => c.id === p.channel);
    const seen =
      ch?.ratio == null
        ? ""
        : p.kind === "capacity"
          ? `${pct(ch.ratio)} of output possible`
          : `${pct(ch.ratio)} of planned`;
    return [
      clip(p.label, 70),
      withRange(clean(p.value), ranges[`total.parts.${p.channel}`]),
      amount(clean(p.first)),
      amount(clean(p.last)),
      seen,
    ];
  });
  if (rows.length)
    out.push(
      ...formatTable(
        ["channel (switched from planned to observed)", "part (Shapley)", "if first", "if last", "observed"],
        rows,
      )
        .split("\n")
        .map((l) => `    ${l}`),
    );
  else out.push("    no observed channel this year: the model explains nothing of it");
  const negative = t.parts.filter((p) => clean(p.value) < 0);
  if (negative.length)
    out.push(
      `  A negative part offsets the shortfall: in the model that channel raised output ` +
        `(${negative.map((p) => p.label.replace(/ \(.*\)$/, "")).join(", ")}).`,
    );
  return out;
}

/** The unexplained line, and whether the model misreads the year or overstates the channels' effect. */
function readingLines(e: YearExplanation, clean: (v: number) => number): string[] {
  const t = e.total;
  const out: string[] = [];
  const planVsModel =
    Math.abs(t.planVsModel) > 1e-9 * Math.max(1, Math.abs(t.shortfall))
      ? `; of it, ${amount(t.planVsModel)} is the plan's targets beyond what its own planned channels deliver ` +
        `in the model`
      : "";
  out.push(
    `  unexplained ${amount(t.unexplained)}: what the model does not reproduce (planned − observed − ` +
      `modelled), not a channel${planVsModel}.`,
  );
  if (t.modelled * t.shortfall < 0 && Math.abs(clean(t.modelled)) > 0.05 * Math.abs(t.shortfall))
    out.push(
      `  The model has the channels ` +
        (t.modelled > 0
          ? `costing ${amount(t.modelled)} while output was above plan`
          : `adding ${amount(-t.modelled)} while output fell short`) +
        `: it misreads this year.`,
    );
  if (
    Math.abs(t.unexplained) > Math.abs(t.shortfall) &&
    t.modelled * t.shortfall >= 0 &&
    Math.abs(t.modelled) > Math.abs(t.shortfall)
  )
    out.push(
      `  The model makes the channels cost ${amount(t.modelled)}, ` +
        `${(Math.abs(t.modelled) / Math.max(1e-12, Math.abs(t.shortfall))).toFixed(1)}× what was lost: it ` +
        `overstates their effect, so read the parts as the model's reading, not a measurement.`,
    );
  return out;
}

/**
 * The lines that explain one year: the account in model units and in value added, each channel's part (with its
 * effect when switched first and last), the unexplained line, the rationing rule, and how far parts move with
 * the order. `ranges` adds "(lo to hi)" to figures whose range is material.
 */
export function explanationLines(e: YearExplanation, ranges: Ranges = {}): string[] {
  const t = e.total;
  const out: string[] = [];
  // parts within rounding of the Leontief solves (relative residual 1e-10) of the planned world are zero
  const tiny = 1e-8 * e.sectors.reduce((a, s) => a + Math.abs(s.plannedWorld), 0);
  const clean = (v: number) => (Math.abs(v) < tiny ? 0 : v);
  out.push(
    t.shortfall >= 0
      ? `Why output fell short of plan in ${e.year} (${e.units}; sum over the ` +
          `${counted(e.sectors.length, "sector")} reviewed):`
      : `How output compared with plan in ${e.year}: above it in sum (${e.units}; the ` +
          `${counted(e.sectors.length, "sector")} reviewed; a negative shortfall is output beyond plan):`,
  );
  out.push(
    `  shortfall ${withRange(t.shortfall, ranges["total.shortfall"])} = modelled ` +
      `${withRange(t.modelled, ranges["total.modelled"])} + unexplained ` +
      `${withRange(t.unexplained, ranges["total.unexplained"])}`,
  );
  out.push(...partLines(e, ranges, clean));
  out.push(...readingLines(e, clean));
  const v = e.valueAdded;
  out.push(
    `  In value added (GDP terms): shortfall ${withRange(v.shortfall, ranges["valueAdded.shortfall"])} = ` +
      `modelled ${withRange(v.modelled, ranges["valueAdded.modelled"])} + unexplained ` +
      `${withRange(v.unexplained, ranges["valueAdded.unexplained"])}.`,
  );
  if (e.notObserved.length) out.push(`  Not observed this year, kept as planned: ${e.notObserved.join("; ")}.`);
  const binding = e.rationing.observed.binding;
  out.push(
    `  Rule: ${e.rationing.rule}; the observed world is ${e.rationing.observed.status}` +
      `${binding.length ? ` (binding: ${[...new Set(binding)].join(", ")})` : ""}.`,
  );
  if (t.parts.length)
    out.push(
      "  " +
        (e.method.kind === "exact"
          ? `Exact Shapley values over ${e.method.coalitions} runs`
          : `Shapley values from ${e.method.permutations} sampled orders (standard errors with --json)`) +
        `; parts move by up to ${pct(e.interaction)} of the modelled total between the first and the last order.`,
    );
  if (!e.converged)
    out.push(
      `  WARNING: a Leontief solve did not converge (worst residual ${e.worstResidual.toExponential(1)}); ` +
        `these figures are not reliable.`,
    );
  return out;
}

/** Per sector: planned, observed, shortfall, modelled, unexplained and the largest part. */
export function sectorLines(e: YearExplanation): string[] {
  return formatTable(
    ["sector", "planned", "observed", "shortfall", "modelled", "unexplained", "largest part"],
    e.sectors.map((s) => {
      const top = [...s.parts].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0];
      return [
        s.code,
        amount(s.planned),
        amount(s.observed),
        amount(s.shortfall),
        amount(s.modelled),
        amount(s.unexplained),
        top ? `${clip(top.label.replace(/ \(.*\)$/, ""), 40)}: ${amount(top.value)}` : "—",
      ];
    }),
  ).split("\n");
}
