/**
 * Native HiGHS for programs past the WebAssembly build's 2 GiB: the program is written as MPS (the same file
 * `--write-mps` gives) and solved by the HiGHS library compiled into scipy (`scipy.optimize.linprog(method="highs")`)
 * in a python3 child process, then read back as an {@link LpSolution} in HiGHS's sign convention. The event loop is
 * never blocked: the solve runs in the other process.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LinearProgram, LpSolution, LpSolveOptions, LpSolver } from "../engine/index.ts";
import { primalViolation } from "../engine/index.ts";
import { writeMps } from "../formats/mps.ts";

const SCRIPT = fileURLToPath(new URL("./native/highs_scipy.py", import.meta.url));

/** Native HiGHS is not on this machine: what was looked for and how to get it. */
export class NativeSolverUnavailableError extends Error {}

/** Whether python3 with scipy (≥ 1.9, HiGHS inside) is on this machine; the version found, or why not. */
export function nativeHighsAvailable(python = process.env.IOPLAN_PYTHON ?? "python3"): { ok: true; version: string } | { ok: false; why: string } {
  const r = spawnSync(python, ["-c", "import scipy, scipy.optimize; print(scipy.__version__)"], { encoding: "utf8" });
  if (r.error) return { ok: false, why: `${python} is not on this machine (${(r.error as NodeJS.ErrnoException).code})` };
  if (r.status !== 0) return { ok: false, why: `${python} has no scipy (pip install scipy)` };
  return { ok: true, version: r.stdout.trim() };
}

/**
 * An LpSolver running native HiGHS through python3 and scipy ($IOPLAN_PYTHON names another interpreter).
 * @throws NativeSolverUnavailableError (on first use) when python3 or scipy is missing, saying what to install.
 */
export function nativeHighsSolver(python = process.env.IOPLAN_PYTHON ?? "python3"): LpSolver {
  let checked = false;
  return {
    async solve(lp: LinearProgram, options: LpSolveOptions = {}): Promise<LpSolution> {
      if (!checked) {
        const a = nativeHighsAvailable(python);
        if (!a.ok) throw new NativeSolverUnavailableError(`--solver highs-native needs python3 with scipy: ${a.why}`);
        checked = true;
      }
      const dir = mkdtempSync(join(tmpdir(), "ioplan-highs-"));
      try {
        const file = join(dir, "program.mps");
        writeFileSync(file, writeMps(lp));
        const method = options.method === "ipm" ? "ipm" : options.method === "simplex" ? "simplex" : "auto";
        const out = await run(python, [SCRIPT, file, options.timeLimitSeconds ? String(options.timeLimitSeconds) : "", method]);
        const r = JSON.parse(out) as { status: LpSolution["status"]; detail: string; seconds: number; method: string; objective?: number; x?: number[]; rowActivity?: number[]; rowDual?: number[]; colDual?: number[] };
        const x = Float64Array.from(r.x ?? []);
        const rowActivity = Float64Array.from(r.rowActivity ?? []);
        return {
          status: r.status,
          detail: r.detail,
          objective: r.objective ?? NaN,
          x,
          rowActivity,
          rowDual: Float64Array.from(r.rowDual ?? []),
          colDual: Float64Array.from(r.colDual ?? []),
          primalResidual: x.length ? primalViolation(lp, x, rowActivity) : 0,
          gap: 0,
          method: r.method,
          seconds: r.seconds,
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => reject(new NativeSolverUnavailableError(`--solver highs-native: cannot run ${cmd}: ${e.message}`)));
    child.on("close", (code) => (code === 0 ? resolve(stdout.trim().split("\n").pop() ?? "") : reject(new Error(`native HiGHS (${cmd} ${args[0]}) failed with exit ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}`))));
  });
}
