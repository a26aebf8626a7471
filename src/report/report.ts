/**
 * The report a planner hands on: one self-contained HTML file (inline CSS, inline SVG charts, no network) and
 * a Markdown summary, from plan reviews, scenario comparisons and a model analysis. Deterministic: the same
 * inputs (and `generated` date) give the same bytes.
 */
import { parseHTML } from "linkedom";
import type { Relaxation } from "../engine/index.ts";
import type { ReportModelAnalysis, ReportReview, ReportScenario } from "./reportInput.ts";
import { counted, formatNumber, formatPercent, formatSpectralRadius } from "../engine/index.ts";
import type { HeatCell, PlanPoint, SeriesPoint } from "./charts.ts";
import {
  explanationWaterfall,
  fulfilmentHeatmap,
  keySectorQuadrant,
  planVsObserved,
  quadrantLabelled,
  yearLines,
} from "./charts.ts";
import { COLOURS, STATUS_COLOURS, seriesColour } from "./chartStyle.ts";
import { columnFormat } from "./columnFormat.ts";
import { esc, groupedTable, table } from "./tables.ts";
import { REPORT_FONT_STACK, koreanFontFaces } from "./koreanFont.ts";

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

/** How many sectors the model's table prints on paper (a larger model's full table is in the HTML only). */
const PRINTED_SECTORS = 40;

/** How many sectors the key-sector quadrant names (the rest are drawn lighter, unnamed). */
const QUADRANT_LABELS = 12;

/** Status colours for table cells: the heatmap's, defined once in chartStyle.ts. */
const STATUS_CSS = Object.entries(STATUS_COLOURS)
  .map(([k, c]) => `.${k}{background:${c}}`)
  .join("");

/**
 * The report's style. In print (and so in the PDF) every <details> is open (the PDF is read by people who never run
 * ioplan: sources and evidence must be on paper), headings stay with what follows them, and figures, table rows
 * and callouts are not split across pages, nor a list's last item left alone on a page.
 */
const CSS = `
body{font:15px/1.5 ${REPORT_FONT_STACK};color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1.2rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.35rem;border-bottom:2px solid #446;padding-bottom:.2rem;margin-top:2.4rem}
h3{font-size:1.08rem;margin-top:1.6rem}p.lead{color:#333}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f2f3f7}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
${STATUS_CSS}
.callout{background:#f6f7fb;border-left:4px solid #446;padding:.6rem 1rem;margin:1rem 0;break-after:avoid}
details{margin:.4rem 0}summary{cursor:pointer;color:#335}
figure{margin:1rem 0;break-inside:avoid}figcaption{font-size:.85rem;color:#444}figure svg{max-width:100%;height:auto}
footer{margin-top:3rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.6rem}
.nowrap{white-space:nowrap}small{color:#555}.print-only{display:none}@media print{.print-only{display:inline}}table.compact{font-size:.8rem}table.compact td{padding:.15rem .5rem}.source{overflow-wrap:anywhere}
tbody.group th{background:none;padding-top:.7rem;border-bottom:1px solid #bbb}
@media print{
body{margin:0;max-width:none;padding:0;font-size:13px}
h1,h2,h3,h4,summary,.keep{break-after:avoid;page-break-after:avoid}
li:last-child{break-before:avoid}
figure,tr,.callout,tbody.group{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
details::details-content{display:block;content-visibility:visible}
summary{list-style:none;font-weight:bold;color:#1a1a1a;margin-top:1rem}summary::-webkit-details-marker{display:none}
footer{break-before:avoid;margin-top:1.5rem}
.screen-only{display:none}
}
`;

/** Renders a chart with a server-side DOM and returns its SVG/HTML markup. */
function svg(draw: (doc: Document) => Element): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return draw(document as unknown as Document).outerHTML;
}

/**
 * Targets reviewed against one figure for a span of years. A target with no yearly observation reads "not
 * observed", as it does in the roll-up and in the dashboard: the span's figure (for the DPRK's flats, the
 * government's own claim) is printed beside the target, not turned into a fulfilment.
 */
function spanTable(
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
    ? `<p><small>"Not observed": no estimate for any single year; the figure for the period as a whole is shown with its source, not counted as fulfilment.</small></p>`
    : "";
  return (
    table(["target", "period", "figure", "target", "ratio", "source"], rows, [false, false, true, true, true, false]) +
    note
  );
}

function reviewHtml(p: PlanSection, r: ReportReview): string {
  const out: string[] = [];
  out.push(
    `<div class="callout"><strong>${esc(r.rollUp.text)}</strong> (cumulative over the years observed; met ≥ 100 %, near ≥ ${formatPercent(r.thresholds.near)}).</div>`,
  );
  const cells: HeatCell[] = r.targets.flatMap((t) =>
    t.years.map((y) => ({ target: t.label, year: y.year, ratio: y.ratio, status: y.status })),
  );
  out.push(
    `<figure>${svg((d) => fulfilmentHeatmap(cells, d))}<figcaption>Fulfilment by target and year: best estimate ÷ target (each cell's source below).</figcaption></figure>`,
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
      `<figure>${svg((d) => planVsObserved(points, d))}<figcaption>Plan (dashed) against the best estimate (dots) and the range across sources (bars), each as an index on its first year's target (= 100).</figcaption></figure>`,
    );
  const spans = r.targets.flatMap((t) => t.spans.map((s) => ({ t, s })));
  if (spans.length) out.push(`<h3 class="keep">Targets over the period as a whole</h3>${spanTable(spans)}`);
  const f = columnFormat(
    r.targets.flatMap((t) => t.years.flatMap((y) => (y.observed === null ? [] : [y.target, y.observed]))),
  );
  out.push(
    `<details><summary>Every figure and its source</summary><p class="keep"><small>Target and best estimate in ${esc(p.unit)}; each source as published.</small></p>${groupedTable(
      ["year", "target", "observed", "ratio", "source"],
      r.targets
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
        .filter((g) => g.rows.length),
      [false, true, true, true, false],
    )}</details>`,
  );
  const a = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) {
    const t = a.total;
    out.push(`<h3>Why output fell short in ${a.year}</h3>`);
    out.push(
      `<p>Each observed channel is switched from its planned to its observed value in the supply-constrained model; its part is its Shapley value over every order of switching. The parts sum to what the model explains; what it does not explain is shown on its own. Rule: ${esc(a.rationing.rule)}.</p>`,
    );
    out.push(
      `<figure>${svg((d) =>
        explanationWaterfall(
          t.parts.map((q) => ({ label: q.label, value: q.value })),
          t,
          d,
          { unit: p.unit },
        ),
      )}<figcaption>Shortfall in gross output ${formatNumber(t.shortfall)} = modelled ${formatNumber(t.modelled)} + unexplained ${formatNumber(t.unexplained)} (${esc(p.unit)}; over the ${counted(a.sectors.length, "sector")} reviewed). In value added: ${formatNumber(a.valueAdded.shortfall)} = ${formatNumber(a.valueAdded.modelled)} + ${formatNumber(a.valueAdded.unexplained)}.</figcaption></figure>`,
    );
    // no observed channel this year: nothing to tabulate, and no order for parts to move with
    if (!t.parts.length)
      out.push(
        `<p>No observed channel in ${a.year} (no figure for imports, labour, final demand or a logged shock): the model explains none of the shortfall, which is all on the unexplained line.</p><p>${esc(r.backcast.line)}</p>`,
      );
    else
      out.push(
        table(
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
        ),
      );
    if (t.parts.length)
      out.push(
        `<p>${esc(r.backcast.line)} The parts move by up to ${formatPercent(a.interaction)} of the modelled total between the first and the last order.</p>`,
      );
    const fs = columnFormat(a.sectors.flatMap((s) => [s.planned, s.observed]));
    out.push(
      table(
        ["sector", "planned", "observed", "shortfall", "modelled", "unexplained"],
        a.sectors.map((s) => [
          s.code,
          fs(s.planned),
          fs(s.observed),
          fs(s.shortfall),
          fs(s.modelled),
          fs(s.unexplained),
        ]),
        [false, true, true, true, true, true],
      ),
    );
    if (t.parts.length)
      out.push(
        `<details><summary>The evidence behind each part</summary><ul>${t.parts.map((q) => `<li>${esc(q.label)}: ${formatNumber(q.value)}<br><small>${q.evidence.map(esc).join("<br>")}</small></li>`).join("")}</ul></details>`,
      );
  }
  if (r.warnings.length)
    out.push(
      `<details><summary>${r.warnings.length} warning${r.warnings.length > 1 ? "s" : ""}</summary><ul>${r.warnings.map((w) => `<li>${esc(w.path)}: ${esc(w.message)}</li>`).join("")}</ul></details>`,
    );
  return out.join("\n");
}

/** " Drawn on top of each other: a, b and c." for series whose values are all the same (else ""). */
function coincide(points: readonly SeriesPoint[]): string {
  const bySeries = new Map<string, string>();
  for (const p of points) bySeries.set(p.series, `${bySeries.get(p.series) ?? ""}${p.year}:${p.value.toPrecision(9)};`);
  const groups = new Map<string, string[]>();
  for (const [series, key] of bySeries) groups.set(key, [...(groups.get(key) ?? []), series]);
  const same = [...groups.values()].filter((g) => g.length > 1);
  if (!same.length) return "";
  const list = (g: string[]) => `${g.slice(0, -1).map(esc).join(", ")} and ${esc(g[g.length - 1])}`;
  return ` Equal throughout, so drawn on top of each other (markers set apart): ${same.map(list).join("; ")}.`;
}

/**
 * The relaxations a scenario needs, one row per target or limit and one column per year (a plan needs hundreds on a
 * large model: as a list they filled sixteen printed pages): how much must give, in the row's unit, and as a share.
 */
function relaxationTable(relaxations: readonly Relaxation[]): string {
  const years = [...new Set(relaxations.map((r) => r.year))].sort((a, b) => a - b);
  const rows = new Map<
    string,
    { label: string; unit: string; kind: Relaxation["kind"]; by: Map<number, Relaxation> }
  >();
  for (const r of relaxations) {
    const key = `${r.kind}:${r.id}`;
    if (!rows.has(key)) rows.set(key, { label: r.label, unit: r.unit, kind: r.kind, by: new Map() });
    rows.get(key)!.by.set(r.year, r);
  }
  // the unit most rows share is said once, above the table; a row in another unit says its own
  const count = new Map<string, number>();
  for (const q of rows.values()) count.set(q.unit, (count.get(q.unit) ?? 0) + 1);
  const common = [...count].reduce((best, u) => (u[1] > best[1] ? u : best), ["", 0])[0];
  const inCommon = columnFormat(relaxations.filter((r) => r.unit === common).map((r) => r.amountInUnit));
  const body = [...rows.values()].map((q) => {
    const f = q.unit === common ? inCommon : columnFormat([...q.by.values()].map((r) => r.amountInUnit));
    const note = [q.kind === "limit" ? "raised" : "", q.unit === common ? "" : esc(q.unit)].filter(Boolean).join(", ");
    return [
      `${esc(q.label)}${note ? ` <small>(${note})</small>` : ""}`,
      ...years
        .map((y) => q.by.get(y))
        .map((r) => (r ? `${f(r.amountInUnit)}<br><small>${formatPercent(r.share)}</small>` : "")),
    ];
  });
  return `<p class="keep"><small>${relaxations.length} relaxations: by how much each target is lowered (each limit raised), in ${esc(common)}, and that as a share of it.</small></p>${table(["target or limit", ...years.map(String)], body, [false, ...years.map(() => true)]).replace("<table>", '<table class="compact">')}`;
}

function comparisonHtml(p: PlanSection, c: ReportScenario[]): string {
  const out: string[] = [];
  out.push(
    table(
      ["scenario", "feasible", "targets met", "mean fulfilment", "main bottleneck"],
      c.map((s) => [
        `<span class="nowrap">${esc(s.scenario)}</span>`,
        s.feasible ? "yes" : `no (${s.relaxations} relaxations)`,
        `${s.targetsMet}/${s.targetYears}`,
        formatPercent(meanOf(s)),
        esc(s.topBottleneck),
      ]),
      [false, false, true, true, false],
    ),
  );
  const fulfil: SeriesPoint[] = c.flatMap((s) => {
    const years = [...new Set(s.best.fulfilment.map((f) => f.year))].sort();
    return years.map((y) => {
      const fs = s.best.fulfilment.filter((f) => f.year === y && !f.id.startsWith("baseline:"));
      return {
        series: s.scenario,
        year: y,
        value: fs.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, fs.length),
      };
    });
  });
  // one colour per scenario in both charts; "required" has its own, in every report
  const colour = Object.fromEntries(c.map((s, k) => [s.scenario, seriesColour(k)]));
  out.push(
    `<figure>${svg((d) => yearLines(fulfil, d, { unit: "mean fulfilment of targets", percent: true, colours: colour }))}<figcaption>Scenario comparison: the best plan's mean fulfilment of the targets each year (weighted harmony).${coincide(fulfil)}</figcaption></figure>`,
  );
  const base = c[0];
  for (const id of [...new Set(base.check.resources.map((x) => x.id))]) {
    const label = base.check.resources.find((x) => x.id === id)!.label;
    const required = `${label}: required`;
    const res: SeriesPoint[] = base.check.resources
      .filter((q) => q.id === id)
      .map((x) => ({ series: required, year: x.year, value: x.required }));
    for (const s of c)
      for (const x of s.check.resources.filter((q) => q.id === id))
        res.push({ series: `available: ${s.scenario}`, year: x.year, value: x.limit });
    const colours = {
      [required]: COLOURS.required,
      ...Object.fromEntries(c.map((s) => [`available: ${s.scenario}`, colour[s.scenario]])),
    };
    out.push(
      `<figure>${svg((d) => yearLines(res, d, { unit: p.unit, colours }))}<figcaption>${esc(label)}: what the plan requires (without shocks) against what each scenario leaves available (${esc(p.unit)}).${coincide(res)}</figcaption></figure>`,
    );
  }
  for (const s of c.filter((q) => !q.feasible)) {
    const best =
      s.best.status === "infeasible"
        ? `<p>No best plan: its limits, capacities and floors cannot all hold (the relaxation above says what would have to give).</p>`
        : s.best.bottlenecks.length
          ? `<p class="keep">Bottlenecks of the best plan (${s.best.effects?.length ? "the first said by its effect on the targets; the rest as " : ""}shadow prices of weighted harmony):</p><ul>${[...(s.best.effects ?? []).map((e) => e.text), ...s.best.bottlenecks.slice(s.best.effects?.length ?? 0, 8).map((b) => b.text)].map((t) => `<li>${esc(t)}</li>`).join("")}</ul>`
          : "";
    out.push(
      `<details><summary>${esc(s.scenario)}: the smallest relaxation that makes the plan feasible</summary>${relaxationTable(s.check.relaxations)}${best}</details>`,
    );
  }
  return out.join("\n");
}

/** A scenario's mean fulfilment, or null (printed "—") when it has no best plan to take a mean of. */
const meanOf = (s: { meanFulfilment: number }): number | null =>
  Number.isFinite(s.meanFulfilment) ? s.meanFulfilment : null;

/** The report as HTML (self-contained) and Markdown. */
export function buildReport(input: ReportInput): { html: string; markdown: string } {
  const body: string[] = [];
  const md: string[] = [`# ${input.title}`, ""];
  body.push(`<h1>${esc(input.title)}</h1>`);
  for (const p of input.intro ?? []) {
    body.push(`<p class="lead">${esc(p)}</p>`);
    md.push(p, "");
  }
  input.plans.forEach((p, k) => {
    // a plan whose name is the report's title is not given it again as a heading
    const own = p.title !== input.title;
    body.push(
      `${own ? `<h2 id="plan-${k + 1}">${esc(p.title)}</h2>` : ""}<p><small>Plan file: ${esc(p.file)}</small></p>`,
    );
    md.push(...(own ? [`## ${p.title}`, ""] : []), `Plan file: \`${p.file}\``, "");
    for (const a of p.about ?? []) {
      body.push(`<p>${esc(a)}</p>`);
      md.push(a, "");
    }
    if (p.review) {
      body.push(`<h3>Fulfilment</h3>${reviewHtml(p, p.review)}`);
      md.push(
        `**${p.review.rollUp.text}**`,
        "",
        `| target | ${p.review.years.join(" | ")} |`,
        `|---|${p.review.years.map(() => "---:").join("|")}|`,
      );
      for (const t of p.review.targets)
        md.push(`| ${t.label} | ${t.years.map((y) => formatPercent(y.ratio)).join(" | ")} |`);
      md.push("", "(— : not observed)", "");
      const a = [...p.review.explanations].reverse().find((q) => q.total.shortfall > 0);
      if (a) {
        md.push(
          `Shortfall in gross output in ${a.year}: ${formatNumber(a.total.shortfall)} ${p.unit} = modelled ${formatNumber(a.total.modelled)}${a.total.parts.length ? ` (${a.total.parts.map((q) => `${q.label} ${formatNumber(q.value)}`).join(" + ")})` : " (no observed channel)"} + unexplained ${formatNumber(a.total.unexplained)}; in value added ${formatNumber(a.valueAdded.shortfall)} = modelled ${formatNumber(a.valueAdded.modelled)} + unexplained ${formatNumber(a.valueAdded.unexplained)}.`,
          "",
        );
        md.push(p.review.backcast.line, "");
      }
    }
    if (p.trends?.length) {
      const sources = (t: ReportTrend) =>
        t.first.source === t.last.source
          ? t.first.source
          : `${t.first.year}: ${t.first.source}; ${t.last.year}: ${t.last.source}`;
      body.push(
        `<h3 class="keep">Physical outputs</h3>${table(
          ["output", "first", "last", "change", "sources"],
          p.trends.map((t) => [
            `${esc(t.label)}<br><small>${esc(t.unit)}</small>`,
            `${columnFormat([t.first.value, t.last.value])(t.first.value)}<br><small>${t.first.year}</small>`,
            `${columnFormat([t.first.value, t.last.value])(t.last.value)}<br><small>${t.last.year}</small>`,
            formatPercent(t.change, { signed: true }),
            `<small>${esc(sources(t))}</small>`,
          ]),
          [false, true, true, true, false],
        )}`,
      );
      md.push(
        "| output | first | last | change |",
        "|---|---:|---:|---:|",
        ...p.trends.map(
          (t) =>
            `| ${t.label} (${t.unit}) | ${columnFormat([t.first.value, t.last.value])(t.first.value)} (${t.first.year}) | ${columnFormat([t.first.value, t.last.value])(t.last.value)} (${t.last.year}) | ${formatPercent(t.change, { signed: true })} |`,
        ),
        "",
      );
    }
    if (p.comparison) {
      body.push(`<h3>Feasibility under the scenarios</h3>${comparisonHtml(p, p.comparison)}`);
      md.push(
        "| scenario | feasible | targets met | mean fulfilment | main bottleneck |",
        "|---|---|---:|---:|---|",
        ...p.comparison.map(
          (s) =>
            `| ${s.scenario} | ${s.feasible ? "yes" : `no (${s.relaxations} relaxations)`} | ${s.targetsMet}/${s.targetYears} | ${formatPercent(meanOf(s))} | ${s.topBottleneck} |`,
        ),
        "",
      );
    }
    if (p.claims?.length) {
      body.push(
        `<h3>The government's own claims</h3>${table(
          ["claim", "period", "value", "source"],
          p.claims.map((c) => [
            esc(c.indicator),
            esc(c.period),
            `${formatNumber(c.value)} ${esc(c.unit)}`,
            esc(c.source),
          ]),
        )}`,
      );
      md.push(
        "Own claims: " +
          p.claims.map((c) => `${c.indicator} ${formatNumber(c.value)} ${c.unit} (${c.source})`).join("; "),
        "",
      );
    }
  });
  if (input.model) {
    const a = input.model.analysis;
    body.push(`<h2 id="model">The model: ${esc(a.model)}</h2>`);
    body.push(
      `<p class="keep">${a.sectors} sectors; output reproduced from final demand to ${formatPercent(a.reproduction.maxRelativeError, { digits: 4 })} (${esc(a.reproduction.method)}, relative residual ${formatNumber(a.reproduction.residual)}); spectral radius of A ${esc(formatSpectralRadius(a.spectralRadius))}.</p>`,
    );
    const linkages = a.rows.map((r) => ({ code: r.code, backward: r.backwardLinkage, forward: r.forwardLinkage }));
    const named = quadrantLabelled(linkages, QUADRANT_LABELS).length;
    const rule =
      named < linkages.length
        ? ` Named: the ${named} sectors with the largest backward + forward linkage; the other ${linkages.length - named} are the lighter dots.`
        : "";
    body.push(
      `<figure>${svg((d) => keySectorQuadrant(linkages, d, { labelled: QUADRANT_LABELS }))}<figcaption>Key-sector quadrant: Rasmussen backward and forward linkages, normalised to an average of 1.${rule}</figcaption></figure>`,
    );
    const d3 = (v: number) => formatNumber(v, { digits: 3 });
    const fo = columnFormat(a.rows.map((r) => r.output));
    const sorted = [...a.rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier);
    const sectorTable = (rows: typeof sorted) =>
      table(
        ["sector", "output", "output multiplier", "backward", "forward", "class"],
        rows.map((r) => [
          esc(`${r.code} ${r.name}`),
          fo(r.output),
          d3(r.outputMultiplier),
          d3(r.backwardLinkage),
          d3(r.forwardLinkage),
          r.keySector,
        ]),
        [false, true, true, true, true, false],
      );
    const unit = input.model.unit ? `; output in ${esc(input.model.unit)}` : "";
    if (sorted.length <= PRINTED_SECTORS)
      body.push(`<p class="keep"><small>Sectors by output multiplier${unit}.</small></p>${sectorTable(sorted)}`);
    else {
      // a large model's full table would fill dozens of printed pages: paper gets the first sectors, the screen all
      body.push(
        `<p class="keep"><small>The ${PRINTED_SECTORS} sectors with the largest output multiplier, of ${sorted.length}${unit}.<span class="print-only"> All ${sorted.length} are in the HTML report.</span></small></p>${sectorTable(sorted.slice(0, PRINTED_SECTORS))}`,
      );
      body.push(
        `<details class="screen-only"><summary>All ${sorted.length} sectors</summary>${sectorTable(sorted)}</details>`,
      );
    }
    body.push(
      `<h3>How the model was made</h3><ol>${input.model.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol><p><small>Sources: ${input.model.sources.map(esc).join("; ")}</small></p>`,
    );
    md.push(`## The model: ${a.model}`, "", ...input.model.notes.map((n) => `- ${n}`), "");
  }
  body.push(
    `<footer>Made by ioplan on ${esc(input.generated)}. Every figure is an observation with its source, a model result, or a labelled assumption.</footer>`,
  );
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(input.title)}</title><style>${koreanFontFaces(body.join("\n") + input.title)}${CSS}</style></head><body><main>\n${body.join("\n")}\n</main></body></html>\n`;
  return { html, markdown: md.join("\n") + "\n" };
}
