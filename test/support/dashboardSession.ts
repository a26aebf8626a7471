/**
 * A dashboard under test: a real server on loopback over a workspace, real Chromium (the system's, or the one the
 * npm package @sparticuz/chromium ships), pages at 1280×900 that record every console error, page error and
 * request leaving the machine, and the folder screenshots go to (test-results/dashboard/, or $IOPLAN_SHOTS).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { scanWorkspace } from "../../src/app/workspace.ts";
import { launchChromium } from "../../src/report/pdf.ts";
import { startServer } from "../../src/server/serve.ts";
import type { RunningServer } from "../../src/server/serve.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import type { ObservationStore } from "../../src/store/store.ts";
import { ROOT } from "../paths.ts";

export const SHOTS = process.env.IOPLAN_SHOTS ?? join(ROOT, "test-results", "dashboard");

export interface DashboardSession {
  server: RunningServer;
  /** What went wrong in any page: console errors and warnings, page errors, requests beyond the server. */
  errors: string[];
  /** A new page at `#/<path>`, once the view says it is ready. */
  open(path: string): Promise<Page>;
  /** The page moved to `#/<path>`, once that view is ready. */
  goto(page: Page, path: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the server and Chromium; `close` stops both (the store stays the caller's). */
export async function dashboardSession(o: {
  workspace: string;
  store: ObservationStore;
  exampleRoot?: string;
}): Promise<DashboardSession> {
  assert.ok(
    existsSync(join(ROOT, "web", "dist", "index.html")),
    "the dashboard is not built: npm run build:web (npm test does it first)",
  );
  mkdirSync(SHOTS, { recursive: true });
  const solver = new WorkerLpSolver();
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await solver.close();
  };
  try {
    server = await startServer({
      host: "127.0.0.1",
      port: 0,
      workspace: scanWorkspace(o.workspace),
      store: o.store,
      solver,
      exampleRoot: o.exampleRoot,
      webDir: join(ROOT, "web", "dist"),
    });
    browser = await launchChromium();
  } catch (e) {
    await close();
    throw e;
  }
  const url = server.url;
  const errors: string[] = [];
  const goto = async (page: Page, path: string) => {
    await page.goto(`${url}/#/${path}`);
    await page.waitForFunction((v) => document.body.dataset.ready === v, path.split(/[/?]/)[0], { timeout: 60_000 });
  };
  const open = async (path: string) => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => (m.type() === "error" || m.type() === "warning") && errors.push(`${path}: ${m.text()}`));
    page.on("pageerror", (e) => errors.push(`${path}: ${e.message}`));
    // no request leaves the machine: everything is served by ioplan itself
    page.on(
      "request",
      (r) =>
        !r.url().startsWith(url) &&
        !r.url().startsWith("data:") &&
        !r.url().startsWith("blob:") &&
        errors.push(`${path}: external request ${r.url()}`),
    );
    await goto(page, path);
    return page;
  };
  return { server, errors, open, goto, close };
}
