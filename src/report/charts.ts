/**
 * ioplan's charts, one definition each for the report (SVG rendered in Node with a server-side DOM) and the
 * dashboard (the browser's DOM): every function takes plain data and the `document` to draw with, and returns
 * an element. Observable Plot does the drawing; no network, no fonts beyond the system's.
 */
import * as Plot from "@observablehq/plot";
import { formatNumber, formatPercent } from "../engine/index.ts";
import { placeLabels } from "./labelPlacement.ts";
import { CHART_FONT, COLOURS, STATUS_COLOURS, lineCount, marginFor, wrapLabel } from "./chartStyle.ts";
export { explanationWaterfall } from "./chartWaterfall.ts";
export type { WaterfallPart } from "./chartWaterfall.ts";
export { yearLines } from "./chartYearLines.ts";
export type { SeriesPoint } from "./chartYearLines.ts";

/** The DOM `document` to draw with (linkedom's in Node, `window.document` in the browser). */
export type Doc = Document;

export { COLOURS, STATUS_COLOURS } from "./chartStyle.ts";

/** A target's fulfilment in one year, for the heatmap. */
export interface HeatCell {
  target: string;
  year: number;
  ratio: number | null;
  status: keyof typeof STATUS_COLOURS;
}

/**
 * Fulfilment heatmap: targets × years, coloured by status, labelled with the ratio (formatPercent: a share is
 * never rounded onto 100 % it has not reached). Long target names wrap onto up to three lines; the left margin is
 * made for the longest.
 */
export function fulfilmentHeatmap(
  all: readonly HeatCell[],
  doc: Doc,
  o: { title?: string; width?: number } = {},
): Element {
  const width = o.width ?? 760;
  // the label column takes at most about two fifths of the width
  const cells = all.map((c) => ({ ...c, target: wrapLabel(c.target, Math.max(24, Math.floor((0.4 * width) / 6.6))) }));
  const targets = [...new Set(cells.map((c) => c.target))];
  return Plot.plot({
    document: doc,
    title: o.title,
    width,
    height: 40 + Math.max(26, 14 * lineCount(targets) + 4) * targets.length,
    marginLeft: marginFor(targets),
    style: CHART_FONT,
    x: { type: "band", label: null, tickFormat: (d: number) => String(d) },
    y: { domain: targets, label: null },
    color: {
      type: "categorical",
      domain: Object.keys(STATUS_COLOURS),
      range: Object.values(STATUS_COLOURS),
      legend: true,
      tickFormat: (s: string) => s.replace("-", " "),
    },
    marks: [
      Plot.cell(cells, { x: "year", y: "target", fill: "status", inset: 1 }),
      Plot.text(cells, {
        x: "year",
        y: "target",
        text: (d: HeatCell) => (d.ratio === null ? "—" : formatPercent(d.ratio, { digits: 0 })),
        fill: "black",
      }),
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

/**
 * Plan vs observed, one panel per series: the target (dashed), the best estimate (dots) and the range across
 * sources, each series as an index on its first year's target (= 100) so that panels of different sizes compare.
 * Panel names wrap onto up to three lines in a right margin made for them; the points are inset from the frame.
 */
export function planVsObserved(
  raw: readonly PlanPoint[],
  doc: Doc,
  o: { title?: string; width?: number; unit?: string } = {},
): Element {
  const width = o.width ?? 760;
  const name = new Map(
    [...new Set(raw.map((p) => p.series))].map((s) => [
      s,
      wrapLabel(s, Math.max(22, Math.floor((0.3 * width) / 6.6)), 4),
    ]),
  );
  const series = [...name.values()];
  const base = new Map(
    series.map((s) => [
      s,
      raw.find((p) => name.get(p.series) === s && p.target !== null && p.target !== 0)?.target ?? 1,
    ]),
  );
  const points = raw.map((p) => {
    const b = base.get(name.get(p.series)!)!;
    const scale = (v: number | null | undefined) => (v === null || v === undefined ? v : (100 * v) / b);
    return {
      ...p,
      series: name.get(p.series)!,
      target: scale(p.target) as number | null,
      observed: scale(p.observed) as number | null,
      min: scale(p.min),
      max: scale(p.max),
    };
  });
  const ranged = points.filter(
    (p) => p.min !== undefined && p.max !== undefined && (p.max as number) > (p.min as number),
  );
  const panel = series.length === 1 ? 220 : Math.max(90, 14 * lineCount(series) + 30);
  return Plot.plot({
    document: doc,
    title: o.title,
    width,
    height: 30 + panel * series.length,
    marginLeft: 50,
    marginRight: marginFor(series, 16),
    style: CHART_FONT,
    x: { tickFormat: (d: number) => String(d), label: null, ticks: [...new Set(points.map((p) => p.year))], inset: 14 },
    y: {
      label: o.unit ?? "index, first-year target = 100",
      grid: true,
      zero: false,
      ticks: 4,
      inset: 8,
      tickFormat: (d: number) => formatNumber(d),
    },
    fy: { domain: series, label: null },
    facet: { data: points, y: "series" },
    marks: [
      Plot.frame({ stroke: "#ddd" }),
      Plot.line(
        points.filter((p) => p.target !== null),
        { x: "year", y: "target", fy: "series", stroke: COLOURS.target, strokeDasharray: "4,3" },
      ),
      Plot.ruleX(ranged, {
        x: "year",
        y1: "min",
        y2: "max",
        fy: "series",
        stroke: COLOURS.observed,
        strokeWidth: 3,
        strokeOpacity: 0.4,
      }),
      Plot.dot(
        points.filter((p) => p.observed !== null),
        { x: "year", y: "observed", fy: "series", fill: COLOURS.observed, r: 3.5 },
      ),
    ],
  });
}

/** A sector's linkages for the key-sector quadrant. */
export interface LinkagePoint {
  code: string;
  backward: number;
  forward: number;
}

/**
 * Key-sector quadrant: normalised backward (x) vs forward (y) linkages, the key sectors (both above 1) top right.
 * With more than `labelled` sectors (default 12) only the `labelled` with the largest backward + forward linkage are
 * named and drawn full size; the rest are a lighter cloud, so that a 400-sector model stays readable.
 */
export function keySectorQuadrant(
  points: readonly LinkagePoint[],
  doc: Doc,
  o: { title?: string; width?: number; labelled?: number } = {},
): Element {
  const top = new Set(quadrantLabelled(points, o.labelled ?? 12).map((p) => p.code));
  // the most linked first: they get the free places
  const named = quadrantLabelled(points, o.labelled ?? 12);
  const cloud = points.filter((p) => !top.has(p.code));
  const kind = (d: LinkagePoint) => (d.backward > 1 && d.forward > 1 ? "key sector" : "other");
  const frame = {
    width: o.width ?? 560,
    height: 440,
    marginTop: 30,
    marginRight: 40,
    marginBottom: 40,
    marginLeft: 50,
    inset: 24,
  };
  const extent = (v: number[]) => [Math.min(1, ...v), Math.max(1, ...v)] as [number, number];
  const [x0, x1] = extent(points.map((p) => p.backward));
  const [y0, y1] = extent(points.map((p) => p.forward));
  // the named points in pixels (the same linear scales Plot draws with, given the domains and the frame)
  const left = frame.marginLeft + frame.inset;
  const right = frame.width - frame.marginRight - frame.inset;
  const bottom = frame.height - frame.marginBottom - frame.inset;
  const topPx = frame.marginTop + frame.inset;
  const px = (p: LinkagePoint) => ({
    x: left + ((p.backward - x0) / (x1 - x0 || 1)) * (right - left),
    y: bottom - ((p.forward - y0) / (y1 - y0 || 1)) * (bottom - topPx),
    text: p.code,
  });
  const offsets = placeLabels(named.map(px), {
    x0: frame.marginLeft,
    y0: frame.marginTop,
    x1: frame.width - frame.marginRight,
    y1: frame.height - frame.marginBottom,
  });
  return Plot.plot({
    document: doc,
    title: o.title,
    ...frame,
    style: CHART_FONT,
    grid: true,
    x: { domain: [x0, x1], label: "backward linkage (normalised) →", tickFormat: (d: number) => formatNumber(d) },
    y: { domain: [y0, y1], label: "↑ forward linkage (normalised)", tickFormat: (d: number) => formatNumber(d) },
    color: { domain: ["key sector", "other"], range: [COLOURS.key, COLOURS.other], legend: true },
    marks: [
      Plot.ruleX([1], { stroke: "#999" }),
      Plot.ruleY([1], { stroke: "#999" }),
      Plot.dot(cloud, { x: "backward", y: "forward", fill: kind, r: 2.5, fillOpacity: 0.35 }),
      Plot.dot(named, { x: "backward", y: "forward", fill: kind, r: 4, stroke: "white", strokeWidth: 0.5 }),
      ...named.map((p, k) =>
        Plot.text([p], {
          x: "backward",
          y: "forward",
          text: "code",
          ...offsets[k],
          stroke: "white",
          strokeWidth: 3,
          paintOrder: "stroke",
          fill: "#222",
        }),
      ),
      Plot.text(["key sectors ↗"], { frameAnchor: "top-right", dx: -4, dy: 4, fill: "#555" }),
    ],
  });
}

/** The sectors the quadrant names: all of them up to `n`, else the `n` with the largest backward + forward linkage. */
export function quadrantLabelled(points: readonly LinkagePoint[], n: number): LinkagePoint[] {
  if (points.length <= n) return [...points];
  return [...points]
    .sort((a, b) => b.backward + b.forward - (a.backward + a.forward) || a.code.localeCompare(b.code))
    .slice(0, n);
}
