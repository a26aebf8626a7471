/**
 * Plan and scenario editor: every change recomputed at once in a Web Worker on the engine's code (the one-year
 * quick check), and the same changes sent to the server for the full multi-year check of the chosen plan.
 */
import { clip, formatChange, formatNumber, formatPercent } from "../../../src/engine/index.ts";
import type { QuickCheckResult, QuickConstraint } from "../../../src/engine/index.ts";
import { getModelData, getPlan } from "../api.ts";
import { esc, h } from "../dom.ts";
import type { Controls } from "../worker.ts";
import type { Context } from "./context.ts";
import { serverCheck } from "./editorServer.ts";

/** The worker's answer: the engine's quick check, its output as a plain array. */
type QuickResult = Omit<QuickCheckResult, "output"> & { output: number[] };

let worker: Worker | undefined;
let loadedModel: string | undefined;
let baseline: number[] = [];
let seq = 0;

function getWorker(): Worker {
  worker ??= new Worker(new URL("../worker.ts", import.meta.url), { type: "module" });
  return worker;
}

/** The model the editor works on, as the API sends it. */
type ModelData = Awaited<ReturnType<typeof getModelData>>;

/** The options of a sector picker, `sel` selected. */
function sectorOptions(data: ModelData, sel: string): string {
  return data.sectors
    .map(
      (s) =>
        `<option value="${esc(s.code)}"${s.code === sel ? " selected" : ""}>${esc(s.code)} ` +
        `${esc(clip(s.name, 60))}</option>`,
    )
    .join("");
}

/** A range slider whose id is also its test id; `extra` follows its value attribute. */
function slider(id: string, min: number, max: number, step: number, value: number, extra = ""): string {
  return (
    `<input id="${id}" data-testid="${id}" type="range" min="${min}" max="${max}" step="${step}" ` +
    `value="${value}"${extra} />`
  );
}

/** The controls: final demand of one sector, the import cap, a capacity loss and every sector's capacity. */
function controlsForm(data: ModelData, demandSector: string): HTMLElement {
  const codes = data.sectors.map((s) => s.code);
  const demandOptions = sectorOptions(data, demandSector);
  const demandSelect = `<select id="demand-sector" data-testid="demand-sector">${demandOptions}</select>`;
  const lossSector = codes.includes("AGR") ? "AGR" : codes[0];
  const lossSelect = `<select id="loss-sector" data-testid="loss-sector">${sectorOptions(data, lossSector)}</select>`;
  const importOut = `<output id="import-out" for="import-cap">no cap</output>`;
  const headroomOut = `<output id="headroom-out" for="headroom">110 %</output>`;
  return h(`<form class="controls" data-testid="controls">
    <fieldset><legend>Final demand</legend>
      <label for="demand-sector">Final demand of</label> ${demandSelect}
      <label for="demand-factor">× <output id="demand-out" for="demand-factor">100 %</output></label>
      ${slider("demand-factor", 0, 300, 5, 100)}</fieldset>
    <fieldset><legend>Import cap</legend>
      <label for="import-cap">Imported inputs available: ${importOut}</label>
      ${slider("import-cap", 0, 151, 1, 151, ` ${data.importsPerUnit ? "" : "disabled"}`)}
      ${data.importsPerUnit ? "" : `<small>(this model has no import coefficients)</small>`}</fieldset>
    <fieldset><legend>Capacity</legend>
      <label for="loss-sector">Capacity loss in</label> ${lossSelect}
      <label for="loss-share">of <output id="loss-out" for="loss-share">0 %</output></label>
      ${slider("loss-share", 0, 100, 1, 0)}
      <label for="headroom">Capacity of every sector: ${headroomOut} of base-year output</label>
      ${slider("headroom", 100, 150, 1, 110, ` ${data.capacities ? "disabled" : ""}`)}</fieldset>
  </form>`);
}

/** What the controls ask for, as the worker takes it (an import cap above 150 % is no cap). */
function readControls(form: HTMLElement, data: ModelData): Controls {
  const $ = <T extends HTMLElement>(sel: string) => form.querySelector(sel) as T;
  const cap = Number($<HTMLInputElement>("#import-cap").value);
  return {
    demand: {
      [$<HTMLSelectElement>("#demand-sector").value]: Number($<HTMLInputElement>("#demand-factor").value) / 100,
    },
    capacity: Number($<HTMLInputElement>("#headroom").value) / 100,
    capacityLoss: {
      [$<HTMLSelectElement>("#loss-sector").value]: Number($<HTMLInputElement>("#loss-share").value) / 100,
    },
    importCap: data.importsPerUnit && cap <= 150 ? cap / 100 : null,
  };
}

/** One constraint's row: required, available and the share used. */
function constraintRow(c: QuickConstraint, label: (c: QuickConstraint) => string): string {
  const use = c.use > 1 ? "missed" : c.use > 0.95 ? "near" : "met";
  return (
    `<tr><td>${esc(label(c))}</td><td class="n">${formatNumber(c.required)}</td>` +
    `<td class="n">${formatNumber(c.available)}</td><td class="n ${use}">${formatPercent(c.use)}</td></tr>`
  );
}

/** The quick check's answer: feasibility, the binding constraint, every constraint and the largest changes. */
function renderResult(
  result: HTMLElement,
  r: QuickResult,
  ms: number,
  data: ModelData,
  label: (c: QuickConstraint) => string,
): void {
  const changes = r.output
    .map((v, i) => ({ code: data.sectors[i].code, name: data.sectors[i].name, v, d: v - (baseline[i] ?? v) }))
    .filter((c) => Math.abs(c.d) > 1e-9 * Math.max(1, Math.abs(c.v)))
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 8);
  const binding = r.binding
    ? `Binding: <strong>${esc(label(r.binding))}</strong> at ${formatPercent(r.binding.use)} of what is available.`
    : "No constraint binds.";
  const changeRow = (c: (typeof changes)[number]) =>
    `<tr><td>${esc(c.code)} ${esc(c.name)}</td><td class="n" data-sector="${esc(c.code)}">${formatNumber(c.v)}</td>` +
    `<td class="n">${formatChange(c.d)}</td></tr>`;
  result.replaceChildren(
    h(
      `<div class="big ${r.feasible ? "met" : "missed"}" ` +
        `data-testid="feasibility">${r.feasible ? "Feasible" : "Not feasible"}: ` +
        `<span data-testid="attainable">${formatPercent(r.attainable)}</span> of the demand can be met</div>`,
    ),
    h(
      `<p data-testid="binding">${binding} ` +
        `<span class="muted">Recomputed in ${formatNumber(ms, { digits: 1 })} ms; residual ` +
        `${formatNumber(r.residual)}.</span></p>`,
    ),
    h(
      `<table data-testid="constraints"><caption>Constraints, most used first (${esc(data.unit)})</caption>` +
        `<thead><tr><th scope="col">constraint</th><th scope="col">required</th><th scope="col">available` +
        `</th><th scope="col">use</th></tr></thead>` +
        `<tbody>${r.constraints.map((c) => constraintRow(c, label)).join("")}</tbody>` +
        `</table>`,
    ),
    changes.length
      ? h(
          `<table data-testid="outputs"><caption>Largest changes in output (${esc(data.unit)})</caption>` +
            `<thead><tr><th scope="col">sector</th><th scope="col">output</th><th scope="col">change</th>` +
            `</tr></thead>` +
            `<tbody>${changes.map(changeRow).join("")}</tbody>` +
            `</table>`,
        )
      : h(
          `<p data-testid="outputs" class="muted">No change in output yet: the demand is the model's base ` +
            `year's. Move the final-demand slider to see which sectors' output it moves (in ` +
            `${esc(data.unit)}).</p>`,
        ),
  );
}

/** Draws the editor for the chosen model (and, when it is written against that model, the chosen plan). */
export async function editor(main: HTMLElement, ctx: Context): Promise<void> {
  main.replaceChildren(h(`<h1>Plan and scenario editor</h1>`), ...ctx.top);
  const modelId = ctx.sel.model?.id;
  if (!modelId)
    return void main.append(
      h(
        `<p data-testid="no-model">No model in this workspace can be used yet: add a model folder (one with ` +
          `a datapackage.json, as <code>ioplan model import</code> writes it).</p>`,
      ),
    );
  const plan = ctx.sel.plan?.model === modelId ? ctx.sel.plan : undefined;
  const [data, detail] = await Promise.all([getModelData(modelId), plan ? getPlan(plan.id) : undefined]);
  const codes = data.sectors.map((s) => s.code);
  const names = new Map(data.sectors.map((s) => [s.code, clip(s.name, 50)]));
  // a sector's capacity by its code and name ("capacity of 331 Primary metals")
  const label = (c: QuickConstraint) =>
    c.kind === "capacity" && names.has(c.id) ? `${c.label} ${names.get(c.id)}` : c.label;
  // the slider starts on the sector of the plan's first target (the example's metals when there is no plan)
  const demandSector =
    detail?.targets.find((t) => !t.id.startsWith("baseline:"))?.sector ?? (codes.includes("MET") ? "MET" : codes[0]);
  main.append(
    h(
      `<p class="muted">Every change is recomputed at once in your browser (a Web Worker running ioplan's ` +
        `engine): the output the final demand requires, each sector against its capacity and the imported ` +
        `inputs against the cap, for the model's base year. The full multi-year plan check runs on the server.` +
        `</p>`,
    ),
  );
  const form = controlsForm(data, demandSector);
  form.addEventListener("submit", (e) => e.preventDefault());
  const result = h(`<section aria-live="polite" data-testid="result" class="result"><p>Recomputing…</p></section>`);
  main.append(form, result);
  const $ = <T extends HTMLElement>(sel: string) => form.querySelector(sel) as T;
  const controls = () => readControls(form, data);
  const w = getWorker();
  w.onmessage = (e: MessageEvent) => {
    const m = e.data as {
      kind: string;
      seq?: number;
      ms?: number;
      result?: QuickResult;
      message?: string;
      baseline?: number[];
    };
    if (m.kind === "loaded") {
      loadedModel = modelId;
      baseline = m.baseline ?? [];
      recompute();
    } else if (m.kind === "result" && m.seq === seq) renderResult(result, m.result!, m.ms!, data, label);
    else if (m.kind === "error") result.replaceChildren(h(`<p role="alert">${esc(m.message ?? "error")}</p>`));
  };
  const recompute = () => {
    const c = controls();
    $("#demand-out").textContent = formatPercent(c.demand[Object.keys(c.demand)[0]], { digits: 0 });
    $("#import-out").textContent =
      c.importCap === null ? "no cap" : `${formatPercent(c.importCap, { digits: 0 })} of base-year imports`;
    $("#loss-out").textContent = formatPercent(Object.values(c.capacityLoss)[0], { digits: 0 });
    $("#headroom-out").textContent = formatPercent(c.capacity, { digits: 0 });
    w.postMessage({ kind: "recompute", seq: ++seq, controls: c });
  };
  form.addEventListener("input", recompute);
  if (loadedModel === modelId) recompute();
  else w.postMessage({ kind: "load", model: data });
  main.append(serverCheck(ctx, controls, data.unit));
}
