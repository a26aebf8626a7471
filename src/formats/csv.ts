/**
 * RFC 4180 CSV parsing: quoted fields with commas, doubled quotes and line breaks; CRLF or LF; a UTF-8
 * byte-order mark is dropped. Every record keeps the line it started on, so errors can name it.
 */
import { IoplanError } from "../engine/index.ts";
import { decimalOf, notADecimal } from "./decimal.ts";

/** One parsed record with the 1-based line number where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV file that cannot be read: names the file and line. */
export class CsvError extends IoplanError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super("bad-csv", `${file}:${line}: ${message}`);
    this.file = file;
    this.line = line;
  }
}

/**
 * Parses CSV text into records. Blank lines are skipped.
 * @throws CsvError for an unterminated quoted field.
 * @example
 * parseCsv('code,name\n111CA,"Farms, ranches"\n', "x.csv")[1].fields // ["111CA", "Farms, ranches"]
 */
export function parseCsv(text: string, file = "<csv>"): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    while (true) {
      let field: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        // quoted field: collect slices between doubled quotes
        const qStart = line;
        let j = i + 1;
        field = "";
        while (true) {
          const q = text.indexOf('"', j);
          if (q < 0) throw new CsvError(file, qStart, "a quoted field is not closed before the end of the file");
          const chunk = text.slice(j, q);
          for (let k = chunk.indexOf("\n"); k >= 0; k = chunk.indexOf("\n", k + 1)) line++;
          field += chunk;
          if (text.charCodeAt(q + 1) === 34) {
            field += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        // text after the closing quote up to the delimiter is kept, as spreadsheets do
        let e = i;
        while (e < n && text.charCodeAt(e) !== 44 && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
        field += text.slice(i, e);
        i = e;
      } else {
        let e = i;
        while (e < n) {
          const c = text.charCodeAt(e);
          if (c === 44 || c === 10 || c === 13) break;
          e++;
        }
        field = text.slice(i, e);
        i = e;
      }
      fields.push(field);
      if (i >= n) break;
      if (text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === "")) out.push({ line: start, fields });
  }
  return out;
}

/**
 * Parses a numeric cell. Blank is 0 only when `blankIsZero` (BEA's convention for suppressed cells).
 * @throws CsvError naming the file, line, column and the bad text.
 */
export function parseNumberCell(
  text: string,
  file: string,
  line: number,
  column: string,
  blankIsZero: boolean,
): number {
  const t = text.trim();
  if (t === "") {
    if (blankIsZero) return 0;
    throw new CsvError(file, line, `column ${column}: empty cell; expected a number`);
  }
  const v = decimalOf(t, { thousands: true });
  if (!Number.isFinite(v)) throw new CsvError(file, line, `column ${column}: ${notADecimal(text)}`);
  return v;
}

/** A CSV file as one object per row, keyed by the header's names (cells trimmed of nothing; empty for missing). */
export function csvRecords(file: string, text: string): Record<string, string>[] {
  const recs = parseCsv(text, file);
  const h = recs[0]?.fields ?? [];
  return recs.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r.fields[i] ?? ""])));
}
