import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CodeTable, parseDecimal } from "../../src/formats/byteFields.ts";
import { forEachLineBytes } from "../../src/formats/lineReader.ts";
import { scratch } from "../support/scratch.ts";
import { lcg } from "../support/economies.ts";

const bytes = (s: string) => Buffer.from(s, "utf8");

test("parseDecimal: the very double Number gives wherever it answers, and it answers every decimal of up to 15 digits", () => {
  const fixed = [
    "0",
    "-0",
    "1",
    "-1",
    "+2.5",
    "0.1",
    "0.3",
    "123456789012345",
    "1234567890123456",
    "0.038140783220151096",
    "1e22",
    "1e23",
    "1e-22",
    "1e-23",
    "9.999999999999999e-5",
    "5e-324",
    "1.5E+2",
    "2.50",
    "007",
    ".5",
    "5.",
    "-.25e1",
    "1e",
    "e5",
    ".",
    "-",
    "",
    " 1",
    "1 ",
    "0x1A",
    "1,5",
    "Infinity",
    "NaN",
    "1e-400",
    "1e400",
    "00000000000000000001.5",
  ];
  const rand = lcg(3);
  const random = Array.from({ length: 200_000 }, () => {
    const digits = 1 + Math.floor(rand() * 18);
    let m = "";
    for (let k = 0; k < digits; k++) m += String(Math.floor(rand() * 10));
    const point = Math.floor(rand() * (digits + 1));
    const text = rand() < 0.8 ? `${m.slice(0, point)}.${m.slice(point)}` : m;
    const e = rand() < 0.3 ? `e${Math.floor(rand() * 60) - 30}` : "";
    return `${rand() < 0.2 ? "-" : ""}${text}${e}`;
  });
  let answered = 0;
  for (const s of [...fixed, ...random]) {
    const b = bytes(`x,${s};`);
    const v = parseDecimal(b, 2, b.length - 1);
    const want = Number(s);
    if (Number.isNaN(v)) {
      // no answer: allowed only past 15 significant digits, past the exact powers of ten, or for what is not plain
      const sig = s.replace(/^[-+]/, "").replace(/e.*$/i, "").replace(".", "").replace(/^0+/, "");
      if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) && sig.length <= 15 && Number.isFinite(want) && want !== 0) {
        const exp = Number(s.match(/e([-+]?\d+)$/i)?.[1] ?? 0) - (s.replace(/e.*$/i, "").split(".")[1] ?? "").length;
        assert.ok(Math.abs(exp) > 22, `"${s}" has ${sig.length} digits and exponent ${exp}, yet no answer`);
      }
      continue;
    }
    answered++;
    assert.ok(Object.is(v, want), `"${s}": ${v}, Number gives ${want}`);
  }
  assert.ok(answered > 100_000, `answered ${answered}`);
});

test("CodeTable finds codes by their bytes: short, long with shared prefixes, prefixes of each other, non-ASCII; absent ones are −1", () => {
  const codes = [
    "C2",
    "C24",
    "C10-C12",
    "manufacture-of-a",
    "manufacture-of-b",
    "manufact",
    "é1",
    "产品42",
    "Ü",
    ...Array.from({ length: 50_000 }, (_, i) => `p${i * 7919}`),
  ];
  const t = new CodeTable(codes);
  codes.forEach((c, i) => {
    const b = bytes(`,${c},`);
    assert.equal(t.find(b, 1, b.length - 1), i, c);
  });
  for (const c of ["C", "C241", "manufacture-of-c", "manufacture-of-", "e1", "产品4", "p1", "", "p7918"]) {
    const b = bytes(c);
    assert.equal(t.find(b, 0, b.length), -1, c);
  }
  // a repeated code keeps its first index
  const d = new CodeTable(["a", "b", "a"]);
  assert.equal(d.find(bytes("a"), 0, 1), 0);
});

test("forEachLineBytes: lines across chunk boundaries, a line longer than a chunk, CRLF, a BOM and no final newline", () => {
  const f = join(scratch(), "t.csv");
  const long = "x".repeat(200);
  const lines = [
    "row,column,value",
    ...Array.from({ length: 500 }, (_, i) => (i === 250 ? long : `s${i},é${i},${i / 7}`)),
  ];
  writeFileSync(f, "\ufeff" + lines.join("\r\n"));
  const seen: string[] = [];
  forEachLineBytes(
    f,
    (b, start, end, n) => {
      assert.equal(n, seen.length + 1);
      seen.push(b.toString("utf8", start, end));
    },
    37,
  );
  assert.deepEqual(seen, lines);
  const g = join(scratch(), "u.csv");
  writeFileSync(g, "a\n\nb\n");
  const got: string[] = [];
  forEachLineBytes(g, (b, s, e) => got.push(b.toString("utf8", s, e)), 4);
  assert.deepEqual(got, ["a", "", "b"]);
});
