/**
 * The editor's full check on the server: the chosen plan with every change the editor shows (final demand by
 * sector, capacity loss, the import cap on the plan's import limits), checked and optimised, the changes sent
 * listed beside the result.
 */
import { formatPercent } from "../../../src/engine/index.ts";
import type { CheckResult, OptimiseResult, Overrides, PlanDetail } from "../api.ts";
import { checkPlan, getPlan, optimisePlan } from "../api.ts";
import { esc, h } from "../dom.ts";
import type { Controls } from "../worker.ts";
import type { Context } from "./context.ts";

/** The plan's limits on imported inputs: those on the model's IMP satellite row, or named so. */
const importLimits = (plan: PlanDetail) => plan.limits.filter((l) => l.satellite === "IMP" || /import/i.test(l.id));

/** The editor's controls as the server's overrides, and each change in words (what is not sent is said too). */
export function overridesFor(
  c: Controls,
  plan: PlanDetail,
): { overrides: Overrides; sent: string[]; notSent: string[] } {
  const overrides: Overrides = {};
  const sent: string[] = [];
  const notSent: string[] = [];
  const demand = Object.entries(c.demand).filter(([, f]) => f !== 1);
  if (demand.length) {
    overrides.finalDemand = Object.fromEntries(demand);
    for (const [code, f] of demand)
      sent.push(`final deliveries of ${code} × ${formatPercent(f, { digits: 0 })} in every plan year`);
  }
  const loss = Object.entries(c.capacityLoss).filter(([, v]) => v > 0);
  if (loss.length) {
    overrides.capacityLoss = Object.fromEntries(loss);
    for (const [code, v] of loss) sent.push(`capacity of ${code} cut by ${formatPercent(v, { digits: 0 })}`);
  }
  if (c.importCap !== null && c.importCap !== undefined) {
    const limits = importLimits(plan);
    if (limits.length) {
      overrides.limits = Object.fromEntries(limits.map((l) => [l.id, c.importCap as number]));
      sent.push(`${limits.map((l) => l.label).join(", ")} × ${formatPercent(c.importCap, { digits: 0 })}`);
    } else notSent.push("the import cap (the plan has no limit on imported inputs)");
  }
  if (c.capacity !== 1.1) notSent.push("the capacity of every sector (the plan sets its own, in capacity.initial)");
  return { overrides, sent, notSent };
}

interface Outcome {
  check: CheckResult;
  best: OptimiseResult;
}
/** The plan as written, per plan and scenario: solved once while the editor is open, shown beside every change. */
const asWritten = new Map<string, Promise<Outcome>>();

async function solve(planId: string, scenario: string | undefined, overrides: Overrides): Promise<Outcome> {
  const [check, best] = await Promise.all([
    checkPlan(planId, scenario, overrides),
    optimisePlan(planId, scenario, overrides),
  ]);
  return { check, best };
}

/** Mean of min(fulfilment, 1) over the plan's own target-years (the baseline deliveries aside); null without any. */
function meanFulfilment(best: OptimiseResult): number | null {
  const named = best.fulfilment.filter((f) => !f.id.startsWith("baseline:"));
  return named.length ? named.reduce((a, f) => a + Math.min(f.share, 1), 0) / named.length : null;
}

/** The largest share by which the final deliveries of the changed sectors are cut (their baseline relaxations). */
function changedCut(check: CheckResult, codes: string[]): number {
  return Math.max(
    0,
    ...check.relaxations.filter((r) => codes.some((c) => r.id === `baseline:${c}`)).map((r) => r.share),
  );
}

function outcomeTable(o: Outcome, base: Outcome | undefined, codes: string[]): HTMLElement {
  const cols = base ? [base, o] : [o];
  const testId = (k: number, id: string) => (k === cols.length - 1 ? ` data-testid="${id}"` : "");
  const row = (label: string, cell: (x: Outcome) => string, id: string) =>
    `<tr><th scope="row">${label}</th>` +
    `${cols.map((x, k) => `<td class="n"${testId(k, id)}>${cell(x)}</td>`).join("")}</tr>`;
  const mean = (x: Outcome) => {
    const m = meanFulfilment(x.best);
    return m === null ? "— (no targets of its own)" : formatPercent(m);
  };
  const heads = base
    ? `<th scope="col">plan as written</th><th scope="col">with these changes</th>`
    : `<th scope="col">plan as written</th>`;
  const cutLabel = `largest cut of ${codes.map(esc).join(", ")} final deliveries`;
  const cutRow = codes.length ? row(cutLabel, (x) => formatPercent(changedCut(x.check, codes)), "srv-changed-cut") : "";
  return h(`<table data-testid="srv-summary"><thead><tr><th scope="col"></th>${heads}</tr></thead><tbody>
    ${row("feasible", (x) => (x.check.feasible ? "yes" : "no"), "srv-feasible-cell")}
    ${row("relaxations needed", (x) => String(x.check.relaxations.length), "srv-relaxations")}
    ${row("the best plan meets its own targets to (mean)", mean, "srv-fulfilment")}
    ${cutRow}
  </tbody></table>`);
}

/** The server section of the editor: the chosen plan checked and optimised with the controls' changes. */
export function serverCheck(ctx: Context, controls: () => Controls, unit: string): HTMLElement {
  asWritten.clear(); // the files may have changed since the editor was last open
  const plan = ctx.sel.plan;
  if (!plan || plan.model !== ctx.sel.model?.id)
    return h(
      `<section aria-labelledby="srv-h"><h2 id="srv-h">The full plan on the server</h2>` +
        `<p data-testid="srv-none">No plan in this workspace is written against ` +
        `${esc(ctx.sel.model?.name ?? "this model")}: the full multi-year check needs one (a plan file under ` +
        `<code>plans/</code> whose <code>model:</code> is this model's folder). Choose a plan above to switch ` +
        `to its model.</p></section>`,
    );
  const scenarios = plan.scenarios.map((s) => `<option>${esc(s)}</option>`).join("");
  const options = `<option value="">(no shocks)</option>${scenarios}`;
  const select = `<select id="srv-scenario" data-testid="srv-scenario">${options}</select>`;
  const server = h(`<section aria-labelledby="srv-h"><h2 id="srv-h">The full plan on the server: ${esc(plan.name)}</h2>
      <p><label for="srv-scenario">Scenario</label> ${select}
      <button type="button" data-testid="srv-run">Check and optimise with these changes</button></p>
      <div data-testid="srv-result" aria-live="polite"></div></section>`);
  server.querySelector("button")!.addEventListener("click", async () => {
    const out = server.querySelector("[data-testid=srv-result]")!;
    out.textContent = "Solving on the server…";
    const scenario = (server.querySelector("#srv-scenario") as HTMLSelectElement).value || undefined;
    try {
      const detail = await getPlan(plan.id);
      const { overrides, sent, notSent } = overridesFor(controls(), detail);
      const key = `${plan.id}|${scenario ?? ""}`;
      if (!asWritten.has(key))
        asWritten.set(
          key,
          solve(plan.id, scenario, {}).catch((e) => (asWritten.delete(key), Promise.reject(e))),
        );
      const changed = sent.length > 0;
      const [base, o] = await Promise.all([
        asWritten.get(key)!,
        changed ? solve(plan.id, scenario, overrides) : undefined,
      ]);
      const result = o ?? base;
      const codes = Object.keys(overrides.finalDemand ?? {});
      const largest = [...result.check.relaxations].sort((a, b) => b.share - a.share).slice(0, 8);
      const relaxationItems = largest.map((r) => `<li>${esc(r.text)}</li>`).join("") || "<li>none</li>";
      const notSentText = notSent.length ? ` <span class="muted">Not sent: ${notSent.map(esc).join("; ")}.</span>` : "";
      const verdict = `${result.check.feasible ? "Feasible" : "Not feasible"}${changed ? " with these changes" : ""}`;
      out.replaceChildren(
        h(
          `<p data-testid="srv-sent">Sent with ` +
            `${scenario ? `scenario <strong>${esc(scenario)}</strong>` : "no shocks"}: ` +
            `${changed ? sent.map(esc).join("; ") : "no changes (the plan as written)"}.${notSentText}</p>`,
        ),
        h(
          `<div class="big ${result.check.feasible ? "met" : "missed"}" ` +
            `data-testid="srv-feasible">${verdict}</div>`,
        ),
        outcomeTable(result, changed ? base : undefined, codes),
        h(`<p class="muted">Values in ${esc(unit)}. The best plan's solver status: ${esc(result.best.status)}.</p>`),
        h(`<p>Largest relaxations${changed ? " with these changes" : ""}:</p>`),
        h(`<ul data-testid="srv-relaxation-list">${relaxationItems}</ul>`),
        h(`<p>Bottlenecks:</p>`),
        h(
          `<ul data-testid="srv-bottlenecks">${
            result.best.bottlenecks
              .slice(0, 6)
              .map((b) => `<li>${esc(b.text)}</li>`)
              .join("") || "<li>none</li>"
          }</ul>`,
        ),
      );
    } catch (e) {
      out.replaceChildren(h(`<p role="alert">${esc((e as Error).message)}</p>`));
    }
  });
  return server;
}
