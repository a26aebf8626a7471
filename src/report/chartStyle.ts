/**
 * What every ioplan chart shares, defined once: the font, one colour per meaning (the report's tables and the
 * dashboard use the same), the scenario palette, and the label geometry (wrapping long labels, margins computed
 * from the labels' length) so that no label is cut at the edge of a chart.
 */

/** Font of every chart (SVG text inherits it). */
export const CHART_FONT = { fontFamily: "system-ui, -apple-system, 'Segoe UI', sans-serif", fontSize: "11px" };
/** Font size of chart text in pixels (matches {@link CHART_FONT}). */
const FONT_PX = 11;
/**
 * Average advance of one character at {@link FONT_PX}, in pixels: DejaVu Sans, the widest of the usual system
 * sans-serifs, is about 0.6 em a character, so a margin made for it holds the label in any of them.
 */
const CHAR_PX = 0.6 * FONT_PX;

/** Fulfilment colours with enough contrast for labels in black: missed (red), near (amber), met (green). */
export const STATUS_COLOURS = {
  missed: "#f4a6a6",
  near: "#ffd98a",
  met: "#a8dcb0",
  "not-observed": "#e8e8e8",
} as const;

/**
 * One colour per meaning, in every chart and report: what a plan sets (target, required) is always the same
 * colour, what was observed always another.
 */
export const COLOURS = {
  /** A plan's target (drawn dashed). */
  target: "#444444",
  /** The best estimate of what happened, and its range across sources. */
  observed: "#2166ac",
  /** What a plan requires (resources). */
  required: "#b2182b",
  /** Waterfall: a part that adds to the shortfall. */
  adds: "#d6604d",
  /** Waterfall: a part that offsets it. */
  offsets: "#4d9221",
  /** Waterfall: the sum of the parts. */
  modelled: "#555577",
  /** Waterfall: what the model does not explain. */
  unexplained: "#bbbbbb",
  /** Waterfall: planned − observed. */
  shortfall: "#222233",
  /** Key-sector quadrant: a key sector (both linkages above average). */
  key: "#1b7837",
  /** Key-sector quadrant: any other sector. */
  other: "#778899",
} as const;

/**
 * Scenarios (and other series without a meaning of their own), in order: none is the red of "required" or the
 * blue of "observed", and neighbours differ in lightness too (Dark2, ColorBrewer).
 */
export const SERIES_PALETTE = [
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#e6ab02",
  "#a6761d",
  "#666666",
] as const;
/** Dash patterns, in order, so that series drawn on top of each other stay distinguishable. */
export const SERIES_DASHES = ["none", "6,3", "2,2", "8,3,2,3", "4,4", "1,3", "10,4", "3,2,1,2"] as const;
/** Marker symbols, in order (Plot's symbol names). */
export const SERIES_SYMBOLS = ["circle", "square", "triangle", "diamond", "cross", "star", "wye", "times"] as const;

/** The colour of the `k`-th series (cycles through {@link SERIES_PALETTE}). */
export const seriesColour = (k: number): string => SERIES_PALETTE[k % SERIES_PALETTE.length];

/** A label's width in pixels at the chart font (an upper estimate; see {@link CHAR_PX}). */
export function textWidth(label: string): number {
  return Math.max(0, ...label.split("\n").map((line) => line.length)) * CHAR_PX;
}

/**
 * A label broken at spaces into lines of at most `width` characters, at most `lines` of them (the last ending in
 * "…" when the label is longer still); a word longer than a line is cut.
 * @example
 * ```ts
 * wrapLabel("Agriculture, forestry and fishing: restore growth", 24);
 * // "Agriculture, forestry\nand fishing: restore\ngrowth"
 * ```
 */
export function wrapLabel(label: string, width: number, lines = 3): string {
  const out: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = "";
    }
    line = line ? `${line} ${word}` : word.length > width ? word.slice(0, width - 1) + "…" : word;
  }
  if (line) out.push(line);
  if (out.length <= lines) return out.join("\n");
  const kept = out.slice(0, lines);
  kept[lines - 1] = kept[lines - 1].slice(0, width - 1).trimEnd() + "…";
  return kept.join("\n");
}

/** The margin (pixels) that holds the widest of `labels` beside an axis, with `pad` pixels for the tick. */
export function marginFor(labels: readonly string[], pad = 12): number {
  return Math.ceil(Math.max(0, ...labels.map(textWidth)) + pad);
}

/** The number of lines of the tallest label. */
export const lineCount = (labels: readonly string[]): number => Math.max(1, ...labels.map((l) => l.split("\n").length));
