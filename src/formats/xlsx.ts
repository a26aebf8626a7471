import { IoplanError } from "../engine/index.ts";
import { StringDecoder } from "node:string_decoder";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import yauzl, { type Entry, type ZipFile } from "yauzl";

/** A worksheet as a sparse grid: `cell(r, c)` with 0-based row and column; the value is a number or a string. */
export interface Worksheet {
  name: string;
  rows: number;
  cols: number;
  cell(r: number, c: number): string | number | undefined;
}

/** An .xlsx file that cannot be read: the file, the part or cell, and what is wrong (an input error, exit 2). */
export class XlsxError extends IoplanError {
  constructor(message: string) {
    super("bad-xlsx", message);
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
  /** Sheets (IOPLAN_XLSX_MAX_SHEETS); the archive may hold ten entries a sheet and 100 more. */
  sheets: number;
  /** Bytes one part may unpack to (IOPLAN_XLSX_MAX_BYTES; four times that for the parts read, in all). */
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
  return {
    cells: get("IOPLAN_XLSX_MAX_CELLS", 5_000_000),
    area: get("IOPLAN_XLSX_MAX_AREA", 50_000_000),
    strings: get("IOPLAN_XLSX_MAX_STRINGS", 2_000_000),
    sheets: get("IOPLAN_XLSX_MAX_SHEETS", 256),
    bytes: get("IOPLAN_XLSX_MAX_BYTES", 256 * 1024 * 1024),
  };
}

/** Excel's own bounds: 1,048,576 rows, 16,384 columns (XFD) and 32,767 characters in a cell. */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;
const MAX_CELL_CHARS = 32_767;

/** A count as messages print it: with thousands separators (1,048,576). */
const grouped = (n: number): string => n.toLocaleString("en-US");

/**
 * Reads the worksheets of an .xlsx file (Office Open XML): shared strings, inline strings, numbers and cached
 * formula results. Styles, dates and formulas themselves are not interpreted (numbers stay numbers); phonetic runs
 * are left out of strings. The archive is read by yauzl (central directory, ZIP64, entry sizes validated while
 * inflating) and each part is streamed through saxes (a conforming, non-validating XML parser: no DTD, no external
 * entities), so memory holds the cells, never a whole part. Bounded: declared part sizes, sheets, strings, cells, the
 * area readers walk and the characters of a cell are capped ({@link xlsxLimits}); cell references beyond Excel's
 * bounds and shared-string indexes out of range are errors.
 *
 * @throws XlsxError naming the file, the part (and line and column) or cell, and what is wrong.
 */
export async function readXlsx(file: string, limits: XlsxLimits = xlsxLimits()): Promise<Worksheet[]> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { autoClose: false, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw new XlsxError(
      `${file}: not a readable ZIP archive (${(e as Error).message}); an .xlsx file is a ZIP archive`,
    );
  }
  try {
    const parts = await listParts(file, zip, limits);
    let unpacked = 0;
    const read = async (path: string, handlers: Handlers, required = true): Promise<void> => {
      const entry = parts.get(path);
      if (!entry) {
        if (required) throw new XlsxError(`${file}: workbook part ${path} is missing; is this an .xlsx file?`);
        return;
      }
      unpacked += entry.uncompressedSize;
      if (unpacked > limits.bytes * 4)
        throw new XlsxError(
          `${file}: the parts read unpack to more than ${grouped(limits.bytes * 4)} bytes ` +
            "(raise the limit with IOPLAN_XLSX_MAX_BYTES)",
        );
      await streamXml(file, zip, entry, handlers);
    };
    const shared = await readSharedStrings(file, read, limits);
    const rels = new Map<string, string>();
    await read("xl/_rels/workbook.xml.rels", {
      open(tag) {
        const { Id: id, Target: target } = tag.attributes;
        if (tag.name === "Relationship" && id && target)
          rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
      },
    });
    const listed: { name: string; path: string }[] = [];
    await read("xl/workbook.xml", {
      open(tag) {
        if (tag.name !== "sheet") return;
        if (listed.length >= limits.sheets)
          throw new XlsxError(`${file}: more than ${limits.sheets} sheets (raise with IOPLAN_XLSX_MAX_SHEETS)`);
        const name = tag.attributes.name ?? "";
        const path = rels.get(tag.attributes["r:id"] ?? "");
        if (!path) throw new XlsxError(`${file}: sheet "${name}" has no part`);
        listed.push({ name, path });
      },
    });
    const sheets: Worksheet[] = [];
    for (const { name, path } of listed) {
      const sheet = new SheetReader(`${file}, sheet "${name}"`, name, shared, limits);
      await read(path, sheet);
      sheets.push(sheet.worksheet());
    }
    return sheets;
  } finally {
    zip.close();
  }
}

/** The archive's entries by name, each checked before anything is inflated: count, encryption, declared size. */
async function listParts(file: string, zip: ZipFile, limits: XlsxLimits): Promise<Map<string, Entry>> {
  const most = limits.sheets * 10 + 100;
  if (zip.entryCount > most)
    throw new XlsxError(
      `${file}: the archive holds ${grouped(zip.entryCount)} entries; ` +
        `a workbook of at most ${limits.sheets} sheets holds fewer than ${most} (raise with IOPLAN_XLSX_MAX_SHEETS)`,
    );
  const parts = new Map<string, Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.uncompressedSize > limits.bytes)
        throw new XlsxError(
          `${file}: entry ${entry.fileName} unpacks to ${grouped(entry.uncompressedSize)} bytes; ` +
            `the limit is ${grouped(limits.bytes)} (raise it with IOPLAN_XLSX_MAX_BYTES)`,
        );
      if (entry.isEncrypted())
        throw new XlsxError(`${file}: entry ${entry.fileName} is encrypted; save the workbook without a password`);
      parts.set(entry.fileName, entry);
    }
  } catch (e) {
    throw e instanceof XlsxError ? e : new XlsxError(`${file}: damaged ZIP archive (${(e as Error).message})`);
  }
  return parts;
}

/** What a part's reader does with the elements it meets; `text` is called with the text of the open element. */
interface Handlers {
  open?(tag: SaxesTagPlain): void;
  text?(text: string): void;
  close?(tag: SaxesTagPlain): void;
}

/** Streams one part through the XML parser: inflated chunk by chunk, sizes validated by yauzl as they arrive. */
async function streamXml(file: string, zip: ZipFile, entry: Entry, h: Handlers): Promise<void> {
  const part = `${file} (${entry.fileName})`;
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const where = () => `${part}, line ${parser.line}, column ${parser.column}`;
  parser.on("doctype", () => {
    throw new XlsxError(
      `${where()}: a document type declaration; workbook parts have none (refused: it could declare entities)`,
    );
  });
  if (h.open) parser.on("opentag", (tag) => h.open!(tag));
  if (h.text) {
    parser.on("text", (t) => h.text!(t));
    parser.on("cdata", (t) => h.text!(t));
  }
  if (h.close) parser.on("closetag", (tag) => h.close!(tag));
  const decoder = new StringDecoder("utf8");
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const chunk of stream) parser.write(decoder.write(chunk as Buffer));
    parser.write(decoder.end());
    parser.close();
  } catch (e) {
    if (e instanceof XlsxError) throw e;
    const message = (e as Error).message;
    // saxes prefixes its errors with line:column; yauzl's name the entry's bytes (a zip bomb, or a damaged archive)
    if (
      /too many bytes|not enough bytes|invalid|unexpected end|incorrect header|crc/i.test(message) &&
      !/^\d+:\d+/.test(message)
    )
      throw new XlsxError(`${part}: ${message} (a zip bomb, or a damaged archive)`);
    throw new XlsxError(`${part}: not well-formed XML (${message.replace(/^undefined:/, "")})`);
  }
}

/** The shared-string table (xl/sharedStrings.xml), if any: each `<si>`'s text runs, without phonetic runs. */
async function readSharedStrings(
  file: string,
  read: (path: string, h: Handlers, required?: boolean) => Promise<void>,
  limits: XlsxLimits,
): Promise<string[]> {
  const shared: string[] = [];
  const part = `${file} (xl/sharedStrings.xml)`;
  let inT = false;
  let phonetic = 0;
  let text = "";
  await read(
    "xl/sharedStrings.xml",
    {
      open(tag) {
        if (tag.name === "si") text = "";
        else if (tag.name === "rPh") phonetic++;
        else if (tag.name === "t") inT = phonetic === 0;
      },
      text(t) {
        if (!inT) return;
        text += t;
        if (text.length > MAX_CELL_CHARS)
          throw new XlsxError(
            `${part}: shared string ${shared.length} has more than ${grouped(MAX_CELL_CHARS)} characters, ` +
              "Excel's own limit for a cell",
          );
      },
      close(tag) {
        if (tag.name === "t") inT = false;
        else if (tag.name === "rPh") phonetic--;
        else if (tag.name === "si") {
          if (shared.length >= limits.strings)
            throw new XlsxError(
              `${part}: more than ${grouped(limits.strings)} shared strings (raise with IOPLAN_XLSX_MAX_STRINGS)`,
            );
          shared.push(text);
        }
      },
    },
    false,
  );
  return shared;
}

/**
 * One worksheet part, element by element: `<row r>` sets the row, `<c r t>` the cell (a cell without `r` follows the
 * one before it), `<v>` its value and `<is><t>` an inline string. A `<c>` opened inside another is an error.
 */
class SheetReader implements Handlers {
  private readonly cells = new Map<number, string | number>();
  private rows = 0;
  private cols = 0;
  private row = -1;
  private col = -1;
  private cell: { r: number; c: number; ref: string; type: string | undefined; value: string | undefined } | undefined;
  private inValue = false;
  private phonetic = 0;

  constructor(
    private readonly where: string,
    private readonly name: string,
    private readonly shared: readonly string[],
    private readonly limits: XlsxLimits,
  ) {}

  open(tag: SaxesTagPlain): void {
    switch (tag.name) {
      case "row": {
        const r = tag.attributes.r;
        if (r === undefined) this.row++;
        else if (/^[1-9]\d{0,6}$/.test(r) && Number(r) <= MAX_ROWS) this.row = Number(r) - 1;
        else
          throw new XlsxError(
            `${this.where}: row number "${r.slice(0, 20)}" is not a row within 1–${grouped(MAX_ROWS)}`,
          );
        this.col = -1;
        return;
      }
      case "c": {
        if (this.cell)
          throw new XlsxError(`${this.where}: cell ${this.cell.ref} is not closed before the next <c> opens`);
        const refText = tag.attributes.r;
        let r: number;
        let c: number;
        if (refText === undefined) [r, c] = [Math.max(this.row, 0), this.col + 1];
        else {
          const ref = cellRef(refText);
          if (!ref)
            throw new XlsxError(
              `${this.where}: cell reference "${refText.slice(0, 20)}" is not a cell within A1:XFD1048576`,
            );
          [r, c] = ref;
        }
        if (c >= MAX_COLS) throw new XlsxError(`${this.where}: a cell past column XFD in row ${r + 1}`);
        this.col = c;
        this.cell = { r, c, ref: refText ?? `${columnLetters(c)}${r + 1}`, type: tag.attributes.t, value: undefined };
        return;
      }
      case "v":
      case "t":
        if (this.cell && this.phonetic === 0 && (tag.name === "v" || this.cell.type === "inlineStr")) {
          this.inValue = true;
          this.cell.value ??= "";
        }
        return;
      case "rPh":
        this.phonetic++;
        return;
    }
  }

  text(t: string): void {
    if (!this.inValue || !this.cell) return;
    this.cell.value += t;
    if (this.cell.value!.length > MAX_CELL_CHARS)
      throw new XlsxError(
        `${this.where}, cell ${this.cell.ref}: more than ${grouped(MAX_CELL_CHARS)} characters, ` +
          "Excel's own limit for a cell",
      );
  }

  close(tag: SaxesTagPlain): void {
    if (tag.name === "v" || tag.name === "t") this.inValue = false;
    else if (tag.name === "rPh") this.phonetic--;
    else if (tag.name === "c" && this.cell) {
      const cell = this.cell;
      this.cell = undefined;
      if (cell.value !== undefined) this.set(cell.r, cell.c, cell.ref, this.value(cell.ref, cell.type, cell.value));
    }
  }

  private value(ref: string, type: string | undefined, v: string): string | number {
    if (type === "inlineStr" || type === "str" || type === "e") return v;
    if (type === "s") {
      const k = Number(v);
      if (!Number.isInteger(k) || k < 0 || k >= this.shared.length)
        throw new XlsxError(
          `${this.where}, cell ${ref}: shared string ${v.slice(0, 20)} does not exist ` +
            `(the workbook has ${this.shared.length})`,
        );
      return this.shared[k];
    }
    const n = v.trim() === "" ? NaN : Number(v);
    if (!Number.isFinite(n))
      throw new XlsxError(
        `${this.where}, cell ${ref}: "${v.slice(0, 30)}" is not a finite number` +
          (type === "d" ? " (an ISO date cell; ioplan reads numbers)" : ""),
      );
    return n;
  }

  private set(r: number, c: number, ref: string, value: string | number): void {
    if (this.cells.size >= this.limits.cells)
      throw new XlsxError(
        `${this.where}: more than ${grouped(this.limits.cells)} cells (raise with IOPLAN_XLSX_MAX_CELLS)`,
      );
    this.cells.set(r * MAX_COLS + c, value);
    if (r + 1 > this.rows) this.rows = r + 1;
    if (c + 1 > this.cols) this.cols = c + 1;
    if (this.rows * this.cols > this.limits.area)
      throw new XlsxError(
        `${this.where}: cell ${ref} makes the sheet ${grouped(this.rows)} rows × ${grouped(this.cols)} columns, ` +
          `more than the ${grouped(this.limits.area)} cells ioplan walks (raise with IOPLAN_XLSX_MAX_AREA)`,
      );
  }

  worksheet(): Worksheet {
    const cells = this.cells;
    return { name: this.name, rows: this.rows, cols: this.cols, cell: (r, c) => cells.get(r * MAX_COLS + c) };
  }
}

/** "B12" → [row 11, column 1], within Excel's bounds; undefined when it is not a cell reference. */
function cellRef(ref: string): [number, number] | undefined {
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})$/.exec(ref);
  if (!m) return undefined;
  const c = columnIndex(m[1]);
  const r = Number(m[2]) - 1;
  return c < MAX_COLS && r < MAX_ROWS ? [r, c] : undefined;
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
