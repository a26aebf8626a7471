import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHTML } from "linkedom";
import {
  COLOURS,
  explanationWaterfall,
  fulfilmentHeatmap,
  keySectorQuadrant,
  planVsObserved,
  yearLines,
} from "../../src/report/charts.ts";
import type { LinkagePoint, SeriesPoint } from "../../src/report/charts.ts";
import { textWidth, wrapLabel } from "../../src/report/chartStyle.ts";
import { placeLabels } from "../../src/report/labelPlacement.ts";

const doc = () => parseHTML("<!doctype html><html><body></body></html>").document as unknown as Document;

/** The x of an element's translate(x,y) (Plot writes one on groups and on texts), 0 without. */
const shift = (e: Element) => Number(/translate\(([-\d.]+)/.exec(e.getAttribute("transform") ?? "")?.[1] ?? 0);

/** A text's lines (Plot writes a wrapped label as one tspan a line), joined by "\n". */
const lines = (t: Element) => {
  const spans = [...t.querySelectorAll("tspan")];
  return spans.length ? spans.map((s) => s.textContent ?? "").join("\n") : (t.textContent ?? "");
};

/** The texts of an SVG group by its aria-label, with the x each is drawn at (the group's shift and its own). */
function texts(svg: Element, group: string): { text: string; x: number }[] {
  return [...svg.querySelectorAll(`g[aria-label="${group}"]`)].flatMap((g) =>
    [...g.querySelectorAll("text")].map((t) => ({
      text: lines(t),
      x: shift(g) + shift(t) + Number(t.getAttribute("x") ?? 0),
    })),
  );
}
/** The chart's own SVG (a figure holds the legend's swatches, small SVGs of their own, before it). */
const svgOf = (el: Element) =>
  el.tagName.toLowerCase() === "svg"
    ? el
    : [...el.querySelectorAll("svg")].find((s) => s.getAttribute("class")?.startsWith("plot-"))!;

test("wrapLabel breaks at spaces, at most the lines asked for, and says when it cut", () => {
  assert.equal(
    wrapLabel("Agriculture, forestry and fishing: restore growth", 24),
    "Agriculture, forestry\nand fishing: restore\ngrowth",
  );
  assert.equal(wrapLabel("a b c d e f", 3, 2), "a b\nc…");
  assert.equal(wrapLabel("one two three four", 9, 2), "one two\nthree…");
  assert.equal(wrapLabel("short", 40), "short");
});

test("resources chart: ticks of millions are written in full, with thousands separators, inside the chart (no clipped '0,000')", () => {
  const pts: SeriesPoint[] = [2023, 2024, 2025].flatMap((year) => [
    { series: "imported inputs: required", year, value: 1_990_000 - 40_000 * (year - 2023) },
    { series: "available: import-squeeze", year, value: year === 2024 ? 500_000 : 1_990_000 },
  ]);
  const ticks = texts(svgOf(yearLines(pts, doc(), { unit: "USD million" })), "y-axis tick label");
  assert.ok(
    ticks.some((t) => t.text === "2,000,000"),
    ticks.map((t) => t.text).join(" "),
  );
  for (const t of ticks)
    assert.ok(
      t.x - textWidth(t.text) >= 0,
      `tick "${t.text}" at x=${t.x} is ${textWidth(t.text)} px wide: cut at the left edge`,
    );
});

test("mean-fulfilment lines of scenarios with equal values stay visible: own dash pattern, marker and legend entry each", () => {
  const pts: SeriesPoint[] = [2021, 2022].flatMap((year) =>
    ["(no shocks)", "as-recorded"].map((series) => ({ series, year, value: 1 })),
  );
  const el = yearLines(pts, doc(), { percent: true });
  const html = el.outerHTML;
  const dashes = [...svgOf(el).querySelectorAll('g[aria-label="line"]')].map(
    (g) => g.getAttribute("stroke-dasharray") ?? "none",
  );
  assert.equal(new Set(dashes).size, 2, `dash patterns ${dashes.join(" | ")}`);
  const dots = [...svgOf(el).querySelectorAll('g[aria-label="dot"]')].map((g) => g.getAttribute("transform"));
  assert.equal(new Set(dots).size, 2, `the two series' markers are moved apart: ${dots.join(" | ")}`);
  for (const s of ["(no shocks)", "as-recorded"]) assert.ok(html.includes(s), `legend names ${s}`);
  assert.ok(
    texts(svgOf(el), "y-axis tick label").every((t) => / %$/.test(t.text)),
    "percent ticks",
  );
});

test("one colour per meaning: 'required' is the same red whatever the order of the series", () => {
  const a = yearLines(
    [
      { series: "x: required", year: 1, value: 1 },
      { series: "available: b", year: 1, value: 2 },
    ],
    doc(),
    { colours: { "x: required": COLOURS.required } },
  ).outerHTML;
  const b = yearLines(
    [
      { series: "available: b", year: 1, value: 2 },
      { series: "x: required", year: 1, value: 1 },
    ],
    doc(),
    { colours: { "x: required": COLOURS.required } },
  ).outerHTML;
  for (const html of [a, b])
    assert.ok(html.includes(`stroke="${COLOURS.required}"`), "the required line is drawn in COLOURS.required");
});

test("heatmap: a near cell of 99.5 % reads 99.5 %, never 100 %; long target names are not cut", () => {
  const label = "Agriculture, forestry and fishing: restore growth";
  const el = fulfilmentHeatmap(
    [
      { target: label, year: 2020, ratio: 0.995, status: "near" },
      { target: "Coal", year: 2020, ratio: 1.2, status: "met" },
    ],
    doc(),
  );
  const cells = texts(svgOf(el), "text").map((t) => t.text);
  assert.ok(cells.includes("99.5 %"), cells.join(" | "));
  assert.ok(!cells.some((c) => /^100\s?%$/.test(c)));
  const labels = texts(svgOf(el), "y-axis tick label");
  assert.ok(labels.map((t) => t.text.replace(/\n/g, " ")).includes(label), labels.map((t) => t.text).join(" | "));
  for (const t of labels) assert.ok(t.x - textWidth(t.text) >= 0, `label "${t.text}" cut at the left edge`);
});

test("waterfall: its unit on the axis, every value label inside the chart", () => {
  const el = explanationWaterfall(
    [
      { label: "imports (dprk_imports_from_china)", value: -1.813 },
      { label: "exports (dprk_exports_to_china)", value: 3.871 },
    ],
    { modelled: 2.058, unexplained: 4.557, shortfall: 6.615 },
    doc(),
    { unit: "KRW trillion of 2015" },
  );
  const svg = svgOf(el);
  const width = Number(svg.getAttribute("width"));
  assert.match(el.outerHTML, /KRW trillion of 2015/);
  const values = texts(svg, "text");
  assert.ok(values.length >= 5);
  for (const t of values)
    assert.ok(t.x + 4 + textWidth(t.text) <= width, `"${t.text}" at x=${t.x} runs past the right edge (${width})`);
  assert.match(
    explanationWaterfall([{ label: "a", value: 1 }], { modelled: 1, unexplained: 0, shortfall: 1 }, doc()).outerHTML,
    /model units/,
    "no unit given: says model units",
  );
});

test("plan vs observed: long series names wrap instead of being cut, and dots sit inside the frame", () => {
  const series = "Agriculture, forestry and fishing: restore growth";
  const el = planVsObserved(
    [2016, 2017, 2018].map((year) => ({ series, year, target: 10, observed: year === 2016 ? 10.2 : 9 })),
    doc(),
  );
  assert.ok(!el.outerHTML.includes("…"), "no label cut");
  const svg = svgOf(el);
  const frame = svg.querySelector('g[aria-label="frame"] rect') ?? svg.querySelector('rect[aria-label="frame"]');
  const left = Number(frame?.getAttribute("x"));
  const xs = [...svg.querySelectorAll('g[aria-label="dot"] circle')].map((c) => Number(c.getAttribute("cx")));
  assert.ok(Number.isFinite(left), "a frame");
  assert.ok(xs.length === 3 && xs.every((x) => x > left + 5), `dots at ${xs.join(", ")}, frame from ${left}`);
});

test("key-sector quadrant of 402 sectors: names the 12 with the largest backward + forward linkage, the rest a lighter cloud", () => {
  const pts: LinkagePoint[] = Array.from({ length: 402 }, (_, k) => ({
    code: `S${k}`,
    backward: 0.6 + (k % 37) / 40,
    forward: 0.5 + ((k * 7) % 41) / 30,
  }));
  const el = keySectorQuadrant(pts, doc());
  const named = texts(svgOf(el), "text")
    .map((t) => t.text)
    .filter((t) => /^S\d+$/.test(t));
  const top = [...pts]
    .sort((a, b) => b.backward + b.forward - (a.backward + a.forward) || a.code.localeCompare(b.code))
    .slice(0, 12)
    .map((p) => p.code);
  assert.deepEqual(new Set(named), new Set(top));
  assert.match(el.outerHTML, /fill-opacity="0.35"/, "the unnamed sectors are drawn lighter");
});

test("placeLabels puts the labels of crowded points where they do not overprint each other", () => {
  const anchors = [0, 1, 2, 3].map((k) => ({ x: 200 + 3 * k, y: 200 + 2 * k, text: `42${k}A00` }));
  const offsets = placeLabels(anchors, { x0: 0, y0: 0, x1: 500, y1: 400 });
  const boxes = anchors.map((a, k) => {
    const o = offsets[k];
    const w = textWidth(a.text);
    const x0 = a.x + o.dx - (o.textAnchor === "middle" ? w / 2 : o.textAnchor === "end" ? w : 0);
    return { x0, x1: x0 + w, y0: a.y + o.dy - 6, y1: a.y + o.dy + 6 };
  });
  for (let i = 0; i < boxes.length; i++)
    for (let j = 0; j < i; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      assert.ok(
        a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0,
        `labels ${anchors[i].text} and ${anchors[j].text} overlap`,
      );
    }
});

test("percent ticks of a narrow range have the decimals to tell them apart", () => {
  const pts: SeriesPoint[] = [2016, 2017, 2018].map((year, k) => ({
    series: "logged",
    year,
    value: [0.9841, 0.9788, 0.9841][k],
  }));
  const ticks = texts(svgOf(yearLines(pts, doc(), { percent: true })), "y-axis tick label").map((t) => t.text);
  assert.ok(ticks.length >= 3);
  assert.equal(new Set(ticks).size, ticks.length, `ticks ${ticks.join(", ")}`);
});

test("placeLabels leaves a gap between labels side by side, so that two codes never read as one", () => {
  // two points on one line, 40 px apart: "561300" and "324110" must not touch
  const anchors = [
    { x: 200, y: 200, text: "561300" },
    { x: 240, y: 200, text: "324110" },
  ];
  const offsets = placeLabels(anchors, { x0: 0, y0: 0, x1: 500, y1: 400 });
  const box = (k: number) => {
    const [a, o] = [anchors[k], offsets[k]];
    const w = textWidth(a.text);
    const x0 = a.x + o.dx - (o.textAnchor === "middle" ? w / 2 : o.textAnchor === "end" ? w : 0);
    return { x0, x1: x0 + w, y0: a.y + o.dy - 6, y1: a.y + o.dy + 6 };
  };
  for (let i = 0; i < anchors.length; i++)
    for (let j = 0; j < i; j++) {
      const [a, b] = [box(i), box(j)];
      const sameLine = a.y0 < b.y1 && b.y0 < a.y1;
      if (sameLine) assert.ok(a.x0 >= b.x1 + 4 || b.x0 >= a.x1 + 4, `${anchors[i].text} and ${anchors[j].text} touch`);
    }
});
