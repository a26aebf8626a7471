/** Helpers shared by the command modules: usage errors, argument checks, where the data lives, the LP solver. */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { HighsWorkerSolver } from "../solvers/highsWorkerSolver.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** Bad usage: exit code 2 with the message. */
export class UsageError extends Error {}

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
  if (!Number.isInteger(y) || y < 1800 || y > 2200) throw new UsageError(`--year ${text} is not a year; expected e.g. 2017`);
  return y;
}

/** A path that must exist, or a usage error naming it. */
export function existing(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  return path;
}

/** A share as a percentage with one decimal. */
export const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Runs `fn` with a HiGHS worker solver, closed afterwards. */
export async function withSolver<T>(fn: (s: HighsWorkerSolver) => Promise<T>): Promise<T> {
  const solver = new HighsWorkerSolver();
  try {
    return await fn(solver);
  } finally {
    await solver.close();
  }
}
