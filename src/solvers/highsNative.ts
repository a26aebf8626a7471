/**
 * Native HiGHS for programs past the WebAssembly build's 2 GiB: the program is written as MPS (the same file
 * `--write-mps` gives) and solved in a python3 child process by `highspy` (the HiGHS project's package, reading the
 * MPS with HiGHS's own reader) when python3 can import it, else by the HiGHS library compiled into scipy
 * (`scipy.optimize.linprog(method="highs")`, through an MPS reader written from the format's definition); read back
 * as an {@link LpSolution} in HiGHS's sign convention. The event loop is never blocked: the solve runs in the other
 * process.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { LinearProgram, LpSolution, LpSolveOptions, LpSolver } from "../engine/index.ts";
import { IoplanError, checkProgram, primalViolation } from "../engine/index.ts";

const SCRIPT = fileURLToPath(new URL("./native/highs_scipy.py", import.meta.url));
const HIGHSPY_SCRIPT = fileURLToPath(new URL("./native/highs_highspy.py", import.meta.url));

/** Native HiGHS is not on this machine: what was looked for and how to get it. */
export class NativeSolverUnavailableError extends IoplanError {
  constructor(message: string) {
    super("native-solver-unavailable", message, 503);
  }
}

/**
 * Which native HiGHS python3 has: highspy (preferred) or scipy (≥ 1.9, HiGHS inside); the version found, or why
 * neither. `IOPLAN_NATIVE_HIGHS=highspy|scipy` insists on one.
 */
export function nativeHighsAvailable(
  python = process.env.IOPLAN_PYTHON ?? "python3",
  via = process.env.IOPLAN_NATIVE_HIGHS,
): { ok: true; version: string; via: "highspy" | "scipy" } | { ok: false; why: string } {
  if (via !== undefined && via !== "highspy" && via !== "scipy")
    return {
      ok: false,
      why: `IOPLAN_NATIVE_HIGHS is "${via}"; valid: highspy, scipy (or unset: highspy when python3 has it, else scipy)`,
    };
  if (via !== "scipy") {
    const hs = spawnSync(python, ["-c", "import highspy; print(highspy.Highs().version())"], { encoding: "utf8" });
    if (hs.error)
      return { ok: false, why: `${python} is not on this machine (${(hs.error as NodeJS.ErrnoException).code})` };
    if (hs.status === 0) return { ok: true, version: hs.stdout.trim(), via: "highspy" };
    if (via === "highspy") return { ok: false, why: `${python} cannot import highspy (pip install highspy)` };
  }
  const r = spawnSync(python, ["-c", "import scipy, scipy.optimize; print(scipy.__version__)"], { encoding: "utf8" });
  if (r.error)
    return { ok: false, why: `${python} is not on this machine (${(r.error as NodeJS.ErrnoException).code})` };
  if (r.status !== 0)
    return { ok: false, why: `${python} has neither highspy nor scipy (pip install highspy, or pip install scipy)` };
  return { ok: true, version: r.stdout.trim(), via: "scipy" };
}

/**
 * An LpSolver running native HiGHS through python3 (highspy, else scipy; $IOPLAN_PYTHON names another interpreter).
 * `toMps` writes the program as free MPS (the caller's: `writeMps` of src/formats/mps.ts, the file `--write-mps`
 * gives), so that this folder depends on the engine only.
 * @throws NativeSolverUnavailableError (on first use) when python3 or scipy is missing, saying what to install.
 */
export function nativeHighsSolver(
  toMps: (lp: LinearProgram) => string,
  python = process.env.IOPLAN_PYTHON ?? "python3",
): LpSolver {
  let script: string | undefined;
  return {
    async solve(lp: LinearProgram, options: LpSolveOptions = {}): Promise<LpSolution> {
      checkProgram(lp);
      if (!script) {
        const a = nativeHighsAvailable(python);
        if (!a.ok)
          throw new NativeSolverUnavailableError(`--solver highs-native needs python3 with highspy or scipy: ${a.why}`);
        script = a.via === "highspy" ? HIGHSPY_SCRIPT : SCRIPT;
      }
      const dir = mkdtempSync(join(tmpdir(), "ioplan-highs-"));
      try {
        const file = join(dir, "program.mps");
        writeFileSync(file, toMps(lp));
        const method = options.method === "ipm" ? "ipm" : options.method === "simplex" ? "simplex" : "auto";
        const out = await run(python, [
          script,
          file,
          options.timeLimitSeconds ? String(options.timeLimitSeconds) : "",
          method,
        ]);
        const r = JSON.parse(out) as {
          status: LpSolution["status"];
          detail: string;
          seconds: number;
          method: string;
          objective?: number;
          x?: number[];
          rowActivity?: number[];
          rowDual?: number[];
          colDual?: number[];
        };
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
    child.on("error", (e) =>
      reject(new NativeSolverUnavailableError(`--solver highs-native: cannot run ${cmd}: ${e.message}`)),
    );
    child.on("close", (code) =>
      code === 0
        ? resolve(stdout.trim().split("\n").pop() ?? "")
        : reject(
            new Error(
              `native HiGHS (${cmd} ${args[0]}) failed with exit ${code}: ` +
                stderr.trim().split("\n").slice(-3).join(" "),
            ),
          ),
    );
  });
}
