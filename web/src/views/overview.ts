/**
 * Overview: the plan's fulfilment (traffic lights, missed in N of M, why output fell short) when its targets are
 * observed, else its targets as planned; then its scenarios compared on the server (binding constraints).
 */
import { clip, formatNumber, formatPercent } from "../../../src/engine/index.ts";
import { explanationWaterfall, fulfilmentHeatmap } from "../../../src/report/charts.ts";
import type { PlanItem, Review } from "../api.ts";
import { getJob, getPlan, getReview, startComparison } from "../api.ts";
import { contentWidth, esc, h } from "../dom.ts";
import { fulfilmentText } from "../fulfilment.ts";
import type { Context } from "./context.ts";

/** Draws the overview of the chosen plan. */
export async function overview(main: HTMLElement, ctx: Context): Promise<void> {
  main.replaceChildren(h(`<h1>Overview</h1>`), ...ctx.top);
  const plan = ctx.sel.plan;
  if (!plan)
    return void main.append(
      h(
        `<p data-testid="no-plan">No plan in this workspace can be used yet: add a plan file (YAML) under a ` +
          `<code>plans/</code> folder whose <code>model:</code> names one of the workspace's models.</p>`,
      ),
    );
  if (plan.reviewable) reviewed(main, plan, await getReview(plan.id));
  else await planned(main, plan, ctx.sel.model?.id === plan.model ? ctx.sel.model.unit : "model units");
  await bindings(main, plan);
}

function reviewed(main: HTMLElement, plan: PlanItem, review: Review): void {
  const width = contentWidth(main);
  main.append(
    h(
      `<div class="callout" role="status" data-testid="rollup"><strong>${esc(review.rollUp.text)}</strong> ` +
        `<span class="muted">(cumulative over the years observed)</span></div>`,
    ),
  );
  const cells = review.targets.flatMap((t) =>
    t.years.map((y) => ({ target: t.label, year: y.year, ratio: y.ratio, status: y.status })),
  );
  const fig = h(
    `<figure data-testid="heatmap"><figcaption>Fulfilment by target and year (traffic lights; select a ` +
      `target's name in the table below for its sources)</figcaption></figure>`,
  );
  fig.prepend(fulfilmentHeatmap(cells, document, { width }));
  main.append(fig);
  const row = (t: Review["targets"][number]) =>
    `<tr><th scope="row">${targetLink(plan.id, t)}</th>` +
    `${t.years.map((y) => `<td class="n ${y.status}">${fulfilmentText(y.ratio, y.status)}</td>`).join("")}<td ` +
    `class="n ${t.cumulative.status}">${fulfilmentText(t.cumulative.ratio, t.cumulative.status)}</td></tr>`;
  main.append(
    h(
      `<table data-testid="targets"><caption>Targets</caption><thead><tr><th scope="col">target` +
        `</th>${review.years.map((y) => `<th scope="col">${y}</th>`).join("")}<th scope="col">cumulative</th>` +
        `</tr></thead><tbody>${review.targets.map(row).join("")}</tbody></table>`,
    ),
  );
  const a = [...review.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (!a) return;
  const parts = a.total.parts.map((q) => ({ label: clip(q.label, 34), value: q.value }));
  const w = h(
    `<figure data-testid="waterfall"><figcaption>Why output fell short in ${a.year} (${esc(a.units)}): each ` +
      `observed channel's part (Shapley value of counterfactual runs), their sum, and what the model does not ` +
      `explain</figcaption></figure>`,
  );
  w.prepend(explanationWaterfall(parts, a.total, document, { width, unit: a.units }));
  main.append(h(`<h2>Why output fell short</h2>`), w);
  main.append(
    h(`<p class="muted" data-testid="backcast">${esc(review.backcast.line)} Rule: ${esc(a.rationing.rule)}.</p>`),
  );
}

/** A target's name, linked to its page in the sector view. */
function targetLink(planId: string, t: { id: string; label: string }): string {
  const to = `#/sector?plan=${esc(encodeURIComponent(planId))}&amp;target=${esc(encodeURIComponent(t.id))}`;
  return `<a href="${to}">${esc(t.label)}</a>`;
}

/** A plan none of whose targets names an observed indicator: what it asks for, year by year, in the model's units. */
async function planned(main: HTMLElement, plan: PlanItem, unit: string): Promise<void> {
  const d = await getPlan(plan.id);
  const value = (v: number | null) => `<td class="n">${v === null || Number.isNaN(v) ? "—" : formatNumber(v)}</td>`;
  const row = (t: (typeof d.targets)[number]) =>
    `<tr><th scope="row">${targetLink(plan.id, t)}</th><td>${esc(t.sector)}</td>` +
    `<td>${t.on}</td>${t.values.map(value).join("")}</tr>`;
  main.append(
    h(
      `<p class="callout" role="status" data-testid="not-reviewable">No target of ` +
        `<strong>${esc(plan.name)}</strong> names an observed indicator (<code>observed:` +
        `</code> in the plan file), so there is no fulfilment to show yet. What the plan asks for:</p>`,
    ),
    h(
      `<table data-testid="planned-targets"><caption>Targets (${esc(unit)})</caption><thead><tr>` +
        `<th scope="col">target</th><th scope="col">sector</th><th scope="col">on</th>` +
        `${d.years.map((y) => `<th scope="col">${y}</th>`).join("")}</tr></thead>` +
        `<tbody>${d.targets
          .filter((t) => !t.id.startsWith("baseline:"))
          .map(row)
          .join("")}</tbody></table>`,
    ),
  );
}

/** The plan's scenarios compared on the server (a job with progress): feasibility, fulfilment, the main bottleneck. */
async function bindings(main: HTMLElement, plan: PlanItem): Promise<void> {
  const section = h(
    `<section aria-labelledby="bind-h"><h2 id="bind-h">Binding constraints</h2>` +
      `<progress data-testid="compare-progress" max="1" value="0" aria-label="comparing scenarios"></progress>` +
      `<p class="muted" data-testid="compare-status" aria-live="polite">Comparing the plan's scenarios on the ` +
      `server…</p></section>`,
  );
  main.append(section);
  const started = await startComparison(plan.id);
  for (;;) {
    const job = await getJob(started.poll);
    const bar = section.querySelector("progress")!;
    bar.max = job.progress.total;
    bar.value = job.progress.done;
    section.querySelector("[data-testid=compare-status]")!.textContent =
      job.status === "running"
        ? `Comparing… ${job.progress.what}`
        : job.status === "done"
          ? "Done."
          : `Failed: ${job.error}`;
    if (job.status !== "running") {
      bar.hidden = job.status === "done";
      if (job.result)
        section.append(
          h(
            `<table data-testid="bindings"><thead><tr><th scope="col">scenario</th><th scope="col">feasible</th>` +
              `<th scope="col">mean fulfilment</th><th scope="col">main bottleneck (shadow price)</th></tr></thead>` +
              `<tbody>${job.result
                .map(
                  (r) =>
                    `<tr><td>${esc(r.scenario)}</td>` +
                    `<td>${r.feasible ? "yes" : `no (${r.relaxations} relaxations)`}</td>` +
                    `<td class="n">${formatPercent(r.meanFulfilment)}</td><td>${esc(r.topBottleneck)}</td></tr>`,
                )
                .join("")}</tbody></table>`,
          ),
        );
      return;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
