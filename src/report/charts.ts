/**
 * ioplan's charts, one definition each for the report (SVG rendered in Node with a server-side DOM) and the
 * dashboard (the browser's DOM): every function takes plain data and the `document` to draw with, and returns
 * an element. Observable Plot does the drawing; no network, no fonts beyond the system's.
 */
import * as Plot from "@observablehq/plot";

/** The DOM `document` to draw with (linkedom's in Node, `window.document` in the browser). */
export type Doc = Document;

const FONT = { fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif", fontSize: "11px" };
/** Fulfilment colours with enough contrast for labels in black: missed (red), near (amber), met (green). */
export const STATUS_COLOURS = { missed: "#f4a6a6", near: "#ffd98a", met: "#a8dcb0", "not-observed": "#e8e8e8" } as const;

/** A target's fulfilment in one year, for the heatmap. */
export interface HeatCell {
  target: string;
  year: number;
  ratio: number | null;
  status: keyof typeof STATUS_COLOURS;
}

/** Fulfilment heatmap: targets × years, coloured by status, labelled with the ratio. */
export function fulfilmentHeatmap(all: readonly HeatCell[], doc: Doc, o: { title?: string; width?: number } = {}): Element {
  const short = (t: string) => (t.length > 44 ? t.slice(0, 43) + "…" : t);
  const cells = all.map((c) => ({ ...c, target: short(c.target) }));
  const targets = [...new Set(cells.map((c) => c.target))];
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 40 + 26 * targets.length,
    marginLeft: 290,
    style: FONT,
    x: { type: "band", label: null, tickFormat: (d: number) => String(d) },
    y: { domain: targets, label: null },
    color: { type: "categorical", domain: Object.keys(STATUS_COLOURS), range: Object.values(STATUS_COLOURS), legend: true },
    marks: [
      Plot.cell(cells, { x: "year", y: "target", fill: "status", inset: 1 }),
      Plot.text(cells, { x: "year", y: "target", text: (d: HeatCell) => (d.ratio === null ? "—" : `${(d.ratio * 100).toFixed(0)}%`), fill: "black" }),
    ],
  });
}

/** One point of a plan-vs-observed series (model units). */
export interface PlanPoint {
  series: string;
  year: number;
  target: number | null;
  observed: number | null;
  min?: number;
  max?: number;
}

/** Plan vs observed, one panel per series: the target (dashed), the best estimate (dots) and the range across sources. */
export function planVsObserved(raw: readonly PlanPoint[], doc: Doc, o: { title?: string; width?: number; unit?: string } = {}): Element {
  const series = [...new Set(raw.map((p) => p.series))];
  // each series as an index on its first year's target (= 100), so that panels of different sizes compare
  const base = new Map(series.map((s) => [s, raw.find((p) => p.series === s && p.target !== null && p.target !== 0)?.target ?? 1]));
  const points = raw.map((p) => {
    const b = base.get(p.series)!;
    const scale = (v: number | null | undefined) => (v === null || v === undefined ? v : (100 * v) / b);
    return { ...p, target: scale(p.target) as number | null, observed: scale(p.observed) as number | null, min: scale(p.min), max: scale(p.max) };
  });
  const ranged = points.filter((p) => p.min !== undefined && p.max !== undefined && (p.max as number) > (p.min as number));
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 30 + (series.length === 1 ? 220 : 90) * series.length,
    marginLeft: 50,
    marginRight: 230,
    style: FONT,
    x: { tickFormat: (d: number) => String(d), label: null, ticks: [...new Set(points.map((p) => p.year))] },
    y: { label: o.unit ?? "index, first-year target = 100", grid: true, zero: false, ticks: 4 },
    fy: { domain: series, label: null },
    facet: { data: points, y: "series" },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.line(points.filter((p) => p.target !== null), { x: "year", y: "target", fy: "series", stroke: "#555", strokeDasharray: "4,3" }),
      Plot.ruleX(ranged, { x: "year", y1: "min", y2: "max", fy: "series", stroke: "#c44", strokeWidth: 3, strokeOpacity: 0.5 }),
      Plot.dot(points.filter((p) => p.observed !== null), { x: "year", y: "observed", fy: "series", fill: "#c44", r: 3.5 }),
    ],
  });
}

/** A sector's linkages for the key-sector quadrant. */
export interface LinkagePoint {
  code: string;
  backward: number;
  forward: number;
}

/** Key-sector quadrant: normalised backward (x) vs forward (y) linkages, the key sectors top right. */
export function keySectorQuadrant(points: readonly LinkagePoint[], doc: Doc, o: { title?: string; width?: number } = {}): Element {
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 520,
    height: 420,
    style: FONT,
    grid: true,
    inset: 20,
    x: { label: "backward linkage (normalised) →" },
    y: { label: "↑ forward linkage (normalised)" },
    marks: [
      Plot.ruleX([1], { stroke: "#999" }),
      Plot.ruleY([1], { stroke: "#999" }),
      Plot.dot(points, { x: "backward", y: "forward", fill: (d: LinkagePoint) => (d.backward > 1 && d.forward > 1 ? "key" : "other"), r: 4 }),
      Plot.text(points, { x: "backward", y: "forward", text: "code", dy: -9 }),
      Plot.text([{ x: 1, y: 1 }], { x: "x", y: "y", text: () => "key sectors ↗", dx: 40, dy: -10, fill: "#555" }),
    ],
    color: { domain: ["key", "other"], range: ["#2a7", "#789"] },
  });
}

/** A part of a waterfall (a component of a shortfall). */
export interface WaterfallPart {
  label: string;
  value: number;
}

/**
 * Explanation waterfall: each channel's part from where the previous ended, then their sum (modelled), what the
 * model does not explain (drawn apart, never as a channel), and the shortfall.
 */
export function explanationWaterfall(parts: readonly WaterfallPart[], account: { modelled: number; unexplained: number; shortfall: number }, doc: Doc, o: { title?: string; width?: number; unit?: string } = {}): Element {
  let at = 0;
  const bars = parts.map((p) => {
    const b = { label: p.label, x1: at, x2: at + p.value, value: p.value, kind: p.value >= 0 ? "adds to the shortfall" : "offsets it" };
    at += p.value;
    return b;
  });
  bars.push({ label: "modelled (sum of the parts)", x1: 0, x2: account.modelled, value: account.modelled, kind: "modelled" });
  bars.push({ label: "unexplained (the model's miss)", x1: account.modelled, x2: account.modelled + account.unexplained, value: account.unexplained, kind: "unexplained" });
  bars.push({ label: "shortfall (planned − observed)", x1: 0, x2: account.shortfall, value: account.shortfall, kind: "shortfall" });
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 40 + 30 * bars.length,
    marginLeft: 250,
    marginRight: 60,
    style: FONT,
    x: { label: o.unit ?? null, grid: true },
    y: { domain: bars.map((b) => b.label), label: null },
    color: { domain: ["adds to the shortfall", "offsets it", "modelled", "unexplained", "shortfall"], range: ["#d66", "#6a6", "#557", "#bbb", "#223"], legend: true },
    marks: [
      Plot.barX(bars, { x1: "x1", x2: "x2", y: "label", fill: "kind" }),
      Plot.text(bars, { x: "x2", y: "label", text: (b: { value: number }) => b.value.toFixed(2), dx: 4, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}

/** One value of a series per year (resources required and available, fulfilment by scenario). */
export interface SeriesPoint {
  series: string;
  year: number;
  value: number;
}

/** Lines per series over the years (required vs available resources; mean fulfilment by scenario). */
export function yearLines(points: readonly SeriesPoint[], doc: Doc, o: { title?: string; width?: number; unit?: string; percent?: boolean } = {}): Element {
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 280,
    style: FONT,
    x: { tickFormat: (d: number) => String(d), label: null, ticks: [...new Set(points.map((p) => p.year))] },
    y: { label: o.unit ?? null, grid: true, percent: o.percent ?? false },
    color: { legend: true },
    marks: [Plot.line(points, { x: "year", y: "value", stroke: "series" }), Plot.dot(points, { x: "year", y: "value", fill: "series", r: 3 }), Plot.ruleY([0])],
  });
}
