import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";

const DOC = join(ROOT, "docs", "architecture.md");

/** The rules as docs/architecture.md writes them: folder → the layers it may import (its table, read as written). */
function rules(text: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const folder = /^`src\/([a-z]+)\/`$/.exec(cells[1] ?? "");
    if (!folder) continue;
    out.set(folder[1], new Set([...(cells[2] ?? "").matchAll(/`([a-z]+)\/`/g)].map((m) => m[1])));
  }
  return out;
}

/** The known exceptions: the fenced block under "## Known exceptions". */
function exceptions(text: string): Set<string> {
  const section = text.slice(text.indexOf("## Known exceptions"));
  const block = /```\n([\s\S]*?)```/.exec(section);
  return new Set(
    (block?.[1] ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/** Every relative import under src/ as "from -> to", both relative to the repository. */
function arrows(): string[] {
  const src = join(ROOT, "src");
  const out: string[] = [];
  for (const f of readdirSync(src, { recursive: true }).map(String)) {
    if (!/\.(ts|mts|mjs)$/.test(f)) continue;
    const text = readFileSync(join(src, f), "utf8");
    for (const m of text.matchAll(/(?:import|export)[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      out.push(`${relative(ROOT, join(src, f))} -> ${relative(ROOT, normalize(join(dirname(join(src, f)), spec)))}`);
    }
  }
  return out;
}

test("every import between layers is one docs/architecture.md allows, or one of its listed exceptions (which only shrink)", () => {
  const text = readFileSync(DOC, "utf8");
  const allowed = rules(text);
  assert.deepEqual(
    [...allowed.keys()].sort(),
    ["app", "cli", "engine", "formats", "kernels", "report", "server", "solvers", "store", "workers"],
    "the table names every folder of src/",
  );
  assert.deepEqual([...allowed.get("engine")!], ["kernels"], "the engine imports no other layer but the kernels");
  assert.deepEqual([...allowed.get("kernels")!], [], "the kernels import nothing outside themselves");
  const listed = exceptions(text);
  const forbidden = new Set<string>();
  for (const a of arrows()) {
    const [from, to] = a.split(" -> ").map((p) => p.split("/")[1]);
    if (from === to || !allowed.has(from) || !allowed.has(to)) continue;
    if (!allowed.get(from)!.has(to)) forbidden.add(a);
  }
  const fresh = [...forbidden].filter((a) => !listed.has(a)).sort();
  assert.deepEqual(
    fresh,
    [],
    `imports the architecture forbids (docs/architecture.md): go through app/, or move the code:\n${fresh.join("\n")}`,
  );
  const gone = [...listed].filter((a) => !forbidden.has(a)).sort();
  assert.deepEqual(
    gone,
    [],
    `exceptions no longer in the code: remove them from docs/architecture.md:\n${gone.join("\n")}`,
  );
});

test("the engine and the performance rooms (kernels, workers, solvers) are entered only through their index", () => {
  const rooms = ["engine", "kernels", "workers", "solvers"];
  const past = arrows().filter((a) => {
    const [from, to] = a.split(" -> ").map((p) => p.split("/"));
    return rooms.includes(to[1]) && from[1] !== to[1] && !(to.length === 3 && to[2] === "index.ts");
  });
  assert.deepEqual(past, [], `imports past a room's index:\n${past.join("\n")}`);
});
