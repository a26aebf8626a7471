/**
 * Sector drill-down: one target against every source's figures (with provenance links) when the plan's targets are
 * observed; else the target as planned, year by year, each year "not observed".
 */
import { formatNumber } from "../../../src/engine/index.ts";
import { planVsObserved } from "../../../src/report/charts.ts";
import type { PlanItem, Review } from "../api.ts";
import { getObservations, getPlan, getReview } from "../api.ts";
import { contentWidth, esc, h } from "../dom.ts";
import { fulfilmentText } from "../fulfilment.ts";
import { href } from "../selection.ts";
import type { Context } from "./context.ts";

/** The unit of the plan's values: its model's, when the model is the one chosen. */
const unitOf = (ctx: Context, plan: PlanItem) =>
  ctx.sel.model && ctx.sel.model.id === plan.model ? ctx.sel.model.unit : "model units";
const num = (v: number | null | undefined) =>
  v === null || v === undefined || Number.isNaN(v) ? "—" : formatNumber(v);

/** Draws the drill-down into one target of the chosen plan (the route's `target`, else the first). */
export async function sector(main: HTMLElement, ctx: Context): Promise<void> {
  main.replaceChildren(h(`<h1>Sector drill-down</h1>`), ...ctx.top);
  const plan = ctx.sel.plan;
  if (!plan)
    return void main.append(
      h(`<p data-testid="no-plan">No plan in this workspace can be used yet, so there is no target to drill into.</p>`),
    );
  if (plan.reviewable) await observed(main, plan, await getReview(plan.id), ctx);
  else await planned(main, plan, ctx);
}

function targetPicker(
  plan: PlanItem,
  list: { id: string; label: string }[],
  selected: string,
  ctx: Context,
): HTMLElement {
  const option = (x: { id: string; label: string }) =>
    `<option value="${esc(x.id)}"${x.id === selected ? " selected" : ""}>${esc(x.label)}</option>`;
  const el = h(
    `<p><label for="target-select">Target </label>` +
      `<select id="target-select" data-testid="target-select">${list.map(option).join("")}</select>` +
      `</p>`,
  );
  el.querySelector("select")!.addEventListener(
    "change",
    (e) =>
      (location.hash = href("sector", {
        model: ctx.sel.model?.id,
        plan: plan.id,
        target: (e.target as HTMLSelectElement).value,
      })),
  );
  return el;
}

/** One source's figure: period, value, kind, the source (linked when it has an address) and its note. */
function sourceRow(f: Awaited<ReturnType<typeof getObservations>>[number]): string {
  const link = `<a href="${esc(f.sourceUrl ?? "")}" rel="noopener noreferrer" target="_blank">${esc(f.sourceName)}</a>`;
  const source = `${f.sourceUrl ? link : esc(f.sourceName)}${f.published ? ` (${esc(f.published)})` : ""}`;
  return (
    `<tr><td>${esc(f.period)}</td><td ` +
    `class="n">${f.value === null ? esc(f.text ?? "") : formatNumber(f.value)} ${esc(f.unit)}</td>` +
    `<td>${esc(f.kind)}</td>` +
    `<td>${source}</td>` +
    `<td><small>${esc((f.note ?? "").slice(0, 220))}</small></td></tr>`
  );
}

async function observed(main: HTMLElement, plan: PlanItem, review: Review, ctx: Context): Promise<void> {
  const t = review.targets.find((x) => x.id === ctx.route.target) ?? review.targets[0];
  if (!t) return void main.append(h(`<p>No target of this plan could be matched with the observations.</p>`));
  main.append(
    targetPicker(plan, review.targets, t.id, ctx),
    h(
      `<h2 data-testid="target-title">${esc(t.label)} <small>(${esc(t.indicator)}, sector ${esc(t.sector)})` +
        `</small></h2>`,
    ),
  );
  const fig = h(
    `<figure><figcaption>Target (dashed) against the best estimate (dots) and the range across sources, as ` +
      `an index on the first year's target</figcaption></figure>`,
  );
  fig.prepend(
    planVsObserved(
      t.years.map((y) => ({
        series: t.label.slice(0, 40),
        year: y.year,
        target: y.target,
        observed: y.observed,
        min: t.ranges[y.year]?.min,
        max: t.ranges[y.year]?.max,
      })),
      document,
      { width: contentWidth(main) },
    ),
  );
  main.append(fig);
  const yearRow = (y: (typeof t.years)[number]) =>
    `<tr><td>${y.year}</td><td class="n">${num(y.target)}</td>` +
    `<td class="n">${y.observed === null ? "not observed" : num(y.observed)}</td>` +
    `<td class="n ${y.status}">${fulfilmentText(y.ratio, y.status)}</td><td>${esc(t.sources[y.year] ?? "")}</td></tr>`;
  main.append(
    h(
      `<table data-testid="target-years"><caption>Target and best estimate (${esc(unitOf(ctx, plan))})` +
        `</caption><thead><tr><th scope="col">year</th><th scope="col">target</th><th scope="col">best estimate` +
        `</th><th scope="col">fulfilment</th><th scope="col">chosen figure</th></tr></thead>` +
        `<tbody>${t.years.map(yearRow).join("")}</tbody>` +
        `</table>`,
    ),
  );
  const figs = await getObservations(t.indicator);
  const head =
    `<th scope="col">period</th><th scope="col">value</th><th scope="col">kind</th>` +
    `<th scope="col">source (provenance)</th><th scope="col">note</th>`;
  main.append(
    h(`<h2>Every source's figures for ${esc(t.indicator)}</h2>`),
    h(
      `<table data-testid="sources"><thead><tr>${head}</tr></thead><tbody>${figs
        .sort((a, b) => a.period.localeCompare(b.period))
        .map(sourceRow)
        .join("")}</tbody></table>`,
    ),
  );
}

async function planned(main: HTMLElement, plan: PlanItem, ctx: Context): Promise<void> {
  const d = await getPlan(plan.id);
  const targets = d.targets.filter((t) => !t.id.startsWith("baseline:"));
  const t = targets.find((x) => x.id === ctx.route.target) ?? targets[0];
  if (!t) return void main.append(h(`<p>This plan has no targets of its own (only baseline deliveries).</p>`));
  main.append(
    targetPicker(plan, targets, t.id, ctx),
    h(
      `<h2 data-testid="target-title">${esc(t.label)} ` +
        `<small>(sector ${esc(t.sector)}, ${t.on === "final" ? "final deliveries" : "output"})</small></h2>`,
    ),
    h(
      `<p class="callout" role="status" data-testid="not-reviewable">This target names no observed indicator ` +
        `(<code>observed:</code> in the plan file), so every year is <strong>not observed` +
        `</strong>: the chart shows the target alone.</p>`,
    ),
  );
  const fig = h(
    `<figure><figcaption>Target (dashed), as an index on the first year's target; no observed figures` +
      `</figcaption></figure>`,
  );
  fig.prepend(
    planVsObserved(
      d.years.map((y, k) => ({ series: t.label.slice(0, 40), year: y, target: t.values[k] ?? null, observed: null })),
      document,
      { width: contentWidth(main) },
    ),
  );
  main.append(fig);
  const yearRow = (y: number, k: number) =>
    `<tr><td>${y}</td><td class="n">${num(t.values[k])}</td><td class="n">not observed</td>` +
    `<td class="n not-observed">${fulfilmentText(null)}</td></tr>`;
  main.append(
    h(
      `<table data-testid="target-years"><thead><tr><th scope="col">year</th>` +
        `<th scope="col">target (${esc(unitOf(ctx, plan))})</th><th scope="col">best estimate</th>` +
        `<th scope="col">fulfilment</th></tr></thead>` +
        `<tbody>${d.years.map(yearRow).join("")}</tbody>` +
        `</table>`,
    ),
  );
}
