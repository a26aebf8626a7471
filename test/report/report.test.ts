import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { runDprkExample } from "../../src/app/dprk/example.ts";
import { dprkReport, writeReport } from "../../src/app/reporting.ts";
import { explanationWaterfall, fulfilmentHeatmap, keySectorQuadrant, planVsObserved, yearLines } from "../../src/report/charts.ts";
import { buildReport } from "../../src/report/report.ts";
import { chromiumPath } from "../../src/report/pdf.ts";
import { HighsWorkerSolver } from "../../src/solvers/highsWorkerSolver.ts";
import { openStore } from "../../src/store/openStore.ts";
import { expectGolden } from "../golden.ts";
import { ROOT, scratch } from "../models/helpers.ts";

const doc = () => parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

test("charts: the same data gives the same SVG (golden files), with the data's labels in it", () => {
  const heat = fulfilmentHeatmap([{ target: "Steel", year: 2021, ratio: 0.8, status: "missed" }, { target: "Steel", year: 2022, ratio: 1.02, status: "met" }, { target: "Coal", year: 2021, ratio: 0.95, status: "near" }, { target: "Coal", year: 2022, ratio: null, status: "not-observed" }], doc());
  expectGolden("charts/heatmap.svg", heat.outerHTML);
  assert.match(heat.outerHTML, /80%/);
  const pvo = planVsObserved([{ series: "Steel", year: 2021, target: 10, observed: 9, min: 8.5, max: 9.5 }, { series: "Steel", year: 2022, target: 11, observed: 10 }], doc());
  expectGolden("charts/plan-vs-observed.svg", pvo.outerHTML);
  expectGolden("charts/quadrant.svg", keySectorQuadrant([{ code: "MET", backward: 1.2, forward: 0.9 }, { code: "EGW", backward: 1.05, forward: 1.2 }, { code: "AGR", backward: 0.8, forward: 0.9 }], doc()).outerHTML);
  const w = explanationWaterfall([{ label: "exports", value: 3 }, { label: "imports", value: 2 }, { label: "flood", value: -1 }], { modelled: 4, unexplained: -1, shortfall: 3 }, doc());
  expectGolden("charts/waterfall.svg", w.outerHTML);
  assert.match(w.outerHTML, /unexplained \(the model's miss\)/);
  expectGolden("charts/lines.svg", yearLines([{ series: "a", year: 2021, value: 1 }, { series: "a", year: 2022, value: 2 }, { series: "b", year: 2021, value: 2 }, { series: "b", year: 2022, value: 1.5 }], doc()).outerHTML);
});

test("the worked example's report: self-contained HTML and Markdown (golden files), a PDF from Chromium that renders", async () => {
  const store = await openStore(join(scratch(), "r.sqlite"));
  const solver = new HighsWorkerSolver();
  try {
    const x = await runDprkExample(ROOT, store, solver);
    const input = dprkReport(x, ROOT, "2026-01-01");
    const { html, markdown } = buildReport(input);
    // self-contained: no scripts, no external resources
    assert.doesNotMatch(html, /<script|<link|<img|src="http|href="http|@import|url\((?!#)/i);
    assert.match(html, /<svg/);
    for (const h of ["1. The 2016–2020 strategy", "2. The 2021–2025 plan, as drafted", "Why output fell short in 2020", "Feasibility under the scenarios", "Key-sector quadrant", "The government&#39;s own claims|The government's own claims"]) assert.match(html, new RegExp(h));
    expectGolden("dprk-report.html", html);
    expectGolden("dprk-report.md", markdown);
    if (process.env.IOPLAN_SKIP_BROWSER === "1") return;
    assert.ok(existsSync(chromiumPath()), `Chromium is needed for the PDF (${chromiumPath()}); .ci/run installs it (or set IOPLAN_SKIP_BROWSER=1)`);
    const dir = scratch();
    const w = await writeReport(input, dir, "dprk", { pdf: true });
    const pdf = readFileSync(w.pdf!);
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const pages = Number(/\/Type\s*\/Pages[^>]*\/Count\s+(\d+)/.exec(pdf.toString("latin1"))?.[1] ?? spawnSync("pdfinfo", [w.pdf!], { encoding: "utf8" }).stdout.match(/Pages:\s+(\d+)/)?.[1]);
    assert.ok(pages >= 5, `the PDF has ${pages} pages`);
    execFileSync("pdftoppm", ["-png", "-r", "30", "-f", "1", "-l", "1", w.pdf!, join(dir, "page")]);
    assert.ok(statSync(join(dir, "page-01.png")).size > 2000);
  } finally {
    await solver.close();
    await store.close();
  }
});
