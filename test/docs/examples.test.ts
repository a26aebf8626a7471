import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "../paths.ts";
import { scratch } from "../support/scratch.ts";
import { engineExports } from "../support/engineDocs.ts";

// The engine's API reference (npm run docs renders it with typedoc) is checked here: every export has a doc comment,
// every value export has an example, and every example runs and prints what its comments say. In an example, a line
// `console.log(…); // text` must print exactly `text` (console.log's own formatting).
const exports = engineExports();
const values = exports.filter((e) => e.value).map((e) => e.name);

test("every export of the engine has a doc comment, and every function, class and constant an example", () => {
  assert.ok(exports.length > 150, `${exports.length} exports`);
  assert.deepEqual(
    exports.filter((e) => e.comment.length < 10).map((e) => `${e.name} (${e.file})`),
    [],
    "exports without a doc comment",
  );
  assert.deepEqual(
    exports.filter((e) => e.value && e.examples.length === 0).map((e) => `${e.name} (${e.file})`),
    [],
    "values without an example",
  );
});

/** The lines an example says it prints, in order: the trailing comment of each `console.log(…);` line. */
function expectedOutput(code: string): string[] {
  return code
    .split("\n")
    .filter((l) => /console\.log\(.*\);\s*\/\/ /.test(l))
    .map((l) => l.slice(l.lastIndexOf("); // ") + 6).trimEnd());
}

test("every example compiles against the engine's types, as a reader would write it", () => {
  const dir = scratch();
  const names = exports.map((e) => (e.value ? e.name : `type ${e.name}`)).join(", ");
  exports.forEach((e, n) =>
    e.examples.forEach((code, k) =>
      writeFileSync(
        join(dir, `example${n}_${k}.ts`),
        `import { ${names} } from ${JSON.stringify(join(ROOT, "src", "engine", "index.ts"))};\nexport async function run(): Promise<void> {\n${code}\n}\n`,
      ),
    ),
  );
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(ROOT, "tsconfig.base.json"),
      compilerOptions: { noEmit: true, lib: ["ES2022", "DOM"], types: [] },
      include: ["*.ts"],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", dir], {
    encoding: "utf8",
  });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

for (const e of exports.filter((x) => x.examples.length > 0)) {
  test(`the example of ${e.name} (${e.file}) prints what it says`, async () => {
    for (const [k, code] of e.examples.entries()) {
      const expected = expectedOutput(code);
      assert.ok(
        expected.length > 0,
        `example ${k + 1} of ${e.name} prints nothing it checks: end a console.log line with // what it prints`,
      );
      const file = join(scratch(), `example_${e.name}_${k}.ts`);
      writeFileSync(
        file,
        `import * as io from ${JSON.stringify(join(ROOT, "src", "engine", "index.ts"))};\nconst { ${values.join(", ")} } = io;\nexport async function run(log: (line: string) => void): Promise<void> {\n  const console = { log: (...args: unknown[]) => log(format(...args)) };\n  void console;\n${code}\n}\nimport { format } from "node:util";\n`,
      );
      const printed: string[] = [];
      const mod = (await import(file)) as { run(log: (line: string) => void): Promise<void> };
      await mod.run((line) => printed.push(line));
      assert.deepEqual(printed, expected, `example ${k + 1} of ${e.name}:\n${code}`);
    }
  });
}

test("npm run docs renders the API reference with typedoc, with no warning, examples included", () => {
  const out = scratch();
  const r = spawnSync(process.execPath, [join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out], {
    cwd: ROOT,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /warning/i);
  const page = readFileSync(join(out, "functions", "solveLeontief.html"), "utf8");
  assert.match(page, /Miller &amp; Blair|Miller & Blair/);
  assert.match(page, /1247\.52/);
});
