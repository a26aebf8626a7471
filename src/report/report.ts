/**
 * The report a planner hands on: one self-contained HTML file (inline CSS, inline SVG charts, no network) and
 * a Markdown summary, from plan reviews, scenario comparisons and a model analysis. Deterministic: the same
 * inputs (and `generated` date) give the same bytes.
 */
import { formatNumber, formatPercent, formatSpectralRadius } from "../engine/index.ts";
import { keySectorQuadrant, quadrantLabelled } from "./charts.ts";
import { STATUS_COLOURS } from "./chartStyle.ts";
import { columnFormat } from "./columnFormat.ts";
import { esc, table } from "./tables.ts";
import { REPORT_FONT_STACK, koreanFontFaces } from "./koreanFont.ts";
import { svg } from "./svgMarkup.ts";
import { reviewHtml } from "./reportReview.ts";
import { comparisonHtml } from "./reportComparison.ts";
import { meanOf } from "./reportComparison.ts";
import type {
  PlanSection,
  ReportClaim,
  ReportInput,
  ReportReview,
  ReportScenario,
  ReportTrend,
} from "./reportInput.ts";
import type { ReportModelAnalysis } from "./reportInput.ts";
export type { PlanSection, ReportClaim, ReportInput, ReportTrend } from "./reportInput.ts";

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
const CSS = [
  "",
  `body{font:15px/1.5 ${REPORT_FONT_STACK};color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1.2rem}`,
  "h1{font-size:1.7rem;margin-bottom:.2rem}" +
    "h2{font-size:1.35rem;border-bottom:2px solid #446;padding-bottom:.2rem;margin-top:2.4rem}",
  "h3{font-size:1.08rem;margin-top:1.6rem}p.lead{color:#333}",
  "table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}" +
    "th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}",
  "th{background:#f2f3f7}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}",
  STATUS_CSS,
  ".callout{background:#f6f7fb;border-left:4px solid #446;padding:.6rem 1rem;margin:1rem 0;break-after:avoid}",
  "details{margin:.4rem 0}summary{cursor:pointer;color:#335}",
  "figure{margin:1rem 0;break-inside:avoid}figcaption{font-size:.85rem;color:#444}" +
    "figure svg{max-width:100%;height:auto}",
  "footer{margin-top:3rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.6rem}",
  ".nowrap{white-space:nowrap}small{color:#555}.print-only{display:none}@media print{.print-only{display:inline}}" +
    "table.compact{font-size:.8rem}table.compact td{padding:.15rem .5rem}.source{overflow-wrap:anywhere}",
  "tbody.group th{background:none;padding-top:.7rem;border-bottom:1px solid #bbb}",
  "@media print{",
  "body{margin:0;max-width:none;padding:0;font-size:13px}",
  "h1,h2,h3,h4,summary,.keep{break-after:avoid;page-break-after:avoid}",
  "li:last-child{break-before:avoid}",
  "figure,tr,.callout,tbody.group{break-inside:avoid;page-break-inside:avoid}",
  "thead{display:table-header-group}",
  "details::details-content{display:block;content-visibility:visible}",
  "summary{list-style:none;font-weight:bold;color:#1a1a1a;margin-top:1rem}" +
    "summary::-webkit-details-marker{display:none}",
  "footer{break-before:avoid;margin-top:1.5rem}",
  ".screen-only{display:none}",
  "}",
  "",
].join("\n");

/** The report's two texts as they are written: HTML body parts and Markdown lines. */
interface ReportParts {
  body: string[];
  md: string[];
}

/** The report as HTML (self-contained) and Markdown. */
export function buildReport(input: ReportInput): { html: string; markdown: string } {
  const out: ReportParts = { body: [], md: [`# ${input.title}`, ""] };
  out.body.push(`<h1>${esc(input.title)}</h1>`);
  for (const p of input.intro ?? []) {
    out.body.push(`<p class="lead">${esc(p)}</p>`);
    out.md.push(p, "");
  }
  input.plans.forEach((p, k) => addPlan(out, p, k, input.title));
  if (input.model) addModel(out, input.model);
  out.body.push(
    `<footer>Made by ioplan on ${esc(input.generated)}. ` +
      "Every figure is an observation with its source, a model result, or a labelled assumption.</footer>",
  );
  const body = out.body.join("\n");
  const html =
    "<!doctype html>\n" +
    '<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${esc(input.title)}</title><style>${koreanFontFaces(body + input.title)}${CSS}</style></head>` +
    `<body><main>\n${body}\n</main></body></html>\n`;
  return { html, markdown: out.md.join("\n") + "\n" };
}

/** One plan's section: its heading, notes, fulfilment, physical outputs, scenarios and the government's claims. */
function addPlan(out: ReportParts, p: PlanSection, k: number, reportTitle: string): void {
  // a plan whose name is the report's title is not given it again as a heading
  const own = p.title !== reportTitle;
  out.body.push(
    `${own ? `<h2 id="plan-${k + 1}">${esc(p.title)}</h2>` : ""}<p><small>Plan file: ${esc(p.file)}</small></p>`,
  );
  out.md.push(...(own ? [`## ${p.title}`, ""] : []), `Plan file: \`${p.file}\``, "");
  for (const a of p.about ?? []) {
    out.body.push(`<p>${esc(a)}</p>`);
    out.md.push(a, "");
  }
  if (p.review) addReview(out, p, p.review);
  if (p.trends?.length) addTrends(out, p.trends);
  if (p.comparison) addComparison(out, p, p.comparison);
  if (p.claims?.length) addClaims(out, p.claims);
}

/** The plan's fulfilment: the review's HTML, and in Markdown the yearly ratios and the last shortfall explained. */
function addReview(out: ReportParts, p: PlanSection, review: ReportReview): void {
  const { body, md } = out;
  body.push(`<h3>Fulfilment</h3>${reviewHtml(p, review)}`);
  md.push(
    `**${review.rollUp.text}**`,
    "",
    `| target | ${review.years.join(" | ")} |`,
    `|---|${review.years.map(() => "---:").join("|")}|`,
  );
  for (const t of review.targets) md.push(`| ${t.label} | ${t.years.map((y) => formatPercent(y.ratio)).join(" | ")} |`);
  md.push("", "(— : not observed)", "");
  const a = [...review.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) {
    const parts = a.total.parts.length
      ? ` (${a.total.parts.map((q) => `${q.label} ${formatNumber(q.value)}`).join(" + ")})`
      : " (no observed channel)";
    md.push(
      `Shortfall in gross output in ${a.year}: ${formatNumber(a.total.shortfall)} ${p.unit} = ` +
        `modelled ${formatNumber(a.total.modelled)}${parts} + unexplained ${formatNumber(a.total.unexplained)}; ` +
        `in value added ${formatNumber(a.valueAdded.shortfall)} = modelled ${formatNumber(a.valueAdded.modelled)} + ` +
        `unexplained ${formatNumber(a.valueAdded.unexplained)}.`,
      "",
    );
    md.push(review.backcast.line, "");
  }
}

/** Physical outputs: first and last figure of each series, its change and its sources. */
function addTrends(out: ReportParts, trends: ReportTrend[]): void {
  const sources = (t: ReportTrend) =>
    t.first.source === t.last.source
      ? t.first.source
      : `${t.first.year}: ${t.first.source}; ${t.last.year}: ${t.last.source}`;
  out.body.push(
    `<h3 class="keep">Physical outputs</h3>${table(
      ["output", "first", "last", "change", "sources"],
      trends.map((t) => [
        `${esc(t.label)}<br><small>${esc(t.unit)}</small>`,
        `${columnFormat([t.first.value, t.last.value])(t.first.value)}<br><small>${t.first.year}</small>`,
        `${columnFormat([t.first.value, t.last.value])(t.last.value)}<br><small>${t.last.year}</small>`,
        formatPercent(t.change, { signed: true }),
        `<small>${esc(sources(t))}</small>`,
      ]),
      [false, true, true, true, false],
    )}`,
  );
  out.md.push(
    "| output | first | last | change |",
    "|---|---:|---:|---:|",
    ...trends.map((t) => {
      const f = columnFormat([t.first.value, t.last.value]);
      return (
        `| ${t.label} (${t.unit}) | ${f(t.first.value)} (${t.first.year}) | ${f(t.last.value)} (${t.last.year}) | ` +
        `${formatPercent(t.change, { signed: true })} |`
      );
    }),
    "",
  );
}

/** Feasibility under the scenarios: the comparison's HTML, and a Markdown table. */
function addComparison(out: ReportParts, p: PlanSection, comparison: ReportScenario[]): void {
  out.body.push(`<h3>Feasibility under the scenarios</h3>${comparisonHtml(p, comparison)}`);
  out.md.push(
    "| scenario | feasible | targets met | mean fulfilment | main bottleneck |",
    "|---|---|---:|---:|---|",
    ...comparison.map(
      (s) =>
        `| ${s.scenario} | ${s.feasible ? "yes" : `no (${s.relaxations} relaxations)`} | ` +
        `${s.targetsMet}/${s.targetYears} | ${formatPercent(meanOf(s))} | ${s.topBottleneck} |`,
    ),
    "",
  );
}

/** The government's own claims, each with its period and source. */
function addClaims(out: ReportParts, claims: ReportClaim[]): void {
  out.body.push(
    `<h3>The government's own claims</h3>${table(
      ["claim", "period", "value", "source"],
      claims.map((c) => [esc(c.indicator), esc(c.period), `${formatNumber(c.value)} ${esc(c.unit)}`, esc(c.source)]),
    )}`,
  );
  out.md.push(
    "Own claims: " + claims.map((c) => `${c.indicator} ${formatNumber(c.value)} ${c.unit} (${c.source})`).join("; "),
    "",
  );
}

/** The model: how well it reproduces output, the key-sector quadrant, the sector table and how it was made. */
function addModel(out: ReportParts, model: NonNullable<ReportInput["model"]>): void {
  const a = model.analysis;
  out.body.push(`<h2 id="model">The model: ${esc(a.model)}</h2>`);
  out.body.push(
    `<p class="keep">${a.sectors} sectors; output reproduced from final demand to ` +
      `${formatPercent(a.reproduction.maxRelativeError, { digits: 4 })} (${esc(a.reproduction.method)}, ` +
      `relative residual ${formatNumber(a.reproduction.residual)}); ` +
      `spectral radius of A ${esc(formatSpectralRadius(a.spectralRadius))}.</p>`,
  );
  out.body.push(quadrantFigure(a.rows));
  addSectorTables(out.body, a.rows, model.unit);
  out.body.push(
    `<h3>How the model was made</h3><ol>${model.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol>` +
      `<p><small>Sources: ${model.sources.map(esc).join("; ")}</small></p>`,
  );
  out.md.push(`## The model: ${a.model}`, "", ...model.notes.map((n) => `- ${n}`), "");
}

type SectorRow = ReportModelAnalysis["rows"][number];

/** The key-sector quadrant, with a caption that says which sectors are named. */
function quadrantFigure(rows: SectorRow[]): string {
  const linkages = rows.map((r) => ({ code: r.code, backward: r.backwardLinkage, forward: r.forwardLinkage }));
  const named = quadrantLabelled(linkages, QUADRANT_LABELS).length;
  const rule =
    named < linkages.length
      ? ` Named: the ${named} sectors with the largest backward + forward linkage; ` +
        `the other ${linkages.length - named} are the lighter dots.`
      : "";
  return (
    `<figure>${svg((d) => keySectorQuadrant(linkages, d, { labelled: QUADRANT_LABELS }))}` +
    "<figcaption>Key-sector quadrant: Rasmussen backward and forward linkages, normalised to an average of 1." +
    `${rule}</figcaption></figure>`
  );
}

/** Sectors by output multiplier: all of them, or on paper the first PRINTED_SECTORS and on screen all. */
function addSectorTables(body: string[], rows: SectorRow[], outputUnit: string | undefined): void {
  const d3 = (v: number) => formatNumber(v, { digits: 3 });
  const fo = columnFormat(rows.map((r) => r.output));
  const sorted = [...rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier);
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
  const unit = outputUnit ? `; output in ${esc(outputUnit)}` : "";
  if (sorted.length <= PRINTED_SECTORS)
    body.push(`<p class="keep"><small>Sectors by output multiplier${unit}.</small></p>${sectorTable(sorted)}`);
  else {
    // a large model's full table would fill dozens of printed pages: paper gets the first sectors, the screen all
    body.push(
      `<p class="keep"><small>The ${PRINTED_SECTORS} sectors with the largest output multiplier, ` +
        `of ${sorted.length}${unit}.<span class="print-only"> All ${sorted.length} are in the HTML report.</span>` +
        `</small></p>${sectorTable(sorted.slice(0, PRINTED_SECTORS))}`,
    );
    body.push(
      `<details class="screen-only"><summary>All ${sorted.length} sectors</summary>${sectorTable(sorted)}</details>`,
    );
  }
}
