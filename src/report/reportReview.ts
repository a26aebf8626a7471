/**
 * The report's section on a plan's review: fulfilment heatmap, plan against observed, spans, every figure with its
 * source, and why output fell short.
 */
import type { PlanSection } from "./reportInput.ts";
import type { ReportReview } from "./reportInput.ts";
import { counted, formatNumber, formatPercent } from "../engine/index.ts";
import type { HeatCell, PlanPoint } from "./charts.ts";
import { explanationWaterfall, fulfilmentHeatmap, planVsObserved } from "./charts.ts";
import { columnFormat } from "./columnFormat.ts";
import { esc, groupedTable, table } from "./tables.ts";
import { svg } from "./svgMarkup.ts";

/**
 * Targets reviewed against one figure for a span of years. A target with no yearly observation reads "not
 * observed", as it does in the roll-up and in the dashboard: the span's figure (for the DPRK's flats, the
 * government's own claim) is printed beside the target, not turned into a fulfilment.
 */
export function spanTable(
  spans: { t: ReportReview["targets"][number]; s: ReportReview["targets"][number]["spans"][number] }[],
): string {
  const rows = spans.map(({ t, s }) => {
    const observed = t.cumulative.status !== "not-observed";
    const ratio = observed
      ? `<span class="${s.status}">${formatPercent(s.ratio)}</span>`
      : `<span class="not-observed">not observed</span>`;
    return [esc(t.label), esc(s.period), formatNumber(s.observed), formatNumber(s.target), ratio, esc(s.source)];
  });
  const note = spans.some(({ t }) => t.cumulative.status === "not-observed")
    ? '<p><small>"Not observed": no estimate for any single year; the figure for the period as a whole is shown ' +
      "with its source, not counted as fulfilment.</small></p>"
    : "";
  return (
    table(["target", "period", "figure", "target", "ratio", "source"], rows, [false, false, true, true, true, false]) +
    note
  );
}

/** A plan's review as HTML: the roll-up, the charts, the spans, every figure's source, the shortfall, the warnings. */
export function reviewHtml(p: PlanSection, r: ReportReview): string {
  const out: string[] = [];
  out.push(
    `<div class="callout"><strong>${esc(r.rollUp.text)}</strong> (cumulative over the years observed; ` +
      `met ≥ 100 %, near ≥ ${formatPercent(r.thresholds.near)}).</div>`,
  );
  out.push(...reviewFigures(r));
  const spans = r.targets.flatMap((t) => t.spans.map((s) => ({ t, s })));
  if (spans.length) out.push(`<h3 class="keep">Targets over the period as a whole</h3>${spanTable(spans)}`);
  out.push(sourcesDetails(p, r));
  const a = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) out.push(...shortfallHtml(p, r, a));
  if (r.warnings.length)
    out.push(
      `<details><summary>${r.warnings.length} warning${r.warnings.length > 1 ? "s" : ""}</summary>` +
        `<ul>${r.warnings.map((w) => `<li>${esc(w.path)}: ${esc(w.message)}</li>`).join("")}</ul></details>`,
    );
  return out.join("\n");
}

/** The fulfilment heatmap and, when anything was observed, the plan against the best estimate. */
function reviewFigures(r: ReportReview): string[] {
  const out: string[] = [];
  const cells: HeatCell[] = r.targets.flatMap((t) =>
    t.years.map((y) => ({ target: t.label, year: y.year, ratio: y.ratio, status: y.status })),
  );
  out.push(
    `<figure>${svg((d) => fulfilmentHeatmap(cells, d))}<figcaption>Fulfilment by target and year: ` +
      "best estimate ÷ target (each cell's source below).</figcaption></figure>",
  );
  const points: PlanPoint[] = r.targets
    .filter((t) => t.years.some((y) => y.observed !== null))
    .flatMap((t) =>
      t.years.map((y) => ({
        series: t.label,
        year: y.year,
        target: Number.isNaN(y.target) ? null : y.target,
        observed: y.observed,
        min: t.ranges[y.year]?.min,
        max: t.ranges[y.year]?.max,
      })),
    );
  if (points.length)
    out.push(
      `<figure>${svg((d) => planVsObserved(points, d))}<figcaption>Plan (dashed) against the best estimate (dots) ` +
        "and the range across sources (bars), each as an index on its first year's target (= 100)." +
        "</figcaption></figure>",
    );
  return out;
}

/** Every observed figure beside its target, grouped by target, with its source (folded on screen). */
function sourcesDetails(p: PlanSection, r: ReportReview): string {
  const f = columnFormat(
    r.targets.flatMap((t) => t.years.flatMap((y) => (y.observed === null ? [] : [y.target, y.observed]))),
  );
  const groups = r.targets
    .map((t) => {
      const seen = t.years.filter((y) => y.observed !== null);
      return {
        title: t.label,
        rows: seen.map((y) => [
          String(y.year),
          f(y.target),
          f(y.observed as number),
          `<span class="${y.status}">${formatPercent(y.ratio)}</span>`,
          `<small class="source">${esc(t.sources[y.year] ?? "")}</small>`,
        ]),
      };
    })
    .filter((g) => g.rows.length);
  return (
    "<details><summary>Every figure and its source</summary>" +
    `<p class="keep"><small>Target and best estimate in ${esc(p.unit)}; each source as published.</small></p>` +
    groupedTable(["year", "target", "observed", "ratio", "source"], groups, [false, true, true, true, false]) +
    "</details>"
  );
}

/** How the shortfall is split between channels (the paragraph before the waterfall). */
const SHAPLEY_METHOD =
  "Each observed channel is switched from its planned to its observed value in the supply-constrained model; " +
  "its part is its Shapley value over every order of switching. The parts sum to what the model explains; " +
  "what it does not explain is shown on its own.";

type Explanation = ReportReview["explanations"][number];

/** Why output fell short in the last year it did: the waterfall, the channels' parts, the sectors, the evidence. */
function shortfallHtml(p: PlanSection, r: ReportReview, a: Explanation): string[] {
  const out: string[] = [];
  const t = a.total;
  out.push(`<h3>Why output fell short in ${a.year}</h3>`);
  out.push(`<p>${SHAPLEY_METHOD} Rule: ${esc(a.rationing.rule)}.</p>`);
  out.push(
    `<figure>${svg((d) =>
      explanationWaterfall(
        t.parts.map((q) => ({ label: q.label, value: q.value })),
        t,
        d,
        { unit: p.unit },
      ),
    )}<figcaption>Shortfall in gross output ${formatNumber(t.shortfall)} = modelled ${formatNumber(t.modelled)} + ` +
      `unexplained ${formatNumber(t.unexplained)} (${esc(p.unit)}; over the ` +
      `${counted(a.sectors.length, "sector")} reviewed). In value added: ${formatNumber(a.valueAdded.shortfall)} = ` +
      `${formatNumber(a.valueAdded.modelled)} + ${formatNumber(a.valueAdded.unexplained)}.</figcaption></figure>`,
  );
  // no observed channel this year: nothing to tabulate, and no order for parts to move with
  if (!t.parts.length)
    out.push(
      `<p>No observed channel in ${a.year} (no figure for imports, labour, final demand or a logged shock): ` +
        "the model explains none of the shortfall, which is all on the unexplained line.</p>" +
        `<p>${esc(r.backcast.line)}</p>`,
    );
  else out.push(channelTable(a));
  if (t.parts.length)
    out.push(
      `<p>${esc(r.backcast.line)} The parts move by up to ${formatPercent(a.interaction)} of the modelled total ` +
        "between the first and the last order.</p>",
    );
  const fs = columnFormat(a.sectors.flatMap((s) => [s.planned, s.observed]));
  out.push(
    table(
      ["sector", "planned", "observed", "shortfall", "modelled", "unexplained"],
      a.sectors.map((s) => [s.code, fs(s.planned), fs(s.observed), fs(s.shortfall), fs(s.modelled), fs(s.unexplained)]),
      [false, true, true, true, true, true],
    ),
  );
  if (t.parts.length) out.push(evidenceDetails(t.parts));
  return out;
}

/** Each channel's observed ratio and its part: Shapley value, and if switched first or last. */
function channelTable(a: Explanation): string {
  const t = a.total;
  return table(
    ["channel", "observed", "part (Shapley)", "if switched first", "if switched last"],
    t.parts.map((q) => {
      const c = a.channels.find((x) => x.id === q.channel);
      const f = columnFormat(t.parts.flatMap((x) => [x.value, x.first, x.last]));
      return [
        esc(q.label),
        c?.ratio == null
          ? "—"
          : q.kind === "capacity"
            ? `${formatPercent(c.ratio)} of output possible`
            : `${formatPercent(c.ratio)} of planned`,
        f(q.value),
        f(q.first),
        f(q.last),
      ];
    }),
    [false, true, true, true, true],
  );
}

/** The evidence behind each channel's part (folded on screen). */
function evidenceDetails(parts: Explanation["total"]["parts"]): string {
  const items = parts.map(
    (q) => `<li>${esc(q.label)}: ${formatNumber(q.value)}<br><small>${q.evidence.map(esc).join("<br>")}</small></li>`,
  );
  return `<details><summary>The evidence behind each part</summary><ul>${items.join("")}</ul></details>`;
}
