import { readFileSync } from "node:fs";
import { readZipEntries } from "./zip.ts";

/** A worksheet as a sparse grid: `cell(r, c)` with 0-based row and column; the value is a number or a string. */
export interface Worksheet {
  name: string;
  rows: number;
  cols: number;
  cell(r: number, c: number): string | number | undefined;
}

/** An .xlsx file that cannot be read: the file, the part or cell, and what is wrong (an input error, exit 2). */
export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XlsxError";
  }
}

/** What a workbook may hold before ioplan refuses it; each can be raised with its environment variable. */
export interface XlsxLimits {
  /** Non-empty cells in one sheet (IOPLAN_XLSX_MAX_CELLS). */
  cells: number;
  /** Rows × columns a sheet spans, as readers walk it (IOPLAN_XLSX_MAX_AREA). */
  area: number;
  /** Shared strings (IOPLAN_XLSX_MAX_STRINGS). */
  strings: number;
  /** Sheets (IOPLAN_XLSX_MAX_SHEETS). */
  sheets: number;
  /** Bytes the archive may unpack to, per part (IOPLAN_XLSX_MAX_BYTES; four times that in all). */
  bytes: number;
}

/** The limits in force: the defaults (far above a WIOD table: 175,000 cells, 6 MB), or the environment's. */
export function xlsxLimits(env: Record<string, string | undefined> = process.env): XlsxLimits {
  const get = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n <= 0) throw new XlsxError(`${name}=${v} is not a positive whole number`);
    return n;
  };
  return { cells: get("IOPLAN_XLSX_MAX_CELLS", 5_000_000), area: get("IOPLAN_XLSX_MAX_AREA", 50_000_000), strings: get("IOPLAN_XLSX_MAX_STRINGS", 2_000_000), sheets: get("IOPLAN_XLSX_MAX_SHEETS", 256), bytes: get("IOPLAN_XLSX_MAX_BYTES", 256 * 1024 * 1024) };
}

/** Excel's own bounds: 1,048,576 rows and 16,384 columns (XFD). */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/**
 * Reads the worksheets of an .xlsx file (Office Open XML): shared strings, inline strings, numbers and cached
 * formula results. Styles, dates and formulas themselves are not interpreted (numbers stay numbers). Bounded: the
 * archive is inflated within limits (see readZipEntries), the XML is scanned once, left to right (no pattern can
 * backtrack over it), cell references beyond Excel's bounds and shared-string indexes out of range are errors, and
 * sheets, strings, cells and the area readers walk are capped ({@link xlsxLimits}).
 *
 * @throws XlsxError (or ZipError) naming the file, the part or cell, and what is wrong.
 */
export function readXlsx(file: string, limits: XlsxLimits = xlsxLimits()): Worksheet[] {
  const zip = readZipEntries(readFileSync(file), file, { entryBytes: limits.bytes, totalBytes: limits.bytes * 4 });
  const get = (p: string): string => {
    const e = zip.get(p);
    if (!e) throw new XlsxError(`${file}: workbook part ${p} is missing; is this an .xlsx file?`);
    return e().toString("utf8");
  };
  const shared: string[] = [];
  if (zip.has("xl/sharedStrings.xml")) {
    const part = `${file} (xl/sharedStrings.xml)`;
    forEachElement(get("xl/sharedStrings.xml"), "si", part, (_attrs, body) => {
      if (shared.length >= limits.strings) throw new XlsxError(`${part}: more than ${limits.strings.toLocaleString("en-US")} shared strings (raise with IOPLAN_XLSX_MAX_STRINGS)`);
      let text = "";
      if (body !== null) forEachElement(body, "t", part, (_a, t) => (text += decodeXml(t ?? "")));
      shared.push(text);
    });
  }
  const rels = new Map<string, string>();
  forEachElement(get("xl/_rels/workbook.xml.rels"), "Relationship", `${file} (workbook relationships)`, (attrs) => {
    const id = attr(attrs, "Id");
    const target = attr(attrs, "Target");
    if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  });
  const sheets: Worksheet[] = [];
  forEachElement(get("xl/workbook.xml"), "sheet", `${file} (xl/workbook.xml)`, (attrs) => {
    if (sheets.length >= limits.sheets) throw new XlsxError(`${file}: more than ${limits.sheets} sheets (raise with IOPLAN_XLSX_MAX_SHEETS)`);
    const name = decodeXml(attr(attrs, "name") ?? "");
    const path = rels.get(attr(attrs, "r:id") ?? "");
    if (!path) throw new XlsxError(`${file}: sheet "${name}" has no part`);
    sheets.push(parseSheet(`${file}, sheet "${name}"`, name, get(path), shared, limits));
  });
  return sheets;
}

/** The value of attribute `name` in a start tag's attribute text (XML-escaped, as written). */
function attr(attrs: string, name: string): string | undefined {
  const at = attrs.indexOf(` ${name}="`);
  const start = at < 0 ? (attrs.startsWith(`${name}="`) ? name.length + 2 : -1) : at + name.length + 3;
  if (start < 0) return undefined;
  const end = attrs.indexOf('"', start);
  return end < 0 ? undefined : attrs.slice(start, end);
}

/**
 * Calls `visit(attributes, body)` for every `<tag …>…</tag>` or `<tag …/>` in `xml`, left to right in one pass: the
 * next closing tag is found once and reused until passed, so an unclosed element is an error, never a rescan of the
 * rest of the file. Elements of the same name must not nest (true of the parts read here). O(length).
 * @throws XlsxError naming the part and the offset of an unclosed tag or element
 */
function forEachElement(xml: string, tag: string, part: string, visit: (attrs: string, body: string | null) => void): void {
  const open = `<${tag}`;
  const close = `</${tag}>`;
  let closeAt = -1;
  let p = xml.indexOf(open);
  while (p >= 0) {
    // `<c` must not match `<col`: the name ends at a space, '>' or '/'
    if (!isStart(xml, p + open.length)) {
      p = xml.indexOf(open, p + open.length);
      continue;
    }
    const gt = xml.indexOf(">", p);
    if (gt < 0) throw new XlsxError(`${part}: unclosed <${tag} at offset ${p}`);
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const attrs = xml.slice(p + open.length, selfClosing ? gt - 1 : gt).trim();
    const next = xml.indexOf(open, gt + 1);
    if (selfClosing) {
      visit(attrs, null);
      p = next;
      continue;
    }
    if (closeAt < gt) closeAt = xml.indexOf(close, gt + 1);
    if (closeAt < 0 || (next >= 0 && next < closeAt && isStart(xml, next + open.length))) throw new XlsxError(`${part}: <${tag}> at offset ${p} is not closed before the next one`);
    visit(attrs, xml.slice(gt + 1, closeAt));
    p = xml.indexOf(open, closeAt + close.length);
  }
}

/** Whether a tag name ends at `at` (a space, '>' or '/' follows it). */
function isStart(xml: string, at: number): boolean {
  const c = xml.charCodeAt(at);
  return c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;
}

/** "B12" → [row 11, column 1], within Excel's bounds; undefined when it is not a cell reference. */
function cellRef(ref: string): [number, number] | undefined {
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})$/.exec(ref);
  if (!m) return undefined;
  const c = columnIndex(m[1]);
  const r = Number(m[2]) - 1;
  return c < MAX_COLS && r < MAX_ROWS ? [r, c] : undefined;
}

function parseSheet(where: string, name: string, xml: string, shared: readonly string[], limits: XlsxLimits): Worksheet {
  const cells = new Map<number, string | number>();
  let rows = 0;
  let cols = 0;
  forEachElement(xml, "c", where, (attrs, body) => {
    if (body === null) return;
    const refText = attr(attrs, "r") ?? "";
    const ref = cellRef(refText);
    if (!ref) throw new XlsxError(`${where}: cell reference "${refText.slice(0, 20)}" is not a cell within A1:XFD1048576`);
    const [r, c] = ref;
    const type = attr(attrs, "t");
    let value: string | number | undefined;
    if (type === "inlineStr") {
      let text = "";
      forEachElement(body, "t", where, (_a, t) => (text += decodeXml(t ?? "")));
      value = text;
    } else {
      let v: string | undefined;
      forEachElement(body, "v", where, (_a, t) => (v = t ?? ""));
      if (v === undefined) return;
      if (type === "s") {
        const k = Number(v);
        if (!Number.isInteger(k) || k < 0 || k >= shared.length) throw new XlsxError(`${where}, cell ${refText}: shared string ${v.slice(0, 20)} does not exist (the workbook has ${shared.length})`);
        value = shared[k];
      } else if (type === "str" || type === "e") value = decodeXml(v);
      else {
        value = Number(v);
        if (!Number.isFinite(value)) throw new XlsxError(`${where}, cell ${refText}: "${v.slice(0, 30)}" is not a finite number`);
      }
    }
    if (cells.size >= limits.cells) throw new XlsxError(`${where}: more than ${limits.cells.toLocaleString("en-US")} cells (raise with IOPLAN_XLSX_MAX_CELLS)`);
    cells.set(r * MAX_COLS + c, value);
    if (r + 1 > rows) rows = r + 1;
    if (c + 1 > cols) cols = c + 1;
    if (rows * cols > limits.area) throw new XlsxError(`${where}: cell ${refText} makes the sheet ${rows.toLocaleString("en-US")} rows × ${cols.toLocaleString("en-US")} columns, more than the ${limits.area.toLocaleString("en-US")} cells ioplan walks (raise with IOPLAN_XLSX_MAX_AREA)`);
  });
  return { name, rows, cols, cell: (r, c) => cells.get(r * MAX_COLS + c) };
}

/** "A" → 0, "Z" → 25, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 → "A", 26 → "AA". */
export function columnLetters(index: number): string {
  let s = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    switch (e) {
      case "lt": return "<";
      case "gt": return ">";
      case "amp": return "&";
      case "quot": return '"';
      case "apos": return "'";
      default: {
        const cp = e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        if (!(cp >= 0 && cp <= 0x10ffff)) throw new XlsxError(`character reference &${e}; is not a character`);
        return String.fromCodePoint(cp);
      }
    }
  });
}
