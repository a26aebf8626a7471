// Lint configuration: typescript-eslint's recommended rules, plus the engine's purity rule
// (src/engine imports nothing from node:*, databases, HTTP or CLI code; see ../shared/STYLE.md §1).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

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
            { group: ["**/formats/**", "**/store/**", "**/app/**", "**/cli/**", "**/server/**", "**/report/**"], message: "src/engine depends on nothing outside itself." },
          ],
          paths: ["fs", "path", "os", "child_process", "worker_threads", "better-sqlite3", "pg", "commander", "hono"],
        },
      ],
      "no-restricted-globals": ["error", { name: "document", message: "src/engine is pure: no DOM." }, { name: "window", message: "src/engine is pure: no DOM." }],
    },
  },
  {
    files: ["bin/**/*.js", "scripts/**/*.mjs", "src/**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", Buffer: "readonly", WebAssembly: "readonly" } },
  },
);
