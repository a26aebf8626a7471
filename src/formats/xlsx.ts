import { readFileSync } from "node:fs";
import { readZipEntries } from "./zip.ts";

/** A worksheet as a sparse grid: `cell(r, c)` with 0-based row and column; the value is a number or a string. */
export interface Worksheet {
  name: string;
  rows: number;
  cols: number;
  cell(r: number, c: number): string | number | undefined;
}

/**
 * Reads the worksheets of an .xlsx file (Office Open XML): shared strings, inline strings, numbers and cached
 * formula results. Styles, dates and formulas themselves are not interpreted (numbers stay numbers).
 * Streaming is not needed for the tables users have (a WIOD national table unpacks to ~6 MB of XML).
 *
 * @throws Error naming the file and the missing part when it is not a readable workbook.
 */
export function readXlsx(file: string): Worksheet[] {
  const zip = readZipEntries(readFileSync(file), file);
  const get = (p: string): string => {
    const e = zip.get(p);
    if (!e) throw new Error(`${file}: workbook part ${p} is missing; is this an .xlsx file?`);
    return e().toString("utf8");
  };
  const shared: string[] = [];
  if (zip.has("xl/sharedStrings.xml")) {
    for (const m of get("xl/sharedStrings.xml").matchAll(/<si>([\s\S]*?)<\/si>/g)) {
      shared.push(Array.from(m[1].matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g), (t) => decodeXml(t[1])).join(""));
    }
  }
  const rels = new Map<string, string>();
  for (const m of get("xl/_rels/workbook.xml.rels").matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[1])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[1])?.[1];
    if (id && target) rels.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const sheets: Worksheet[] = [];
  for (const m of get("xl/workbook.xml").matchAll(/<sheet\b([^>]*)\/>/g)) {
    const name = decodeXml(/\bname="([^"]*)"/.exec(m[1])?.[1] ?? "");
    const rid = /\br:id="([^"]+)"/.exec(m[1])?.[1] ?? "";
    const path = rels.get(rid);
    if (!path) throw new Error(`${file}: sheet "${name}" has no part`);
    sheets.push(parseSheet(name, get(path), shared));
  }
  return sheets;
}

function parseSheet(name: string, xml: string, shared: readonly string[]): Worksheet {
  const cells = new Map<number, string | number>();
  let rows = 0;
  let cols = 0;
  const KEY = 1 << 16;
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attrs = m[1];
    const ref = /\br="([A-Z]+)(\d+)"/.exec(attrs);
    if (!ref || m[2] === undefined) continue;
    const c = columnIndex(ref[1]);
    const r = Number(ref[2]) - 1;
    const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
    const body = m[2];
    let value: string | number | undefined;
    if (type === "inlineStr") value = decodeXml(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? "");
    else {
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      if (v === undefined) continue;
      if (type === "s") value = shared[Number(v)];
      else if (type === "str" || type === "e") value = decodeXml(v);
      else if (type === "b") value = Number(v);
      else value = Number(v);
    }
    if (value === undefined) continue;
    cells.set(r * KEY + c, value);
    if (r + 1 > rows) rows = r + 1;
    if (c + 1 > cols) cols = c + 1;
  }
  return { name, rows, cols, cell: (r, c) => cells.get(r * KEY + c) };
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
      default: return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}
