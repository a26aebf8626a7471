/** Helpers shared by the command modules: usage errors, argument checks, where the data lives, the LP solver. */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import type { LpMethod, LpSolveOptions, LpSolver } from "../engine/index.ts";
import { IoplanError, PDLP_DEFAULT_TOLERANCE, formatPercent } from "../engine/index.ts";
import { openPlanSolver } from "../app/solvers.ts";
import type { SolverChoice } from "../app/solvers.ts";
import type { Progress } from "./progress.ts";
import { recoverInterruptedWrite } from "../app/workspace.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** Bad usage: exit code 2 with the message. */
export class UsageError extends IoplanError {
  constructor(message: string) {
    super("usage", message, 400);
  }
}

/** Where the shared real tables live: $IOPLAN_DATA, else ../shared/data beside the checkout. */
export function defaultDataDir(): string {
  return process.env.IOPLAN_DATA ?? resolve(here, "../../../shared/data");
}

/** The repository's root (where examples/ lives). */
export function repoRoot(): string {
  return resolve(here, "../..");
}

/** A year argument, checked. */
export function year(text: string): number {
  const y = Number(text);
  if (!Number.isInteger(y) || y < 1800 || y > 2200)
    throw new UsageError(`--year ${text} is not a year; expected e.g. 2017`);
  return y;
}

/** A path that must exist, or a usage error naming it. */
export function existing(path: string, what: string): string {
  // a model folder whose writer was killed between its renames is put back first
  if (!existsSync(path) && !recoverInterruptedWrite(path)) throw new UsageError(`${what} ${path} does not exist`);
  return path;
}

/** A share as a percentage with one decimal (the shared formatter: never rounded onto 100 % it did not reach). */
export const pct = (v: number) => formatPercent(v);

/** Runs `fn` with the solver asked for (HiGHS in a worker by default), closed afterwards. */
export async function withSolver<T>(
  fn: (s: LpSolver) => Promise<T>,
  o: { solver?: string; method?: string } = {},
): Promise<T> {
  if (o.solver === "highs-native") {
    if (o.method === "pdlp" || o.method === "ioplan-pdlp")
      throw new UsageError(`--method ${o.method} is not a method of --solver highs-native; use auto, simplex or ipm`);
  }
  if (o.solver !== undefined && o.solver !== "wasm" && o.solver !== "highs-native")
    throw new UsageError(`--solver ${o.solver} is not one of wasm, highs-native`);
  const solver = openPlanSolver(o.solver as SolverChoice | undefined);
  try {
    return await fn(solver);
  } finally {
    await solver.close();
  }
}

/** The LP options a command was given: --method, --tolerance, and a progress display of PDLP's gap. */
export function lpOptions(
  o: { method?: string; tolerance?: string; timeLimit?: string },
  p?: Progress,
): LpSolveOptions {
  const methods = ["auto", "simplex", "ipm", "pdlp", "ioplan-pdlp"];
  if (o.method !== undefined && !methods.includes(o.method))
    throw new UsageError(`--method ${o.method} is not one of ${methods.join(", ")}`);
  const tolerance = o.tolerance === undefined ? undefined : Number(o.tolerance);
  if (tolerance !== undefined && !(tolerance > 0 && tolerance < 1))
    throw new UsageError(`--tolerance ${o.tolerance} is not a relative tolerance in (0, 1)`);
  const timeLimitSeconds = o.timeLimit === undefined ? undefined : Number(o.timeLimit);
  if (timeLimitSeconds !== undefined && !(timeLimitSeconds > 0))
    throw new UsageError(`--time-limit ${o.timeLimit} is not a number of seconds > 0`);
  let first: number | undefined;
  const target = tolerance ?? PDLP_DEFAULT_TOLERANCE;
  return {
    method: (o.method as LpMethod | undefined) ?? "auto",
    tolerance,
    timeLimitSeconds,
    // the bar fills as the worst of residuals and gap closes on the tolerance (log scale)
    onProgress: p
      ? (q) => {
          const worst = Math.max(q.primalResidual, q.dualResidual, q.gap);
          first ??= Math.max(worst, target * 10);
          const f = Math.max(0, Math.min(1, Math.log(first / worst) / Math.log(first / target)));
          p.update(
            Math.round(f * 1000),
            1000,
            `PDLP ${q.iteration} it: gap ${q.gap.toExponential(1)}, primal ` +
              `${q.primalResidual.toExponential(1)}, dual ${q.dualResidual.toExponential(1)}`,
          );
        }
      : undefined,
  };
}

/** Adds --method, --tolerance and --time-limit to a command that solves plan programs. */
export function addLpOptions(cmd: Command): Command {
  return cmd
    .option(
      "--method <method>",
      "LP method: auto (HiGHS simplex up to 20,000 columns, ioplan's PDLP beyond), simplex, ipm, pdlp " +
        "(HiGHS's), ioplan-pdlp",
      "auto",
    )
    .option("--tolerance <rel>", "relative tolerance of first-order methods (residuals and gap; default 1e-6)")
    .option(
      "--time-limit <seconds>",
      "stop each solve after this long (ioplan's PDLP then reports its best point as provisional)",
    )
    .option(
      "--solver <solver>",
      "wasm (HiGHS in WebAssembly, and ioplan's PDLP; up to 2 GiB) or highs-native (the HiGHS in python3's " +
        "scipy, no such ceiling)",
      "wasm",
    );
}

/** Adds --write-mps and --write-lp: the programs the command solves, written as it solves them. */
export function addProgramFileOptions(cmd: Command): Command {
  return cmd
    .option(
      "--write-mps <file>",
      "write each program solved as free MPS (the first to <file>, later ones to <file>-2.mps, …), for any solver",
    )
    .option("--write-lp <file>", "the same in the CPLEX LP format");
}
