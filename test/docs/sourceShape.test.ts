import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import ts from "typescript";
import { ROOT } from "../paths.ts";

// ../shared/STYLE.md §16 and issue #20, as a rule the build checks: a source file holds one concept (at most 400 lines),
// a function does one thing (at most 80 lines, nested functions and arrows counted on their own), and no line is wider
// than 120 characters (Prettier's width; it leaves comments and strings, so they are checked here). Generated files
// (the kernels' embedded bytes) aside.
const GENERATED = /Bytes\.ts$/;

function sources(): string[] {
  const out: string[] = [];
  for (const dir of ["src", join("web", "src")])
    for (const f of readdirSync(join(ROOT, dir), { recursive: true }).map(String))
      if (/\.(ts|mts|mjs)$/.test(f) && !f.endsWith(".d.ts") && !GENERATED.test(f)) out.push(join(ROOT, dir, f));
  return out;
}

/** Functions, methods, arrows and function expressions longer than `max` lines, as "file:line name (length)". */
function longFunctions(file: string, text: string, max: number): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = (node as ts.FunctionDeclaration).name?.getText(sf) ?? "(anonymous)";
      if (last - first + 1 > max) out.push(`${relative(ROOT, file)}:${first + 1} ${name} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

test("source files stay small and legible: at most 400 lines a file, 80 a function, 120 characters a line", () => {
  const files = sources();
  assert.ok(files.length > 200, "source files found");
  const big: string[] = [];
  const long: string[] = [];
  const wide: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    const lines = text.split("\n");
    if (lines.length > 400) big.push(`${relative(ROOT, f)} (${lines.length} lines)`);
    long.push(...longFunctions(f, text, 80));
    lines.forEach((l, i) => [...l].length > 120 && wide.push(`${relative(ROOT, f)}:${i + 1} (${[...l].length})`));
  }
  assert.deepEqual(big, [], `files over 400 lines: split by concept\n${big.join("\n")}`);
  assert.deepEqual(long, [], `functions over 80 lines: split into named steps\n${long.join("\n")}`);
  assert.deepEqual(wide, [], `lines over 120 characters: re-wrap comments, split strings\n${wide.join("\n")}`);
});
