// npm run build: the engine (with the compiled kernels of src/kernels) and the node layers compiled to dist/ with their
// .d.ts (tsc -b tsconfig.build.json; the engine against ECMAScript and src/engine/host/host.d.ts only), and the worker
// scripts that are JavaScript already copied beside the compiled workers, the native solver's scripts beside the
// solvers.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-b", "tsconfig.build.json"], { stdio: "inherit" });
/** Copies the files of src/<from> that `keep` accepts to dist/<from>. */
function copy(from, keep) {
  mkdirSync(join("dist", from), { recursive: true });
  for (const f of readdirSync(join("src", from)))
    if (keep(f)) copyFileSync(join("src", from, f), join("dist", from, f));
}
copy("workers", (f) => f.endsWith(".mjs") || f.endsWith(".d.mts"));
copy("solvers", (f) => f.endsWith(".mjs") && f !== "lpWorkerEntry.mjs");
copy(join("solvers", "native"), (f) => f.endsWith(".py"));
console.log("dist/ built");
