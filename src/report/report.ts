/**
 * The report a planner hands on: one self-contained HTML file (inline CSS, inline SVG charts, no network) and
 * a Markdown summary, from plan reviews, scenario comparisons and a model analysis. Deterministic: the same
 * inputs (and `generated` date) give the same bytes.
 */
import { parseHTML } from "linkedom";
import type { ModelAnalysis } from "../app/analyseModel.ts";
import type { ScenarioComparison } from "../app/planning.ts";
import type { PlanReview } from "../app/review.ts";
import type { HeatCell, PlanPoint, SeriesPoint } from "./charts.ts";
import { explanationWaterfall, fulfilmentHeatmap, keySectorQuadrant, planVsObserved, yearLines } from "./charts.ts";
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
  review?: PlanReview;
  comparison?: ScenarioComparison[];
  trends?: ReportTrend[];
  claims?: ReportClaim[];
}

export interface ReportInput {
  title: string;
  /** Shown in the footer; fixed by tests for golden files. */
  generated: string;
  intro?: string[];
  plans: PlanSection[];
  model?: { analysis: ModelAnalysis; notes: string[]; sources: string[] };
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

const CSS = `
body{font:15px/1.5 ${REPORT_FONT_STACK};color:#1a1a1a;max-width:60rem;margin:2rem auto;padding:0 1.2rem}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.35rem;border-bottom:2px solid #446;padding-bottom:.2rem;margin-top:2.4rem}
h3{font-size:1.08rem;margin-top:1.6rem}p.lead{color:#333}
table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left;vertical-align:top}
th{background:#f2f3f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.met{background:#a8dcb0}.near{background:#ffd98a}.missed{background:#f4a6a6}.not-observed{background:#eee}
.callout{background:#f6f7fb;border-left:4px solid #446;padding:.6rem 1rem;margin:1rem 0}
details{margin:.4rem 0}summary{cursor:pointer;color:#335}
figure{margin:1rem 0;break-inside:avoid}figcaption{font-size:.85rem;color:#444}
footer{margin-top:3rem;font-size:.8rem;color:#555;border-top:1px solid #ccc;padding-top:.6rem}
small{color:#555}
@media print{body{margin:0;max-width:none}#model{break-before:page}figure,table{break-inside:avoid}}
`;

/** Renders a chart with a server-side DOM and returns its SVG/HTML markup. */
function svg(draw: (doc: Document) => Element): string {
  const { document } = parseHTML("<!doctype html><html><body></body></html>");
  return draw(document as unknown as Document).outerHTML;
}

function table(head: string[], rows: string[][], numeric: boolean[] = []): string {
  return `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="n"' : ""}>${c}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

function reviewHtml(p: PlanSection, r: PlanReview): string {
  const out: string[] = [];
  out.push(`<div class="callout"><strong>${esc(r.rollUp.text)}</strong> (cumulative over the years observed; met ≥ 100 %, near ≥ ${pct(r.thresholds.near)}).</div>`);
  const cells: HeatCell[] = r.targets.flatMap((t) => t.years.map((y) => ({ target: t.label, year: y.year, ratio: y.ratio, status: y.status })));
  out.push(`<figure>${svg((d) => fulfilmentHeatmap(cells, d))}<figcaption>Fulfilment by target and year: best estimate ÷ target (each cell's source below).</figcaption></figure>`);
  const points: PlanPoint[] = r.targets
    .filter((t) => t.years.some((y) => y.observed !== null))
    .flatMap((t) => t.years.map((y) => ({ series: t.label.length > 34 ? t.label.slice(0, 33) + "…" : t.label, year: y.year, target: Number.isNaN(y.target) ? null : y.target, observed: y.observed, min: t.ranges[y.year]?.min, max: t.ranges[y.year]?.max })));
  if (points.length) out.push(`<figure>${svg((d) => planVsObserved(points, d))}<figcaption>Plan (dashed) against the best estimate (dots) and the range across sources (bars), each as an index on its first year's target (= 100).</figcaption></figure>`);
  const spans = r.targets.flatMap((t) => t.spans.map((s) => ({ t, s })));
  if (spans.length) out.push(`<h3>Targets over the period as a whole</h3>${table(["target", "period", "observed", "target", "ratio", "source"], spans.map(({ t, s }) => [esc(t.label), s.period, num(s.observed), num(s.target), `<span class="${s.status}">${pct(s.ratio)}</span>`, esc(s.source)]), [false, false, true, true, true, false])}`);
  out.push(
    `<details><summary>Every figure and its source</summary>${table(
      ["target", "year", "target", "observed", "ratio", "source"],
      r.targets.flatMap((t) => t.years.filter((y) => y.observed !== null).map((y) => [esc(t.label), String(y.year), num(y.target), num(y.observed as number), `<span class="${y.status}">${pct(y.ratio)}</span>`, esc(t.sources[y.year] ?? "")])),
      [false, false, true, true, true, false],
    )}</details>`,
  );
  const a = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) {
    const t = a.total;
    out.push(`<h3>Why output fell short in ${a.year}</h3>`);
    out.push(`<p>Each observed channel is switched from its planned to its observed value in the supply-constrained model; its part is its Shapley value over every order of switching. The parts sum to what the model explains; what it does not explain is shown on its own. Rule: ${esc(a.rationing.rule)}.</p>`);
    out.push(`<figure>${svg((d) => explanationWaterfall(t.parts.map((q) => ({ label: q.label.length > 34 ? q.label.slice(0, 33) + "…" : q.label, value: q.value })), t, d, { unit: p.unit }))}<figcaption>Shortfall in gross output ${num(t.shortfall)} = modelled ${num(t.modelled)} + unexplained ${num(t.unexplained)} (${esc(p.unit)}; over the ${a.sectors.length} sectors reviewed). In value added: ${num(a.valueAdded.shortfall)} = ${num(a.valueAdded.modelled)} + ${num(a.valueAdded.unexplained)}.</figcaption></figure>`);
    out.push(
      table(
        ["channel", "observed", "part (Shapley)", "if switched first", "if switched last"],
        t.parts.map((q) => {
          const c = a.channels.find((x) => x.id === q.channel);
          return [esc(q.label), c?.ratio == null ? "—" : q.kind === "capacity" ? `${pct(c.ratio)} of output possible` : `${pct(c.ratio)} of planned`, num(q.value), num(q.first), num(q.last)];
        }),
        [false, true, true, true, true],
      ),
    );
    out.push(`<p>${esc(r.backcast.line)} The parts move by up to ${pct(a.interaction)} of the modelled total between the first and the last order.</p>`);
    out.push(table(["sector", "planned", "observed", "shortfall", "modelled", "unexplained"], a.sectors.map((s) => [s.code, num(s.planned), num(s.observed), num(s.shortfall), num(s.modelled), num(s.unexplained)]), [false, true, true, true, true, true]));
    out.push(`<details><summary>The evidence behind each part</summary><ul>${t.parts.map((q) => `<li>${esc(q.label)}: ${num(q.value)}<br><small>${q.evidence.map(esc).join("<br>")}</small></li>`).join("")}</ul></details>`);
  }
  if (r.warnings.length) out.push(`<details><summary>${r.warnings.length} warning${r.warnings.length > 1 ? "s" : ""}</summary><ul>${r.warnings.map((w) => `<li>${esc(w.path)}: ${esc(w.message)}</li>`).join("")}</ul></details>`);
  return out.join("\n");
}

function comparisonHtml(p: PlanSection, c: ScenarioComparison[]): string {
  const out: string[] = [];
  out.push(table(["scenario", "feasible", "targets met", "mean fulfilment", "main bottleneck"], c.map((s) => [esc(s.scenario), s.feasible ? "yes" : `no (${s.relaxations} relaxations)`, `${s.targetsMet}/${s.targetYears}`, pct(s.meanFulfilment), esc(s.topBottleneck)]), [false, false, true, true, false]));
  const fulfil: SeriesPoint[] = c.flatMap((s) => {
    const years = [...new Set(s.best.fulfilment.map((f) => f.year))].sort();
    return years.map((y) => {
      const fs = s.best.fulfilment.filter((f) => f.year === y && !f.id.startsWith("baseline:"));
      return { series: s.scenario, year: y, value: fs.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, fs.length) };
    });
  });
  out.push(`<figure>${svg((d) => yearLines(fulfil, d, { unit: "mean fulfilment of targets", percent: true }))}<figcaption>Scenario comparison: the best plan's mean fulfilment of the targets each year (weighted harmony).</figcaption></figure>`);
  const base = c[0];
  const res: SeriesPoint[] = [];
  for (const id of [...new Set(base.check.resources.map((x) => x.id))]) {
    const label = base.check.resources.find((x) => x.id === id)!.label;
    for (const x of base.check.resources.filter((q) => q.id === id)) res.push({ series: `${label}: required`, year: x.year, value: x.required });
    for (const s of c) for (const x of s.check.resources.filter((q) => q.id === id)) res.push({ series: `available: ${s.scenario}`, year: x.year, value: x.limit });
  }
  if (res.length) out.push(`<figure>${svg((d) => yearLines(res, d, { unit: p.unit }))}<figcaption>Resources the plan requires (without shocks) against what each scenario leaves available.</figcaption></figure>`);
  for (const s of c.filter((q) => !q.feasible)) {
    out.push(`<details><summary>${esc(s.scenario)}: the smallest relaxation that makes the plan feasible</summary><ul>${s.check.relaxations.map((r) => `<li>${esc(r.text)}</li>`).join("")}</ul><p>Bottlenecks (shadow prices):</p><ul>${s.best.bottlenecks.slice(0, 8).map((b) => `<li>${esc(b.text)}</li>`).join("")}</ul></details>`);
  }
  return out.join("\n");
}

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
    body.push(`<h2 id="plan-${k + 1}">${esc(p.title)}</h2><p><small>Plan file: ${esc(p.file)}</small></p>`);
    md.push(`## ${p.title}`, "", `Plan file: \`${p.file}\``, "");
    for (const a of p.about ?? []) {
      body.push(`<p>${esc(a)}</p>`);
      md.push(a, "");
    }
    if (p.review) {
      body.push(`<h3>Fulfilment</h3>${reviewHtml(p, p.review)}`);
      md.push(`**${p.review.rollUp.text}**`, "", `| target | ${p.review.years.join(" | ")} |`, `|---|${p.review.years.map(() => "---:").join("|")}|`);
      for (const t of p.review.targets) md.push(`| ${t.label} | ${t.years.map((y) => pct(y.ratio)).join(" | ")} |`);
      md.push("");
      const a = [...p.review.explanations].reverse().find((q) => q.total.shortfall > 0);
      if (a) {
        md.push(`Shortfall in gross output in ${a.year}: ${num(a.total.shortfall)} ${p.unit} = modelled ${num(a.total.modelled)} (${a.total.parts.map((q) => `${q.label} ${num(q.value)}`).join(" + ")}) + unexplained ${num(a.total.unexplained)}; in value added ${num(a.valueAdded.shortfall)} = modelled ${num(a.valueAdded.modelled)} + unexplained ${num(a.valueAdded.unexplained)}.`, "");
        md.push(p.review.backcast.line, "");
      }
    }
    if (p.trends?.length) {
      body.push(`<h3>Physical outputs</h3>${table(["output", "first", "last", "change", "sources"], p.trends.map((t) => [esc(t.label), `${num(t.first.value)} ${esc(t.unit)} (${t.first.year})`, `${num(t.last.value)} ${esc(t.unit)} (${t.last.year})`, `${(t.change * 100).toFixed(1)} %`, esc(`${t.first.source}; ${t.last.source}`)]), [false, true, true, true, false])}`);
      md.push("| output | first | last | change |", "|---|---:|---:|---:|", ...p.trends.map((t) => `| ${t.label} | ${num(t.first.value)} (${t.first.year}) | ${num(t.last.value)} (${t.last.year}) | ${(t.change * 100).toFixed(1)} % |`), "");
    }
    if (p.comparison) {
      body.push(`<h3>Feasibility under the scenarios</h3>${comparisonHtml(p, p.comparison)}`);
      md.push("| scenario | feasible | targets met | mean fulfilment | main bottleneck |", "|---|---|---:|---:|---|", ...p.comparison.map((s) => `| ${s.scenario} | ${s.feasible ? "yes" : `no (${s.relaxations} relaxations)`} | ${s.targetsMet}/${s.targetYears} | ${pct(s.meanFulfilment)} | ${s.topBottleneck} |`), "");
    }
    if (p.claims?.length) {
      body.push(`<h3>The government's own claims</h3>${table(["claim", "period", "value", "source"], p.claims.map((c) => [esc(c.indicator), esc(c.period), `${c.value} ${esc(c.unit)}`, esc(c.source)]))}`);
      md.push("Own claims: " + p.claims.map((c) => `${c.indicator} ${c.value} ${c.unit} (${c.source})`).join("; "), "");
    }
  });
  if (input.model) {
    const a = input.model.analysis;
    body.push(`<h2 id="model">The model: ${esc(a.model)}</h2>`);
    body.push(`<p>${a.sectors} sectors; output reproduced from final demand to ${(a.reproduction.maxRelativeError * 100).toFixed(4)} % (${esc(a.reproduction.method)}, relative residual ${a.reproduction.residual.toExponential(1)}); spectral radius of A ${a.spectralRadius.estimate.toFixed(3)}.</p>`);
    body.push(`<figure>${svg((d) => keySectorQuadrant(a.rows.map((r) => ({ code: r.code, backward: r.backwardLinkage, forward: r.forwardLinkage })), d))}<figcaption>Key-sector quadrant: Rasmussen backward and forward linkages, normalised to an average of 1.</figcaption></figure>`);
    body.push(table(["sector", "output", "output multiplier", "backward", "forward", "class"], [...a.rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier).map((r) => [esc(`${r.code} ${r.name}`), num(r.output), r.outputMultiplier.toFixed(3), r.backwardLinkage.toFixed(3), r.forwardLinkage.toFixed(3), r.keySector]), [false, true, true, true, true, false]));
    body.push(`<h3>How the model was made</h3><ol>${input.model.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol><p><small>Sources: ${input.model.sources.map(esc).join("; ")}</small></p>`);
    md.push(`## The model: ${a.model}`, "", ...input.model.notes.map((n) => `- ${n}`), "");
  }
  body.push(`<footer>Made by ioplan on ${esc(input.generated)}. Every figure is an observation with its source, a model result, or a labelled assumption.</footer>`);
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(input.title)}</title><style>${koreanFontFaces(body.join("\n") + input.title)}${CSS}</style></head><body><main>\n${body.join("\n")}\n</main></body></html>\n`;
  return { html, markdown: md.join("\n") + "\n" };
}
