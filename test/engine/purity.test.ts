import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const ENGINE = join(import.meta.dirname, "..", "..", "src", "engine");

test("the engine imports nothing from node:*, databases, HTTP, the CLI or other layers", () => {
  const files = readdirSync(ENGINE, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".ts"));
  assert.ok(files.length > 10, "engine files found");
  const bad: string[] = [];
  for (const f of files) {
    const text = readFileSync(join(ENGINE, f), "utf8");
    for (const m of text.matchAll(/(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2];
      const relative = spec.startsWith("./") || spec.startsWith("../");
      const escapes =
        relative && /(^|\/)\.\.\/\.\.\//.test(spec) && !spec.startsWith("../linalg") && !spec.startsWith("../analysis");
      const layer = /\/(formats|store|app|cli|server|report)\//.test(spec);
      if (!relative || escapes || layer) bad.push(`${f}: ${spec}`);
    }
    if (/\bprocess\.|\brequire\(/.test(text)) bad.push(`${f}: uses process or require`);
  }
  assert.deepEqual(bad, [], `impure imports in src/engine:\n${bad.join("\n")}`);
});
