// npm run build: the engine and the node layers compiled to dist/ with their .d.ts (tsc -b tsconfig.build.json; the
// engine against ECMAScript and src/engine/host/host.d.ts only), and the worker scripts that are JavaScript already
// copied beside the compiled solvers.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-b", "tsconfig.build.json"], { stdio: "inherit" });
mkdirSync(join("dist", "solvers"), { recursive: true });
for (const f of readdirSync(join("src", "solvers")))
  if ((f.endsWith(".mjs") && f !== "highsWorkerEntry.mjs") || f.endsWith(".d.mts"))
    copyFileSync(join("src", "solvers", f), join("dist", "solvers", f));
mkdirSync(join("dist", "solvers", "native"), { recursive: true });
for (const f of readdirSync(join("src", "solvers", "native")))
  if (f.endsWith(".py")) copyFileSync(join("src", "solvers", "native", f), join("dist", "solvers", "native", f));
console.log("dist/ built");
