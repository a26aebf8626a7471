import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTable, tableLines } from "../../src/cli/table.ts";

test("tables: numbers right-aligned, text left; a table of 300,000 rows is laid out line by line (no argument-list or string limit)", () => {
  assert.equal(
    formatTable(
      ["code", "value"],
      [
        ["a", 1.5],
        ["bbb", 1234.5],
      ],
    ),
    "code  value\n────  ─────\na     1.500\nbbb   1,235",
  );
  const rows = Array.from({ length: 300_000 }, (_, i) => [`p${i}`, i / 7]);
  let n = 0;
  let last = "";
  for (const l of tableLines(["code", "value"], rows)) {
    n++;
    last = l;
  }
  assert.equal(n, 300_002);
  // the value column is as wide as its widest cell ("142.714": 7 characters)
  assert.equal(last, "p299999   42,857");
});
