/**
 * Korean (and CJK) text in a self-contained report: the slices of Noto Sans KR (SIL Open Font License 1.1, from the
 * `@fontsource/noto-sans-kr` package) that hold the characters the report uses, inlined as `@font-face` rules, so that
 * source notes in Hangul read on a machine without CJK fonts and in the PDF Chromium prints there.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** One slice of the font: its file and the code-point ranges it covers. */
interface Slice {
  weight: number;
  file: string;
  ranges: [number, number][];
}

let slices: Slice[] | undefined;

/**
 * The numbered slices of the regular and bold weights (body text, headings), as the package's stylesheets list
 * them.
 */
function fontSlices(): Slice[] {
  if (slices) return slices;
  slices = [];
  for (const weight of [400, 700]) slices.push(...weightSlices(weight));
  return slices;
}

function weightSlices(weight: number): Slice[] {
  const css = createRequire(import.meta.url).resolve(`@fontsource/noto-sans-kr/${weight}.css`);
  const dir = dirname(css);
  const out: Slice[] = [];
  for (const rule of readFileSync(css, "utf8").split("@font-face").slice(1)) {
    const file = /url\(\.\/(files\/[^)]+\.woff2)\)/.exec(rule)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(rule)?.[1];
    if (!file || !range) continue;
    const ranges = range.split(",").map((r) => {
      const [a, b] = r.trim().replace(/^U\+/i, "").split("-");
      return [parseInt(a, 16), parseInt(b ?? a, 16)] as [number, number];
    });
    out.push({ weight, file: join(dir, file), ranges });
  }
  return out;
}

/**
 * Whether a code point is one a Latin system font may lack: Hangul, CJK, kana, full-width forms (U+1100 and up, not
 * symbols ioplan prints).
 */
function needsFont(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x11ff) ||
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xa960 && cp <= 0xa97f) ||
    (cp >= 0xac00 && cp <= 0xd7ff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xff00 && cp <= 0xffef)
  );
}

/**
 * `@font-face` rules (font-family "Noto Sans KR") for the slices that cover the Korean and CJK characters of `text`,
 * each inlined as a base64 woff2 with its unicode-range; "" when the text has none.
 */
export function koreanFontFaces(text: string): string {
  const used = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (needsFont(cp)) used.add(cp);
  }
  if (used.size === 0) return "";
  const sorted = [...used].sort((a, b) => a - b);
  return fontSlices()
    .map((s) => ({ ...s, cps: sorted.filter((cp) => s.ranges.some(([a, b]) => cp >= a && cp <= b)) }))
    .filter((s) => s.cps.length > 0)
    .map((s) => {
      // the face claims only the characters it is here for, so Latin text never falls to it
      const range = s.cps.map((cp) => `U+${cp.toString(16)}`).join(",");
      const woff2 = readFileSync(s.file).toString("base64");
      return (
        `@font-face{font-family:"Noto Sans KR";font-style:normal;font-weight:${s.weight};` +
        `src:url(data:font/woff2;base64,${woff2}) format("woff2");unicode-range:${range}}`
      );
    })
    .join("\n");
}

/**
 * The font stack ioplan's reports use: the bundled Korean font first (it claims only the Korean and CJK characters
 * the report holds), then the system's.
 */
export const REPORT_FONT_STACK = `"Noto Sans KR",system-ui,-apple-system,"Segoe UI",sans-serif`;
