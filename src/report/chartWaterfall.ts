/** The explanation waterfall: a shortfall split into the channels' parts and what the model does not explain. */
import type { Doc } from "./charts.ts";
import * as Plot from "@observablehq/plot";
import { formatNumber } from "../engine/index.ts";
import { columnFormat } from "./columnFormat.ts";
import { CHART_FONT, COLOURS, lineCount, marginFor, textWidth, wrapLabel } from "./chartStyle.ts";

/** A part of a waterfall (a component of a shortfall). */
export interface WaterfallPart {
  label: string;
  value: number;
}

/**
 * Explanation waterfall: each channel's part from where the previous ended, then their sum (modelled), what the
 * model does not explain (drawn apart, never as a channel), and the shortfall. The unit is written on the axis
 * ("model units" when none is given); labels wrap and the margins are made for them.
 */
export function explanationWaterfall(
  parts: readonly WaterfallPart[],
  account: { modelled: number; unexplained: number; shortfall: number },
  doc: Doc,
  o: { title?: string; width?: number; unit?: string } = {},
): Element {
  let at = 0;
  const bars = parts.map((p) => {
    const b = {
      label: p.label,
      x1: at,
      x2: at + p.value,
      value: p.value,
      kind: p.value >= 0 ? "adds to the shortfall" : "offsets it",
    };
    at += p.value;
    return b;
  });
  bars.push({
    label: "modelled (sum of the parts)",
    x1: 0,
    x2: account.modelled,
    value: account.modelled,
    kind: "modelled",
  });
  bars.push({
    label: "unexplained (the model's miss)",
    x1: account.modelled,
    x2: account.modelled + account.unexplained,
    value: account.unexplained,
    kind: "unexplained",
  });
  bars.push({
    label: "shortfall (planned − observed)",
    x1: 0,
    x2: account.shortfall,
    value: account.shortfall,
    kind: "shortfall",
  });
  const value = columnFormat(bars.map((b) => b.value));
  const wrapped = bars.map((b) => ({
    ...b,
    label: wrapLabel(b.label, 36, 3),
    text: value(b.value),
    end: Math.max(b.x1, b.x2),
  }));
  const row = Math.max(32, 13 * lineCount(wrapped.map((b) => b.label)) + 8);
  return Plot.plot({
    document: doc,
    title: o.title,
    width: o.width ?? 760,
    height: 50 + row * bars.length,
    marginLeft: marginFor(wrapped.map((b) => b.label)),
    marginRight: 16 + Math.max(...wrapped.map((b) => textWidth(b.text))),
    marginBottom: 36,
    style: CHART_FONT,
    x: {
      label: `${o.unit ?? "model units"} →`,
      labelAnchor: "right",
      grid: true,
      tickFormat: (d: number) => formatNumber(d),
    },
    y: { domain: wrapped.map((b) => b.label), label: null },
    color: {
      domain: ["adds to the shortfall", "offsets it", "modelled", "unexplained", "shortfall"],
      range: [COLOURS.adds, COLOURS.offsets, COLOURS.modelled, COLOURS.unexplained, COLOURS.shortfall],
      legend: true,
    },
    marks: [
      Plot.barX(wrapped, { x1: "x1", x2: "x2", y: "label", fill: "kind" }),
      // each value beside the right end of its bar (a negative part's right end is where it starts)
      Plot.text(wrapped, { x: "end", y: "label", text: "text", dx: 4, textAnchor: "start" }),
      Plot.ruleX([0]),
    ],
  });
}
