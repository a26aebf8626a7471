// Lint configuration: typescript-eslint's recommended rules, the engine's purity rule (src/engine imports nothing from
// node:*, databases, HTTP or CLI code; ../shared/STYLE.md §1), and the layer rules of docs/architecture.md, read from
// its table and its list of known exceptions (the same text test/docs/architecture.test.ts enforces).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const architecture = readFileSync(fileURLToPath(import.meta.resolve("./docs/architecture.md")), "utf8");
const LAYERS = ["engine", "kernels", "formats", "store", "workers", "solvers", "report", "app", "cli", "server"];
/** folder → the layers it may import, from the table's rows (`src/<folder>/` | `<layer>/`, …). */
const allowed = new Map();
for (const line of architecture.split("\n")) {
  const cells = line.split("|").map((c) => c.trim());
  const folder = /^`src\/([a-z]+)\/`$/.exec(cells[1] ?? "");
  if (folder) allowed.set(folder[1], new Set([...(cells[2] ?? "").matchAll(/`([a-z]+)\/`/g)].map((m) => m[1])));
}
/** "src/x/file.ts -> src/y/file.ts" arrows the code still has, each to be removed. */
const known = (/```\n([\s\S]*?)```/.exec(architecture.slice(architecture.indexOf("## Known exceptions")))?.[1] ?? "")
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean);
const restrict = (folder, extra = []) => {
  const may = new Set([folder, ...(allowed.get(folder) ?? []), ...extra]);
  const banned = LAYERS.filter((l) => !may.has(l));
  return banned.length
    ? [
        "error",
        {
          patterns: [
            {
              group: banned.map((l) => `**/${l}/**`),
              message: `docs/architecture.md: src/${folder}/ may import ${[...(allowed.get(folder) ?? [])].map((l) => `${l}/`).join(", ") || "nothing outside itself"}`,
            },
          ],
        },
      ]
    : "off";
};
const layerRules = [...allowed.keys()]
  .filter((f) => f !== "engine")
  .flatMap((folder) => {
    const exceptions = known.filter((a) => a.startsWith(`src/${folder}/`));
    const files = [...new Set(exceptions.map((a) => a.split(" -> ")[0]))];
    return [
      { files: [`src/${folder}/**/*.ts`], ignores: files, rules: { "no-restricted-imports": restrict(folder) } },
      ...files.map((file) => ({
        files: [file],
        rules: {
          "no-restricted-imports": restrict(
            folder,
            exceptions.filter((a) => a.startsWith(`${file} -> `)).map((a) => a.split(" -> ")[1].split("/")[1]),
          ),
        },
      })),
    ];
  });

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "out/", "bench/results/", "web/dist/", "docs/api/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*"], message: "src/engine is pure: no node:* imports." },
            {
              group: [
                "**/formats/**",
                "**/store/**",
                "**/app/**",
                "**/cli/**",
                "**/server/**",
                "**/report/**",
                "**/workers/**",
                "**/solvers/**",
                "**/kernels/**",
                "!**/kernels/index.ts",
              ],
              message: "src/engine depends on nothing outside itself but the compiled kernels' index (src/kernels).",
            },
          ],
          paths: ["fs", "path", "os", "child_process", "worker_threads", "better-sqlite3", "pg", "commander", "hono"],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "document", message: "src/engine is pure: no DOM." },
        { name: "window", message: "src/engine is pure: no DOM." },
      ],
    },
  },
  ...layerRules,
  {
    files: ["bin/**/*.js", "scripts/**/*.mjs", "src/**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        URL: "readonly",
        Buffer: "readonly",
        WebAssembly: "readonly",
      },
    },
  },
);
