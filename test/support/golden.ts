import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GOLDEN } from "../paths.ts";

/**
 * Golden text: numbers rounded to 4 significant decimals (SVG coordinates differ in the last bits between
 * machines), trailing spaces and the date line dropped. Update with IOPLAN_UPDATE_GOLDEN=1 (never implicitly).
 */
export function normalise(text: string): string {
  return text
    .replace(/-?\d+\.\d{5,}/g, (m) => String(Number(Number(m).toFixed(4))))
    .replace(/[ \t]+$/gm, "")
    .replace(/\r\n/g, "\n");
}

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  const got = normalise(actual);
  if (process.env.IOPLAN_UPDATE_GOLDEN === "1") {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, got);
    return;
  }
  assert.ok(
    existsSync(file),
    `no golden file ${file}; create it with IOPLAN_UPDATE_GOLDEN=1 (and look at it before committing)`,
  );
  const want = readFileSync(file, "utf8");
  if (got !== want) {
    const a = got.split("\n");
    const b = want.split("\n");
    const k = a.findIndex((l, i) => l !== b[i]);
    assert.fail(
      `${name} differs from its golden file at line ${k + 1}:\n  got:  ${a[k]?.slice(0, 300)}\n  want: ${b[k]?.slice(0, 300)}\n(if the change is intended: IOPLAN_UPDATE_GOLDEN=1 node scripts/run-tests.mjs report, then look at the files)`,
    );
  }
}
