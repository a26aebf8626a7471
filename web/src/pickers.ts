/**
 * The bar on top of every view: the model and plan pickers, and the workspace's files that cannot be used, each
 * named with its error, with a button to look at the workspace again.
 */
import type { WorkspaceView } from "./api.ts";
import { usable } from "./api.ts";
import { esc, h } from "./dom.ts";
import type { Selection, View } from "./selection.ts";
import { href } from "./selection.ts";

/**
 * Model and plan pickers: a plan chosen brings its model; a model chosen brings its plan. The plans written
 * against the chosen model come first.
 */
export function pickers(ws: WorkspaceView, s: Selection, view: View): HTMLElement {
  const models = ws.models.filter(usable);
  const plans = ws.plans.filter(usable);
  const mine = plans.filter((p) => p.model === s.model?.id);
  const others = plans.filter((p) => p.model !== s.model?.id);
  const option = (id: string, text: string, selected: boolean) =>
    `<option value="${esc(id)}"${selected ? " selected" : ""}>${esc(text)}</option>`;
  const planOptions = (list: typeof plans) =>
    list.map((p) => option(p.id, `${p.name} (${p.file})`, p.id === s.plan?.id)).join("");
  const modelOptions =
    models.map((m) => option(m.id, `${m.name} (${m.sectors} sectors)`, m.id === s.model?.id)).join("") ||
    `<option value="">(no model)</option>`;
  const planGroups =
    (s.plan ? "" : `<option value="" selected>(no plan)</option>`) +
    (mine.length ? `<optgroup label="on this model">${planOptions(mine)}</optgroup>` : "") +
    (others.length ? `<optgroup label="on other models">${planOptions(others)}</optgroup>` : "");
  const counts =
    `${models.length} model${models.length === 1 ? "" : "s"}, ` +
    `${plans.length} plan${plans.length === 1 ? "" : "s"}`;
  const el = h(`<form class="pickers" data-testid="pickers" aria-label="Model and plan">
    <span class="pick"><label for="pick-model">Model</label>
    <select id="pick-model" data-testid="model-select">${modelOptions}</select></span>
    <span class="pick"><label for="pick-plan">Plan</label>
    <select id="pick-plan" data-testid="plan-select">${planGroups}</select></span>
    <span class="muted">workspace <strong>${esc(ws.name)}</strong>: ${counts}</span>
  </form>`);
  el.addEventListener("submit", (e) => e.preventDefault());
  el.querySelector("#pick-model")!.addEventListener(
    "change",
    (e) => (location.hash = href(view, { model: (e.target as HTMLSelectElement).value })),
  );
  el.querySelector("#pick-plan")!.addEventListener("change", (e) => {
    const plan = plans.find((p) => p.id === (e.target as HTMLSelectElement).value);
    location.hash = href(view, { model: plan?.model ?? s.model?.id, plan: plan?.id });
  });
  return el;
}

/** A file that cannot be used: its name and kind, then its error or the list of its problems. */
function problemItem(p: WorkspaceView["problems"][number]): string {
  const issue = (i: { path: string; message: string }) =>
    `<li><code>${esc(i.path || "(top level)")}</code>: ${esc(i.message)}</li>`;
  const detail = p.issues?.length
    ? `${p.issues.length === 1 ? "1 problem" : `${p.issues.length} problems`}<ul>${p.issues.map(issue).join("")}</ul>`
    : esc(p.error);
  return `<li data-file="${esc(p.file)}"><code>${esc(p.file)}</code> (${p.kind}): ${detail}</li>`;
}

/** The files of the workspace that cannot be used, by name with their errors; nothing when there are none. */
export function problems(ws: WorkspaceView, s: Selection, again: () => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (!ws.exists)
    out.push(
      h(
        `<p class="problems" role="status" data-testid="no-workspace">The workspace folder ` +
          `<strong>${esc(ws.name)}</strong> does not exist (yet). Make it, with models in it (` +
          `<code>ioplan model import … --out ${esc(ws.name)}/&lt;model&gt;</code>) and plan files under ` +
          `<code>${esc(ws.name)}/plans/</code>; this page finds them when you come back to it.</p>`,
      ),
    );
  else if (!ws.models.length && !ws.plans.length)
    out.push(
      h(
        `<p class="callout" role="status" data-testid="empty-workspace">The workspace ` +
          `<strong>${esc(ws.name)}</strong> has no models (folders with a <code>datapackage.json` +
          `</code>) and no plans (YAML files under a <code>plans/</code> folder) yet.</p>`,
      ),
    );
  if (s.missing.length)
    out.push(
      h(
        `<p class="callout" role="status" data-testid="missing">The address asks for ` +
          `${s.missing.map(esc).join(" and ")}, which this workspace does not have (or cannot use); showing ` +
          `${esc(s.plan?.name ?? s.model?.name ?? "what there is")} instead.</p>`,
      ),
    );
  if (!ws.problems.length) return out;
  const items = ws.problems.map(problemItem).join("");
  const n = ws.problems.length;
  const el = h(
    `<section class="problems" data-testid="problems" aria-labelledby="problems-h">` +
      `<h2 id="problems-h">${n} file${n === 1 ? "" : "s"} in this workspace cannot be used</h2>` +
      `<ul>${items}</ul><p>The other files work without them. Fix or move the file, then ` +
      `<button type="button" data-testid="rescan">look again</button></p></section>`,
  );
  el.querySelector("button")!.addEventListener("click", again);
  out.push(el);
  return out;
}
