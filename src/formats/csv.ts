/**
 * RFC 4180 CSV parsing: quoted fields with commas, doubled quotes and line breaks; CRLF or LF; a UTF-8
 * byte-order mark is dropped. Every record keeps the line it started on, so errors can name it.
 */

/** One parsed record with the 1-based line number where it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV file that cannot be read: names the file and line. */
export class CsvError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = "CsvError";
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
    let field = "";
    let done = false;
    while (!done) {
      if (i < n && text[i] === '"') {
        i++;
        const qStart = line;
        while (true) {
          if (i >= n) throw new CsvError(file, qStart, "a quoted field is not closed before the end of the file");
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (ch === "\n") line++;
          field += ch;
          i++;
        }
      }
      while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") field += text[i++];
      fields.push(field);
      field = "";
      if (i >= n) done = true;
      else if (text[i] === ",") i++;
      else {
        if (text[i] === "\r") i++;
        if (text[i] === "\n") i++;
        line++;
        done = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === "")) out.push({ line: start, fields });
  }
  return out;
}

/**
 * Parses a numeric cell. Blank is 0 only when `blankIsZero` (BEA's convention for suppressed cells).
 * @throws CsvError naming the file, line, column and the bad text.
 */
export function parseNumberCell(text: string, file: string, line: number, column: string, blankIsZero: boolean): number {
  const t = text.trim();
  if (t === "") {
    if (blankIsZero) return 0;
    throw new CsvError(file, line, `column ${column}: empty cell; expected a number`);
  }
  const v = Number(t.replace(/,/g, ""));
  if (!Number.isFinite(v)) throw new CsvError(file, line, `column ${column}: "${text}" is not a number`);
  return v;
}
