/**
 * ioplan's dashboard: overview (fulfilment traffic lights, missed in N of M, binding constraints), sector
 * drill-down (a target against every source's figures), plan and scenario editor (recomputed in a Web Worker
 * on the engine's code; the full plan check on the server) and model explorer. Plain TypeScript and the DOM;
 * charts from src/report/charts.ts, the same definitions the HTML report uses. Every view shows the model and
 * plan pickers and the workspace's files that cannot be used; the workspace is asked for again at every view.
 */
import "./style.css";
import { getWorkspace } from "./api.ts";
import type { WorkspaceView } from "./api.ts";
import { esc, h } from "./dom.ts";
import { pickers, problems } from "./pickers.ts";
import { href, parseRoute, select } from "./selection.ts";
import type { View } from "./selection.ts";
import type { Context } from "./views/context.ts";
import { editor } from "./views/editor.ts";
import { modelExplorer } from "./views/modelExplorer.ts";
import { overview } from "./views/overview.ts";
import { sector } from "./views/sector.ts";

const main = document.getElementById("main")!;
const VIEWS: Record<View, (main: HTMLElement, ctx: Context) => Promise<void>> = {
  overview,
  sector,
  editor,
  model: modelExplorer,
};

async function route(): Promise<void> {
  const r = parseRoute(location.hash);
  delete document.body.dataset.ready; // set again when this view is drawn
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a"))
    link.setAttribute("aria-current", link.dataset.view === r.view ? "page" : "false");
  main.replaceChildren(h(`<p>Loading…</p>`));
  let top: HTMLElement[] = [];
  try {
    const ws = await getWorkspace();
    shown = listed(ws);
    const sel = select(ws, r);
    // the other views open on the same model and plan
    for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a"))
      link.href = href(link.dataset.view as View, { model: sel.model?.id, plan: sel.plan?.id });
    top = [pickers(ws, sel, r.view), ...problems(ws, sel, () => void route())];
    await VIEWS[r.view](main, { ws, route: r, sel, top });
  } catch (e) {
    main.replaceChildren(
      h(`<h1>Could not load this view</h1>`),
      ...top,
      h(`<p role="alert" data-testid="view-error">${esc((e as Error).message)}</p>`),
    );
  }
  document.body.dataset.ready = r.view;
}

// back from editing a file: when the workspace's files changed meanwhile, the view is drawn again on the new lists
let shown = "";
const listed = (ws: WorkspaceView) => JSON.stringify([ws.models, ws.plans]);
window.addEventListener("focus", () => {
  void getWorkspace().then(
    (ws) => {
      if (shown && listed(ws) !== shown) void route();
    },
    () => undefined,
  );
});
window.addEventListener("hashchange", () => void route());
void route();
