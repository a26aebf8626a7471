import assert from "node:assert/strict";
import { test } from "node:test";
import type { ModelAnalysis } from "../../src/app/analyseModel.ts";
import { buildReport } from "../../src/report/report.ts";
import type { ReportInput } from "../../src/report/report.ts";
import { columnFormat } from "../../src/report/columnFormat.ts";

/** A model part with one wide sector (US BEA 2022 food and beverage output, USD million) and one small one. */
function modelInput(): ReportInput["model"] {
  const analysis: ModelAnalysis = {
    model: "US BEA summary 2022 (domestic)",
    sectors: 2,
    reproduction: { maxRelativeError: 2.17e-4, worstSector: "311FT", residual: 5e-16, method: "lu", status: "ok" },
    spectralRadius: {
      value: 0.417,
      lower: 0.417,
      upper: 0.417,
      closed: true,
      iterations: 20,
      negativeCoefficients: 0,
      of: "A",
    },
    columnsSummingToOneOrMore: [],
    typeII: { unavailable: "no labour-income row" },
    warnings: [],
    convention: "ioplan",
    conventionNotes: [],
    rows: [
      {
        code: "311FT",
        name: "Food and beverage and tobacco products",
        output: 1157470,
        outputMultiplier: 2.35,
        backwardLinkage: 1.355,
        forwardLinkage: 1.006,
        forwardLinkageGhosh: 1.1,
        keySector: "key",
      },
      {
        code: "525",
        name: "Funds, trusts, and other financial vehicles",
        output: 190696,
        outputMultiplier: 2.532,
        backwardLinkage: 1.46,
        forwardLinkage: 0.605,
        forwardLinkageGhosh: 0.7,
        keySector: "backward",
      },
    ],
  };
  return {
    analysis,
    notes: ["made from the BEA tables"],
    sources: ["U.S. Bureau of Economic Analysis"],
    unit: "USD million, current",
  };
}

test("a column of numbers is written with thousands separators and one number of decimals", () => {
  assert.deepEqual([1157470, 190696].map(columnFormat([1157470, 190696])), ["1,157,470", "190,696"]);
  assert.deepEqual([12.94, 7.007, 0.4064].map(columnFormat([12.94, 7.007, 0.4064])), ["12.94", "7.01", "0.41"]);
  assert.deepEqual([-1.813, 3.871].map(columnFormat([-1.813, 3.871])), ["\u22121.813", "3.871"]);
});

test("wide tables print thousands separators (1,157,470, never 1157470) and say the output's unit", () => {
  const { html, markdown } = buildReport({
    title: "US model",
    generated: "2026-01-01",
    plans: [],
    model: modelInput(),
  });
  assert.ok(html.includes("1,157,470"), "output with separators");
  assert.ok(!/\b1157470\b/.test(html + markdown), "no bare 1157470");
  assert.match(html, /output in USD million, current/);
});

test("a report on one plan prints its title once, in the Markdown and in the HTML", () => {
  const { html, markdown } = buildReport({
    title: "US 2023–2027 test plan",
    generated: "2026-01-01",
    plans: [{ title: "US 2023–2027 test plan", file: "plans/us.yaml", unit: "USD million" }],
  });
  assert.equal(markdown.split("\n").filter((l) => l.includes("US 2023–2027 test plan")).length, 1, markdown);
  assert.equal(html.match(/<h[12][^>]*>US 2023–2027 test plan<\/h[12]>/g)?.length, 1);
  // two plans: each keeps its heading
  const two = buildReport({
    title: "ioplan report",
    generated: "2026-01-01",
    plans: [
      { title: "A", file: "a.yaml", unit: "u" },
      { title: "B", file: "b.yaml", unit: "u" },
    ],
  });
  assert.match(two.markdown, /^## A$/m);
  assert.match(two.markdown, /^## B$/m);
});

test("in print every <details> is open and headings are kept with what follows them", () => {
  const { html } = buildReport({ title: "t", generated: "2026-01-01", plans: [], model: modelInput() });
  const print = /@media print\{([\s\S]*?)\n\}/.exec(html)?.[1] ?? "";
  assert.match(print, /details::details-content\{display:block;content-visibility:visible\}/);
  assert.match(print, /h1,h2,h3[^{]*\{break-after:avoid/);
  assert.match(print, /figure,tr[^{]*\{break-inside:avoid/);
});

test("the key-sector quadrant's caption states which sectors are named", () => {
  const m = modelInput()!;
  const rows = Array.from({ length: 30 }, (_, k) => ({
    ...m.analysis.rows[0],
    code: `S${k}`,
    backwardLinkage: 0.5 + k / 30,
    forwardLinkage: 1,
  }));
  const { html } = buildReport({
    title: "t",
    generated: "2026-01-01",
    plans: [],
    model: { ...m, analysis: { ...m.analysis, sectors: 30, rows } },
  });
  assert.match(
    html,
    /Named: the 12 sectors with the largest backward \+ forward linkage; the other 18 are the lighter dots\./,
  );
});
