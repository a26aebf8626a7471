/**
 * ioplan's dashboard: overview (fulfilment traffic lights, missed in N of M, binding constraints), sector
 * drill-down (a target against every source's figures), plan and scenario editor (recomputed in a Web Worker
 * on the engine's code; the full plan check on the server) and model explorer. Plain TypeScript and the DOM;
 * charts from src/report/charts.ts, the same definitions the HTML report uses.
 */
import "./style.css";
import { explanationWaterfall, fulfilmentHeatmap, keySectorQuadrant, planVsObserved } from "../../src/report/charts.ts";
import type { STATUS_COLOURS } from "../../src/report/charts.ts";
import type { Controls, ModelData } from "./worker.ts";

interface PlanListItem {
  id: string;
  name: string;
  years: number[];
  model: string | null;
  scenarios: string[];
  reviewable: boolean;
}
interface YearF {
  year: number;
  target: number;
  observed: number | null;
  ratio: number | null;
  status: keyof typeof STATUS_COLOURS;
}
interface TargetReview {
  id: string;
  label: string;
  indicator: string;
  sector: string;
  years: YearF[];
  sources: Record<string, string>;
  ranges: Record<string, { min: number; max: number; sources: number }>;
  cumulative: { ratio: number | null; status: string };
}
interface Review {
  plan: string;
  years: number[];
  targets: TargetReview[];
  rollUp: { text: string; missed: number; total: number };
  explanations: { year: number; units: string; total: { shortfall: number; modelled: number; unexplained: number; parts: { channel: string; label: string; value: number }[] }; rationing: { rule: string } }[];
  backcast: { line: string };
}

const main = document.getElementById("main")!;
const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${(v * 100).toFixed(1)} %`);
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

async function api<T>(path: string, body?: unknown): Promise<T> {
  const r = await fetch(path, body === undefined ? undefined : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const j = (await r.json()) as T & { error?: string };
  if (!r.ok) throw new Error(j.error ?? `${r.status} ${path}`);
  return j;
}

function h(html: string): HTMLElement {
  const t = document.createElement("template");
  t.innerHTML = html.trim();
  return t.content.firstElementChild as HTMLElement;
}

let plansCache: PlanListItem[] | undefined;
const plans = async () => (plansCache ??= await api<PlanListItem[]>("/api/plans"));

function planPicker(list: PlanListItem[], selected: string, onChange: (id: string) => void, filter: (p: PlanListItem) => boolean = () => true): HTMLElement {
  const el = h(`<p><label for="plan-select">Plan </label><select id="plan-select" data-testid="plan-select">${list.filter(filter).map((p) => `<option value="${esc(p.id)}"${p.id === selected ? " selected" : ""}>${esc(p.name)}</option>`).join("")}</select></p>`);
  el.querySelector("select")!.addEventListener("change", (e) => onChange((e.target as HTMLSelectElement).value));
  return el;
}

// ── Overview ────────────────────────────────────────────────────────────────────────────────────────────
async function overview(planId?: string): Promise<void> {
  const list = await plans();
  const reviewable = list.filter((p) => p.reviewable);
  const id = planId ?? reviewable.find((p) => p.id.includes("2016-2020"))?.id ?? reviewable[0]?.id;
  main.replaceChildren(h(`<h1>Overview</h1>`));
  if (!id) return void main.append(h(`<p>No plan with observed indicators in this workspace.</p>`));
  main.append(planPicker(list, id, (v) => (location.hash = `#/overview/${v}`), (p) => p.reviewable));
  const review = await api<Review>(`/api/plans/${id}/review`);
  main.append(h(`<div class="callout" role="status" data-testid="rollup"><strong>${esc(review.rollUp.text)}</strong> <span class="muted">(cumulative over the years observed)</span></div>`));
  const cells = review.targets.flatMap((t) => t.years.map((y) => ({ target: t.label, year: y.year, ratio: y.ratio, status: y.status })));
  const fig = h(`<figure data-testid="heatmap"><figcaption>Fulfilment by target and year (traffic lights; select a target's name in the table below for its sources)</figcaption></figure>`);
  fig.prepend(fulfilmentHeatmap(cells, document, { width: Math.min(900, main.clientWidth || 900) }));
  main.append(fig);
  main.append(
    h(
      `<table data-testid="targets"><caption>Targets</caption><thead><tr><th scope="col">target</th>${review.years.map((y) => `<th scope="col">${y}</th>`).join("")}<th scope="col">cumulative</th></tr></thead><tbody>${review.targets
        .map((t) => `<tr><th scope="row"><a href="#/sector/${esc(id)}/${esc(t.id)}">${esc(t.label)}</a></th>${t.years.map((y) => `<td class="n ${y.status}">${pct(y.ratio)}</td>`).join("")}<td class="n ${t.cumulative.status}">${pct(t.cumulative.ratio)}</td></tr>`)
        .join("")}</tbody></table>`,
    ),
  );
  const a = [...review.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) {
    const parts = a.total.parts.map((q) => ({ label: q.label.length > 34 ? q.label.slice(0, 33) + "…" : q.label, value: q.value }));
    const w = h(`<figure data-testid="waterfall"><figcaption>Why output fell short in ${a.year} (${esc(a.units)}): each observed channel's part (Shapley value of counterfactual runs), their sum, and what the model does not explain</figcaption></figure>`);
    w.prepend(explanationWaterfall(parts, a.total, document, { width: Math.min(900, main.clientWidth || 900), unit: a.units }));
    main.append(h(`<h2>Why output fell short</h2>`), w);
    main.append(h(`<p class="muted" data-testid="backcast">${esc(review.backcast.line)} Rule: ${esc(a.rationing.rule)}.</p>`));
  }
  // binding constraints: the plan's scenarios compared on the server (a job with progress)
  const section = h(`<section aria-labelledby="bind-h"><h2 id="bind-h">Binding constraints</h2><progress data-testid="compare-progress" max="1" value="0" aria-label="comparing scenarios"></progress><p class="muted" data-testid="compare-status" aria-live="polite">Comparing the plan's scenarios on the server…</p></section>`);
  main.append(section);
  const started = await api<{ poll: string }>(`/api/plans/${id}/compare`, {});
  for (;;) {
    const job = await api<{ status: string; progress: { done: number; total: number; what: string }; result?: { scenario: string; feasible: boolean; relaxations: number; meanFulfilment: number; topBottleneck: string }[]; error?: string }>(started.poll);
    const bar = section.querySelector("progress")!;
    bar.max = job.progress.total;
    bar.value = job.progress.done;
    section.querySelector("[data-testid=compare-status]")!.textContent = job.status === "running" ? `Comparing… ${job.progress.what}` : job.status === "done" ? "Done." : `Failed: ${job.error}`;
    if (job.status !== "running") {
      if (job.result)
        section.append(
          h(
            `<table data-testid="bindings"><thead><tr><th scope="col">scenario</th><th scope="col">feasible</th><th scope="col">mean fulfilment</th><th scope="col">main bottleneck (shadow price)</th></tr></thead><tbody>${job.result
              .map((r) => `<tr><td>${esc(r.scenario)}</td><td>${r.feasible ? "yes" : `no (${r.relaxations} relaxations)`}</td><td class="n">${pct(r.meanFulfilment)}</td><td>${esc(r.topBottleneck)}</td></tr>`)
              .join("")}</tbody></table>`,
          ),
        );
      break;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

// ── Sector drill-down ──────────────────────────────────────────────────────────────────────────────────
async function sector(planId?: string, targetId?: string): Promise<void> {
  const list = await plans();
  const id = planId ?? list.find((p) => p.reviewable)?.id;
  main.replaceChildren(h(`<h1>Sector drill-down</h1>`));
  if (!id) return;
  const review = await api<Review>(`/api/plans/${id}/review`);
  const t = review.targets.find((x) => x.id === targetId) ?? review.targets[0];
  main.append(planPicker(list, id, (v) => (location.hash = `#/sector/${v}`), (p) => p.reviewable));
  const pick = h(`<p><label for="target-select">Target </label><select id="target-select" data-testid="target-select">${review.targets.map((x) => `<option value="${esc(x.id)}"${x.id === t.id ? " selected" : ""}>${esc(x.label)}</option>`).join("")}</select></p>`);
  pick.querySelector("select")!.addEventListener("change", (e) => (location.hash = `#/sector/${id}/${(e.target as HTMLSelectElement).value}`));
  main.append(pick, h(`<h2 data-testid="target-title">${esc(t.label)} <small>(${esc(t.indicator)}, sector ${esc(t.sector)})</small></h2>`));
  const fig = h(`<figure><figcaption>Target (dashed) against the best estimate (dots) and the range across sources, as an index on the first year's target</figcaption></figure>`);
  fig.prepend(planVsObserved(t.years.map((y) => ({ series: t.label.slice(0, 40), year: y.year, target: y.target, observed: y.observed, min: t.ranges[y.year]?.min, max: t.ranges[y.year]?.max })), document, { width: Math.min(900, main.clientWidth || 900) }));
  main.append(fig);
  main.append(h(`<table data-testid="target-years"><thead><tr><th scope="col">year</th><th scope="col">target</th><th scope="col">best estimate</th><th scope="col">fulfilment</th><th scope="col">chosen figure</th></tr></thead><tbody>${t.years.map((y) => `<tr><td>${y.year}</td><td class="n">${y.target.toFixed(3)}</td><td class="n">${y.observed === null ? "—" : y.observed.toFixed(3)}</td><td class="n ${y.status}">${pct(y.ratio)}</td><td>${esc(t.sources[y.year] ?? "")}</td></tr>`).join("")}</tbody></table>`));
  const figs = await api<{ id: number; period: string; value: number | null; text: string | null; unit: string; kind: string; sourceName: string; sourceUrl: string | null; published: string | null; status: string; revision: number; note: string | null }[]>(`/api/observations?indicator=${encodeURIComponent(t.indicator)}`);
  main.append(
    h(`<h2>Every source's figures for ${esc(t.indicator)}</h2>`),
    h(
      `<table data-testid="sources"><thead><tr><th scope="col">period</th><th scope="col">value</th><th scope="col">kind</th><th scope="col">source (provenance)</th><th scope="col">note</th></tr></thead><tbody>${figs
        .sort((a, b) => a.period.localeCompare(b.period))
        .map((f) => `<tr><td>${esc(f.period)}</td><td class="n">${f.value ?? esc(f.text ?? "")} ${esc(f.unit)}</td><td>${esc(f.kind)}</td><td>${f.sourceUrl ? `<a href="${esc(f.sourceUrl)}" rel="noopener noreferrer" target="_blank">${esc(f.sourceName)}</a>` : esc(f.sourceName)}${f.published ? ` (${esc(f.published)})` : ""}</td><td><small>${esc((f.note ?? "").slice(0, 220))}</small></td></tr>`)
        .join("")}</tbody></table>`,
    ),
  );
}

// ── Plan and scenario editor ───────────────────────────────────────────────────────────────────────────
let worker: Worker | undefined;
let loadedModel: string | undefined;
let seq = 0;

function getWorker(): Worker {
  worker ??= new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
  return worker;
}

async function editor(modelId = "dprk"): Promise<void> {
  const models = await api<{ id: string; name: string; sectors: number }[]>("/api/models");
  const data = await api<ModelData & { name: string; unit: string }>(`/api/models/${modelId}/data`);
  const codes = data.sectors.map((s) => s.code);
  const defaultSector = codes.includes("MET") ? "MET" : codes[0];
  const lossSector = codes.includes("AGR") ? "AGR" : codes[0];
  const sectorOptions = (sel: string) => data.sectors.map((s) => `<option value="${esc(s.code)}"${s.code === sel ? " selected" : ""}>${esc(s.code)} ${esc(s.name.slice(0, 50))}</option>`).join("");
  main.replaceChildren(
    h(`<h1>Plan and scenario editor</h1>`),
    h(`<p class="muted">Every change is recomputed at once in your browser (a Web Worker running ioplan's engine): the output the final demand requires, each sector against its capacity and the imported inputs against the cap, for the model's base year. The full multi-year plan check runs on the server.</p>`),
  );
  const form = h(`<form class="controls" data-testid="controls">
    <p><label for="model-select">Model</label> <select id="model-select" data-testid="model-select">${models.map((m) => `<option value="${esc(m.id)}"${m.id === modelId ? " selected" : ""}>${esc(m.name)} (${m.sectors})</option>`).join("")}</select></p>
    <fieldset><legend>Change a target</legend>
      <label for="demand-sector">Final demand of</label> <select id="demand-sector" data-testid="demand-sector">${sectorOptions(defaultSector)}</select>
      <label for="demand-factor">× <output id="demand-out" for="demand-factor">100 %</output></label>
      <input id="demand-factor" data-testid="demand-factor" type="range" min="0" max="300" step="5" value="100" /></fieldset>
    <fieldset><legend>Import cap</legend>
      <label for="import-cap">Imported inputs available: <output id="import-out" for="import-cap">no cap</output></label>
      <input id="import-cap" data-testid="import-cap" type="range" min="0" max="151" step="1" value="151" ${data.importsPerUnit ? "" : "disabled"} />
      ${data.importsPerUnit ? "" : `<small>(this model has no import coefficients)</small>`}</fieldset>
    <fieldset><legend>Capacity</legend>
      <label for="loss-sector">Capacity loss in</label> <select id="loss-sector" data-testid="loss-sector">${sectorOptions(lossSector)}</select>
      <label for="loss-share">of <output id="loss-out" for="loss-share">0 %</output></label>
      <input id="loss-share" data-testid="loss-share" type="range" min="0" max="100" step="1" value="0" />
      <label for="headroom">Capacity of every sector: <output id="headroom-out" for="headroom">110 %</output> of base-year output</label>
      <input id="headroom" data-testid="headroom" type="range" min="100" max="150" step="1" value="110" ${data.capacities ? "disabled" : ""} /></fieldset>
  </form>`);
  form.addEventListener("submit", (e) => e.preventDefault());
  main.append(form);
  const result = h(`<section aria-live="polite" data-testid="result" class="result"><p>Recomputing…</p></section>`);
  main.append(result);
  const $ = <T extends HTMLElement>(sel: string) => form.querySelector(sel) as T;
  form.querySelector("#model-select")!.addEventListener("change", (e) => (location.hash = `#/editor/${(e.target as HTMLSelectElement).value}`));
  const controls = (): Controls => {
    const cap = Number($<HTMLInputElement>("#import-cap").value);
    return {
      demand: { [$<HTMLSelectElement>("#demand-sector").value]: Number($<HTMLInputElement>("#demand-factor").value) / 100 },
      capacity: Number($<HTMLInputElement>("#headroom").value) / 100,
      capacityLoss: { [$<HTMLSelectElement>("#loss-sector").value]: Number($<HTMLInputElement>("#loss-share").value) / 100 },
      importCap: data.importsPerUnit && cap <= 150 ? cap / 100 : null,
    };
  };
  const w = getWorker();
  const render = (r: { feasible: boolean; attainable: number; binding: { label: string; use: number } | null; constraints: { label: string; required: number; available: number; use: number }[]; output: number[]; residual: number }, ms: number) => {
    const base = data.x;
    const changes = r.output.map((v, i) => ({ code: codes[i], name: data.sectors[i].name, v, d: v - base[i] })).sort((a, b) => Math.abs(b.d) - Math.abs(a.d)).slice(0, 8);
    result.replaceChildren(
      h(`<div class="big ${r.feasible ? "met" : "missed"}" data-testid="feasibility">${r.feasible ? "Feasible" : "Not feasible"}: <span data-testid="attainable">${pct(r.attainable)}</span> of the demand can be met</div>`),
      h(`<p data-testid="binding">${r.binding ? `Binding: <strong>${esc(r.binding.label)}</strong> at ${pct(r.binding.use)} of what is available.` : "No constraint binds."} <span class="muted">Recomputed in ${ms.toFixed(1)} ms; residual ${r.residual.toExponential(1)}.</span></p>`),
      h(`<table data-testid="constraints"><caption>Constraints, most used first</caption><thead><tr><th scope="col">constraint</th><th scope="col">required</th><th scope="col">available</th><th scope="col">use</th></tr></thead><tbody>${r.constraints.map((c) => `<tr><td>${esc(c.label)}</td><td class="n">${c.required.toFixed(3)}</td><td class="n">${c.available.toFixed(3)}</td><td class="n ${c.use > 1 ? "missed" : c.use > 0.95 ? "near" : "met"}">${pct(c.use)}</td></tr>`).join("")}</tbody></table>`),
      h(`<table data-testid="outputs"><caption>Largest changes in output (${esc(data.unit)})</caption><thead><tr><th scope="col">sector</th><th scope="col">output</th><th scope="col">change</th></tr></thead><tbody>${changes.map((c) => `<tr><td>${esc(c.code)} ${esc(c.name.slice(0, 50))}</td><td class="n" data-sector="${esc(c.code)}">${c.v.toFixed(4)}</td><td class="n">${Math.abs(c.d) < 5e-5 ? "0" : `${c.d > 0 ? "+" : "−"}${Math.abs(c.d).toFixed(4)}`}</td></tr>`).join("")}</tbody></table>`),
    );
  };
  w.onmessage = (e: MessageEvent) => {
    const m = e.data as { kind: string; seq?: number; ms?: number; result?: Parameters<typeof render>[0]; message?: string };
    if (m.kind === "loaded") {
      loadedModel = modelId;
      recompute();
    } else if (m.kind === "result" && m.seq === seq) render(m.result!, m.ms!);
    else if (m.kind === "error") result.replaceChildren(h(`<p role="alert">${esc(m.message ?? "error")}</p>`));
  };
  const recompute = () => {
    const c = controls();
    $("#demand-out").textContent = `${Math.round(c.demand[Object.keys(c.demand)[0]] * 100)} %`;
    $("#import-out").textContent = c.importCap === null ? "no cap" : `${Math.round(c.importCap * 100)} % of base-year imports`;
    $("#loss-out").textContent = `${Math.round(Object.values(c.capacityLoss)[0] * 100)} %`;
    $("#headroom-out").textContent = `${Math.round(c.capacity * 100)} %`;
    w.postMessage({ kind: "recompute", seq: ++seq, controls: c });
  };
  form.addEventListener("input", recompute);
  if (loadedModel === modelId) recompute();
  else w.postMessage({ kind: "load", model: data });

  // the full plan on the server, with the same changes as overrides
  const list = (await plans()).filter((p) => p.model === modelId);
  if (list.length) {
    const draft = list.find((p) => p.id.includes("draft")) ?? list[0];
    const server = h(`<section aria-labelledby="srv-h"><h2 id="srv-h">The full plan on the server</h2>
      <p><label for="srv-plan">Plan</label> <select id="srv-plan" data-testid="srv-plan">${list.map((p) => `<option value="${esc(p.id)}"${p.id === draft.id ? " selected" : ""}>${esc(p.name)}</option>`).join("")}</select>
      <label for="srv-scenario">Scenario</label> <select id="srv-scenario" data-testid="srv-scenario"><option value="">(no shocks)</option>${draft.scenarios.map((s) => `<option>${esc(s)}</option>`).join("")}</select>
      <button type="button" data-testid="srv-run">Check and optimise with these changes</button></p>
      <div data-testid="srv-result" aria-live="polite"></div></section>`);
    main.append(server);
    server.querySelector("button")!.addEventListener("click", async () => {
      const out = server.querySelector("[data-testid=srv-result]")!;
      out.textContent = "Solving on the server…";
      const c = controls();
      const planId = (server.querySelector("#srv-plan") as HTMLSelectElement).value;
      const plan = await api<{ limits: { id: string }[] }>(`/api/plans/${planId}`);
      const overrides = { capacityLoss: Object.fromEntries(Object.entries(c.capacityLoss).filter(([, v]) => v > 0)), limits: c.importCap === null ? {} : Object.fromEntries(plan.limits.filter((l) => /import/i.test(l.id)).map((l) => [l.id, c.importCap as number])) };
      const scenario = (server.querySelector("#srv-scenario") as HTMLSelectElement).value || undefined;
      try {
        const [check, best] = await Promise.all([api<{ feasible: boolean; relaxations: { text: string }[] }>(`/api/plans/${planId}/check`, { scenario, overrides }), api<{ bottlenecks: { text: string }[]; status: string }>(`/api/plans/${planId}/optimise`, { scenario, overrides })]);
        out.replaceChildren(
          h(`<div class="big ${check.feasible ? "met" : "missed"}" data-testid="srv-feasible">${check.feasible ? "Feasible" : "Not feasible"} (${esc(best.status)})</div>`),
          h(`<ul>${check.relaxations.slice(0, 8).map((r) => `<li>${esc(r.text)}</li>`).join("")}</ul>`),
          h(`<p>Bottlenecks:</p>`),
          h(`<ul data-testid="srv-bottlenecks">${best.bottlenecks.slice(0, 6).map((b) => `<li>${esc(b.text)}</li>`).join("") || "<li>none</li>"}</ul>`),
        );
      } catch (e) {
        out.replaceChildren(h(`<p role="alert">${esc((e as Error).message)}</p>`));
      }
    });
  }
}

// ── Model explorer ─────────────────────────────────────────────────────────────────────────────────────
async function model(modelId = "dprk"): Promise<void> {
  const models = await api<{ id: string; name: string; sectors: number }[]>("/api/models");
  const m = await api<{ name: string; unit: string; notes: string[]; analysis: { rows: { code: string; name: string; output: number; outputMultiplier: number; backwardLinkage: number; forwardLinkage: number; keySector: string }[]; reproduction: { maxRelativeError: number; residual: number } }; largestFlows: { from: string; to: string; value: number }[] }>(`/api/models/${modelId}`);
  main.replaceChildren(h(`<h1>Model explorer</h1>`));
  const pick = h(`<p><label for="explore-model">Model</label> <select id="explore-model" data-testid="explore-model">${models.map((x) => `<option value="${esc(x.id)}"${x.id === modelId ? " selected" : ""}>${esc(x.name)}</option>`).join("")}</select></p>`);
  pick.querySelector("select")!.addEventListener("change", (e) => (location.hash = `#/model/${(e.target as HTMLSelectElement).value}`));
  main.append(pick, h(`<p>${esc(m.name)}: ${m.analysis.rows.length} sectors; output reproduced from final demand to ${(m.analysis.reproduction.maxRelativeError * 100).toFixed(4)} % (residual ${m.analysis.reproduction.residual.toExponential(1)}).</p>`));
  const fig = h(`<figure data-testid="quadrant"><figcaption>Key-sector quadrant: backward against forward linkages (normalised)</figcaption></figure>`);
  fig.prepend(keySectorQuadrant(m.analysis.rows.map((r) => ({ code: r.code, backward: r.backwardLinkage, forward: r.forwardLinkage })), document));
  main.append(fig);
  const rows = [...m.analysis.rows].sort((a, b) => b.outputMultiplier - a.outputMultiplier).slice(0, 40);
  main.append(h(`<table data-testid="multipliers"><caption>Output multipliers (Type I) and linkages${m.analysis.rows.length > 40 ? ", top 40" : ""}</caption><thead><tr><th scope="col">sector</th><th scope="col">output</th><th scope="col">multiplier</th><th scope="col">backward</th><th scope="col">forward</th><th scope="col">class</th></tr></thead><tbody>${rows.map((r) => `<tr><td>${esc(r.code)} ${esc(r.name.slice(0, 60))}</td><td class="n">${r.output.toFixed(3)}</td><td class="n" data-multiplier="${esc(r.code)}">${r.outputMultiplier.toFixed(4)}</td><td class="n">${r.backwardLinkage.toFixed(3)}</td><td class="n">${r.forwardLinkage.toFixed(3)}</td><td>${esc(r.keySector)}</td></tr>`).join("")}</tbody></table>`));
  main.append(h(`<table data-testid="flows"><caption>Largest flows between sectors (${esc(m.unit)})</caption><thead><tr><th scope="col">from</th><th scope="col">to</th><th scope="col">flow</th></tr></thead><tbody>${m.largestFlows.slice(0, 15).map((f) => `<tr><td>${esc(f.from)}</td><td>${esc(f.to)}</td><td class="n">${f.value.toFixed(3)}</td></tr>`).join("")}</tbody></table>`));
  main.append(h(`<details><summary>How the model was made</summary><ol>${m.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ol></details>`));
}

// ── Router ─────────────────────────────────────────────────────────────────────────────────────────────
async function route(): Promise<void> {
  const [view, a, b] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a")) link.setAttribute("aria-current", link.dataset.view === (view || "overview") ? "page" : "false");
  main.replaceChildren(h(`<p>Loading…</p>`));
  try {
    if (view === "sector") await sector(a, b);
    else if (view === "editor") await editor(a);
    else if (view === "model") await model(a);
    else await overview(a);
  } catch (e) {
    main.replaceChildren(h(`<p role="alert">Could not load this view: ${esc((e as Error).message)}</p>`));
  }
  document.body.dataset.ready = view || "overview";
}

window.addEventListener("hashchange", () => void route());
void route();
