/**
 * Where to put the labels of a scatter plot's points so that they do not overprint each other: a greedy placement
 * (Imhof's rules in their simplest form: a label beside its point, the first free one of a few positions, in order
 * of importance). Pure geometry in pixels; the chart draws each label with the offset chosen.
 */
import { textWidth } from "./chartStyle.ts";

/** A point to label, in pixels. */
export interface LabelAnchor {
  x: number;
  y: number;
  text: string;
}

/** A label's offset from its point and its anchor, as Plot's text mark takes them. */
export interface LabelOffset {
  dx: number;
  dy: number;
  textAnchor: "start" | "middle" | "end";
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const LINE = 12;
const GAP = 4;
/** Above, below, right, left, the four corners, then a line further out: the first that is free is taken. */
const POSITIONS: LabelOffset[] = [
  { dx: 0, dy: -9, textAnchor: "middle" },
  { dx: 0, dy: 11, textAnchor: "middle" },
  { dx: 7, dy: 0, textAnchor: "start" },
  { dx: -7, dy: 0, textAnchor: "end" },
  { dx: 5, dy: -8, textAnchor: "start" },
  { dx: -5, dy: -8, textAnchor: "end" },
  { dx: 5, dy: 9, textAnchor: "start" },
  { dx: -5, dy: 9, textAnchor: "end" },
  // a line further out, for crowded points
  { dx: 0, dy: -21, textAnchor: "middle" },
  { dx: 0, dy: 23, textAnchor: "middle" },
  { dx: 7, dy: -13, textAnchor: "start" },
  { dx: 7, dy: 13, textAnchor: "start" },
  { dx: -7, dy: -13, textAnchor: "end" },
  { dx: -7, dy: 13, textAnchor: "end" },
  { dx: 0, dy: -33, textAnchor: "middle" },
  { dx: 0, dy: 35, textAnchor: "middle" },
];

function boxOf(a: LabelAnchor, o: LabelOffset): Box {
  const w = textWidth(a.text);
  const x0 = a.x + o.dx - (o.textAnchor === "middle" ? w / 2 : o.textAnchor === "end" ? w : 0);
  const y = a.y + o.dy;
  // a gap of GAP pixels on either side, so that two labels never read as one ("561300324110")
  return { x0: x0 - GAP, y0: y - LINE / 2, x1: x0 + w + GAP, y1: y + LINE / 2 };
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/**
 * An offset for each anchor, in order (place the most important first): the first of {@link POSITIONS} whose box
 * meets no label placed before it, no labelled point and stays inside `bounds`; when none is free, the one that
 * overlaps least. O(n²) in the number of labels.
 * @example
 * ```ts
 * placeLabels([{ x: 100, y: 100, text: "331" }, { x: 102, y: 101, text: "332" }], { x0: 0, y0: 0, x1: 500, y1: 400 });
 * // [{ dx: 0, dy: -9, textAnchor: "middle" }, { dx: 0, dy: 11, textAnchor: "middle" }]
 * ```
 */
export function placeLabels(anchors: readonly LabelAnchor[], bounds: Box): LabelOffset[] {
  const taken: Box[] = anchors.map((a) => ({ x0: a.x - 3, y0: a.y - 3, x1: a.x + 3, y1: a.y + 3 }));
  return anchors.map((a) => {
    let best = POSITIONS[0];
    let bestCost = Infinity;
    for (const o of POSITIONS) {
      const b = boxOf(a, o);
      const outside =
        Math.max(0, bounds.x0 - b.x0) +
        Math.max(0, b.x1 - bounds.x1) +
        Math.max(0, bounds.y0 - b.y0) +
        Math.max(0, b.y1 - bounds.y1);
      const cost = taken.reduce((s, t) => s + overlap(b, t), 0) + 100 * outside;
      if (cost < bestCost) [best, bestCost] = [o, cost];
      if (cost === 0) break;
    }
    taken.push(boxOf(a, best));
    return best;
  });
}
