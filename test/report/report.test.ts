import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import { runDprkExample } from "../../src/app/dprk/example.ts";
import { dprkReport, writeReport } from "../../src/app/reporting.ts";
import {
  COLOURS,
  explanationWaterfall,
  fulfilmentHeatmap,
  keySectorQuadrant,
  planVsObserved,
  yearLines,
} from "../../src/report/charts.ts";
import { buildReport } from "../../src/report/report.ts";
import { REPORT_FONT_STACK, koreanFontFaces } from "../../src/report/koreanFont.ts";
import { htmlToPdf } from "../../src/report/pdf.ts";
import { WorkerLpSolver } from "../../src/solvers/index.ts";
import { openStore } from "../../src/store/openStore.ts";
import { expectGolden } from "../support/golden.ts";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";
import { readPdf } from "../support/pdfText.ts";

const doc = () => parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

test("charts: the same data gives the same SVG (golden files), with the data's labels in it", () => {
  const heat = fulfilmentHeatmap(
    [
      { target: "Steel", year: 2021, ratio: 0.8, status: "missed" },
      { target: "Steel", year: 2022, ratio: 1.02, status: "met" },
      { target: "Coal", year: 2021, ratio: 0.95, status: "near" },
      { target: "Coal", year: 2022, ratio: null, status: "not-observed" },
    ],
    doc(),
  );
  expectGolden("charts/heatmap.svg", heat.outerHTML);
  assert.match(heat.outerHTML, />80 %</);
  const pvo = planVsObserved(
    [
      { series: "Steel", year: 2021, target: 10, observed: 9, min: 8.5, max: 9.5 },
      { series: "Steel", year: 2022, target: 11, observed: 10 },
    ],
    doc(),
  );
  expectGolden("charts/plan-vs-observed.svg", pvo.outerHTML);
  expectGolden(
    "charts/quadrant.svg",
    keySectorQuadrant(
      [
        { code: "MET", backward: 1.2, forward: 0.9 },
        { code: "EGW", backward: 1.05, forward: 1.2 },
        { code: "AGR", backward: 0.8, forward: 0.9 },
      ],
      doc(),
    ).outerHTML,
  );
  const w = explanationWaterfall(
    [
      { label: "exports", value: 3 },
      { label: "imports", value: 2 },
      { label: "flood", value: -1 },
    ],
    { modelled: 4, unexplained: -1, shortfall: 3 },
    doc(),
  );
  expectGolden("charts/waterfall.svg", w.outerHTML);
  assert.match(w.outerHTML, /unexplained \(the model's miss\)/);
  expectGolden(
    "charts/lines.svg",
    yearLines(
      [
        { series: "a", year: 2021, value: 1 },
        { series: "a", year: 2022, value: 2 },
        { series: "b", year: 2021, value: 2 },
        { series: "b", year: 2022, value: 1.5 },
      ],
      doc(),
    ).outerHTML,
  );
});

test("the worked example's report: self-contained HTML and Markdown (golden files), a PDF from Chromium that renders", async () => {
  const store = await openStore(join(scratch(), "r.sqlite"));
  const solver = new WorkerLpSolver();
  try {
    const x = await runDprkExample(ROOT, store, solver);
    const input = dprkReport(x, ROOT, "2026-01-01");
    const { html, markdown } = buildReport(input);
    // self-contained: no scripts, no external resources
    assert.doesNotMatch(html, /<script|<link|<img|src="http|href="http|@import|url\((?!#|data:font\/woff2;base64,)/i);
    assert.match(html, /<svg/);
    for (const h of [
      "1. The 2016–2020 strategy",
      "2. The 2021–2025 plan, as drafted",
      "Why output fell short in 2020",
      "Feasibility under the scenarios",
      "Key-sector quadrant",
      "The government&#39;s own claims|The government's own claims",
    ])
      assert.match(html, new RegExp(h));
    // a target with no yearly observation (the flats: only the government's claim for 2021-2025) reads "not observed", as in the roll-up
    const flats = html.split("<tr>").find((row) => row.startsWith("<td>Pyongyang flats"));
    assert.ok(flats, "the flats' row over the period as a whole");
    assert.match(flats, /not observed/);
    assert.doesNotMatch(flats, /\d %/, "no fulfilment share for a target not observed");
    // "required" in its one colour, whatever the scenarios
    assert.match(html, new RegExp(`stroke="${COLOURS.required}"`));
    const cells = [...html.matchAll(/<td class="n">(.*?)<\/td>/g)].map((m) => m[1]);
    assert.ok(
      cells.length > 50 && cells.every((c) => !/(?<![\d.])\d{4}/.test(c.replace(/<small>\d{4}<\/small>/g, ""))),
      "every number in a table has thousands separators",
    );
    expectGolden("dprk-report.html", html);
    expectGolden("dprk-report.md", markdown);
    if (process.env.IOPLAN_SKIP_BROWSER === "1") return;
    const dir = scratch();
    const w = await writeReport(input, dir, "dprk", { pdf: true });
    assert.equal(readFileSync(w.pdf!).subarray(0, 5).toString(), "%PDF-");
    // read back with pdf.js, as a reader's viewer would: the pages, the headings and figures as text
    const pdf = await readPdf(w.pdf!);
    assert.ok(pdf.pages >= 5, `the PDF has ${pdf.pages} pages`);
    const all = pdf.text.join("\n");
    for (const h of ["1. The 2016–2020 strategy", "Why output fell short in 2020", "Feasibility under the scenarios"])
      assert.ok(all.includes(h), `the PDF's text has "${h}"`);
    assert.ok(!all.includes(String.fromCharCode(0)), "every glyph maps back to its character");
    // the sources and the evidence are printed, not folded away in a closed <details>
    for (const h of [
      "Every figure and its source",
      "real_growth_agriculture_forestry_fishing 2016",
      "The evidence behind each part",
      "UNSCR 2397",
    ])
      assert.ok(all.includes(h), `the PDF's text has "${h}"`);
    // the model's heading is on the page of its first figure, not left behind with a paragraph
    assert.equal(
      pdf.text.findIndex((t) => t.includes("The model: DPRK 2015")),
      pdf.text.findIndex((t) => t.includes("Key-sector quadrant")),
    );
    // no page ends on a heading, and no page holds only the footer
    const headings = [...html.matchAll(/<h[23][^>]*>([^<]+)<\/h[23]>/g)].map((m) => m[1].replace(/&#39;/g, "'"));
    pdf.text.forEach((page, k) => {
      const lines = page
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !/^page \d+ of \d+$/.test(l));
      const last = lines[lines.length - 1] ?? "";
      assert.ok(!headings.includes(last), `page ${k + 1} ends on the heading "${last}"`);
      assert.ok(!/^Made by ioplan/.test(lines[0] ?? ""), `page ${k + 1} holds only the footer`);
    });
  } finally {
    await solver.close();
    await store.close();
  }
});

test("Korean source notes read in the PDF on any machine: the bundled Noto Sans KR slices they need are inlined", async (t) => {
  if (process.env.IOPLAN_SKIP_BROWSER === "1") return t.skip("IOPLAN_SKIP_BROWSER=1");
  const body = "<h2>광업 (Mining)</h2><p>Source note: 광업 GDP는 석탄·금속·비금속 생산이 모두 크게 감소해 -17.8%</p>";
  const faces = koreanFontFaces(body);
  // only the characters used are claimed, regular and bold, and nothing for a text without Korean
  assert.equal(koreanFontFaces("<p>Mining −17.8 %</p>"), "");
  assert.match(faces, /font-weight:400;src:url\(data:font\/woff2;base64,/);
  assert.match(faces, /font-weight:700;/);
  assert.doesNotMatch(
    faces,
    /unicode-range:[^}]*U\+(4[0-9a-f]|5[0-9a])[,}]/i,
    "no Latin letter is claimed by the Korean font",
  );
  assert.ok(faces.length < 400_000, `${faces.length} characters of fonts for one note`);
  const out = join(scratch(), "korean.pdf");
  await htmlToPdf(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><style>${faces}body{font:15px ${REPORT_FONT_STACK}}</style></head><body>${body}</body></html>`,
    out,
  );
  const pdf = await readPdf(out);
  assert.match(pdf.text.join(""), /광업 \(Mining\)[\s\S]*광업 GDP는 석탄·금속·비금속 생산이 모두 크게 감소해 -17\.8%/);
  assert.ok(
    pdf.fonts.some((f) => /NotoSansKR.*Bold/.test(f)) && pdf.fonts.some((f) => /NotoSansKR.*Regular/.test(f)),
    `embedded fonts: ${pdf.fonts.join(", ")}`,
  );
});
