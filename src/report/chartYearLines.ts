/**
 * Lines by year: series against years (scenario fulfilment, required against available), markers set apart where
 * they coincide.
 */
import type { Doc } from "./charts.ts";
import * as Plot from "@observablehq/plot";
import { formatNumber, formatPercent } from "../engine/index.ts";
import { CHART_FONT, SERIES_DASHES, SERIES_SYMBOLS, marginFor, seriesColour } from "./chartStyle.ts";

/** One value of a series per year (resources required and available, fulfilment by scenario). */
export interface SeriesPoint {
  series: string;
  year: number;
  value: number;
}

/**
 * Lines per series over the years (required vs available resources; mean fulfilment by scenario). Each series has
 * its colour (`colours`, by name; else the series palette in order of appearance), its own dash pattern and marker,
 * and its markers are moved apart sideways by a few pixels, so that series with equal values all stay visible.
 * Ticks are written by formatNumber (formatPercent with `percent`), in a left margin made for them.
 */
export function yearLines(
  points: readonly SeriesPoint[],
  doc: Doc,
  o: {
    title?: string;
    width?: number;
    unit?: string;
    percent?: boolean;
    colours?: Readonly<Record<string, string>>;
  } = {},
): Element {
  const series = [...new Set(points.map((p) => p.series))];
  const colours = series.map((s, k) => o.colours?.[s] ?? seriesColour(k));
  const values = points.map((p) => p.value);
  // percent ticks get the decimals their spacing needs (about five ticks), so that no two read the same
  const step = (Math.max(...values) - Math.min(...values)) * 20;
  const decimals = step > 0 ? Math.min(3, Math.max(0, Math.ceil(-Math.log10(step)))) : 0;
  const tick = o.percent ? (d: number) => formatPercent(d, { digits: decimals }) : (d: number) => formatNumber(d);
  const span = Math.max(0, ...values.map(Math.abs));
  // ticks are round numbers inside [0, span] (or the values' range): the widest is about as wide as the span written
  const widest = [tick(span), tick(-span), tick(Math.min(0, ...values))].map((t) => t + "0");
  const dodge = (k: number) => (k - (series.length - 1) / 2) * Math.min(4, 24 / Math.max(1, series.length));
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 280,
    marginLeft: marginFor(widest, 14),
    style: CHART_FONT,
    x: { tickFormat: (d: number) => String(d), label: null, ticks: [...new Set(points.map((p) => p.year))], inset: 16 },
    y: { label: o.unit ?? null, grid: true, tickFormat: tick, zero: !o.percent, nice: true },
    color: { domain: series, range: colours },
    symbol: { domain: series, range: series.map((_, k) => SERIES_SYMBOLS[k % SERIES_SYMBOLS.length]), legend: true },
    marks: [
      ...(o.percent ? [] : [Plot.ruleY([0])]),
      // the first series (the plan's requirement, the scenario without shocks) drawn last, on top
      ...series
        .map((s, k) =>
          Plot.line(
            points.filter((p) => p.series === s),
            {
              x: "year",
              y: "value",
              stroke: "series",
              strokeWidth: 1.6,
              strokeDasharray: SERIES_DASHES[k % SERIES_DASHES.length],
              dx: dodge(k),
            },
          ),
        )
        .reverse(),
      ...series
        .map((s, k) =>
          Plot.dot(
            points.filter((p) => p.series === s),
            {
              x: "year",
              y: "value",
              stroke: "series",
              fill: "white",
              symbol: "series",
              r: 3.5,
              strokeWidth: 1.5,
              dx: dodge(k),
            },
          ),
        )
        .reverse(),
    ],
  });
}
