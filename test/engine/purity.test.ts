import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";

const SRC = join(ROOT, "src");

/** Imports of the TypeScript files under src/<folder> that leave it, or any package or node:* import. */
function impureImports(folder: string, allowOutside: (target: string) => boolean): string[] {
  const root = join(SRC, folder);
  const files = readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 5, `${folder} files found`);
  const bad: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(root, f), "utf8");
    for (const m of text.matchAll(/(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith("./") && !spec.startsWith("../")) {
        bad.push(`${f}: ${spec}`);
        continue;
      }
      const target = relative(SRC, resolve(dirname(join(root, f)), spec))
        .split(sep)
        .join("/");
      if (!target.startsWith(`${folder}/`) && !allowOutside(target)) bad.push(`${f}: ${spec}`);
    }
    if (/\bprocess\.|\brequire\(/.test(text)) bad.push(`${f}: uses process or require`);
  }
  return bad;
}

test("the engine imports nothing from node:*, databases, HTTP, the CLI or other layers (the compiled kernels aside)", () => {
  const bad = impureImports("engine", (target) => target === "kernels/index.ts");
  assert.deepEqual(bad, [], `impure imports in src/engine:\n${bad.join("\n")}`);
});

test("the compiled kernels import nothing outside themselves, so the engine, its workers and the browser load them", () => {
  const bad = impureImports("kernels", () => false);
  assert.deepEqual(bad, [], `impure imports in src/kernels:\n${bad.join("\n")}`);
});
