/**
 * What the plan commands share: their options (draws, inflows, cut warnings, effects, solver) and how they print
 * relaxations, large cuts and bottlenecks.
 */
import { Option } from "commander";
import type { Command } from "commander";
import { DEFAULT_CUT_WARNING, EFFECTS_DEFAULT_LIMIT } from "../../app/planning.ts";
import type { LargeCut, PlanOptimiseReport } from "../../app/planning.ts";
import { samplingOfFile } from "../../app/uncertainty.ts";
import type { SamplingOptions } from "../../app/uncertainty.ts";
import { UsageError, withSolver } from "../shared.ts";
import type { LpSolver, Relaxation } from "../../engine/index.ts";
import { formatPercent } from "../../engine/index.ts";
import { recordPrograms } from "../../app/programFiles.ts";
import type { ProgramRecorder } from "../../app/programFiles.ts";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { drawArgs } from "./explain.ts";

/**
 * Adds --samples, --coefficient-error and --seed: Monte Carlo draws of the coefficients (and the plan's models in
 * turn).
 */
export function addSampleOptions(cmd: Command): Command {
  return cmd
    .option(
      "--samples <n>",
      "Monte Carlo draws of the coefficients (the plan's uncertainty block, its alternative models in turn): " +
        "the share of draws in which each scenario is feasible",
    )
    .option("--coefficient-error <rel>", "relative standard error of every technical coefficient in the draws")
    .option("--seed <n>", "seed of the draws", "1");
}

/** The draws asked for, or undefined; a usage error when they would vary nothing. */
export function samplesFor(
  file: string,
  o: { samples?: string; coefficientError?: string; seed?: string },
): SamplingOptions | undefined {
  const { samples, coefficientError, seed } = drawArgs(o);
  if (samples === undefined) return undefined;
  const { sampling, alternatives } = samplingOfFile(file, { samples, seed, coefficientError });
  const s = sampling!;
  if (!s.coefficients && !alternatives)
    throw new UsageError(
      `--samples would draw nothing for ${file}: give --coefficient-error, the plan's ` +
        `uncertainty.coefficients, or alternative models (models: [...])`,
    );
  return s;
}

/** Prints a plan file's warnings (allowed, but worth saying) to stderr, before the result. */
export function warnAbout(file: string, warnings: readonly { path: string; message: string }[]): void {
  for (const w of warnings) console.error(`ioplan: warning: ${file}: ${w.path}: ${w.message}`);
}

/** `--inflows low|central|high`: the end of every foreign-exchange inflow's range the plan is resolved at. */
export function inflowsOption(): Option {
  return new Option("--inflows <end>", "with a foreignExchange account: every inflow at this end of its range")
    .choices(["low", "central", "high"])
    .default("central");
}

/** `--warn-cut <share>`: relaxations or optima that cut more than this share are called out. */
export function warnCutOption(): Option {
  return new Option(
    "--warn-cut <share>",
    "call out every relaxation or shortfall larger than this share of its target, limit or floor",
  ).default(String(DEFAULT_CUT_WARNING));
}

export function cutThreshold(o: { warnCut?: string }): number {
  const v = Number(o.warnCut ?? DEFAULT_CUT_WARNING);
  if (!(v > 0 && v < 1)) throw new UsageError(`--warn-cut ${o.warnCut} is not a share in (0, 1), e.g. 0.25`);
  return v;
}

/** Prints the large cuts (largest first, at most eight), or nothing. */
export function printLargeCuts(cuts: readonly LargeCut[], threshold: number, what: string): void {
  if (!cuts.length) return;
  console.log(
    `\nWARNING: ${what} cut by more than ${(threshold * 100).toFixed(0)} % (--warn-cut): ${cuts.length}, ` +
      `largest first:`,
  );
  for (const c of cuts.slice(0, 8)) console.log(`  - ${c.text}`);
  if (cuts.length > 8) console.log(`  - and ${cuts.length - 8} more (each with --json: largeCuts)`);
}

/** How many relaxations the text shows before it sums up the rest. */
export const RELAXATIONS_SHOWN = 12;

/**
 * The relaxations: the plan's own targets, limits and floors first, then baseline deliveries; each group largest share
 * first, in value and in %; the smallest baseline cuts summed up in one line.
 */
export function printRelaxations(all: readonly Relaxation[]): void {
  const bySize = (xs: readonly Relaxation[]) => [...xs].sort((a, b) => b.share - a.share);
  const named = bySize(all.filter((x) => !x.id.startsWith("baseline:")));
  const base = bySize(all.filter((x) => x.id.startsWith("baseline:")));
  const room = Math.max(RELAXATIONS_SHOWN - named.length, 6);
  for (const x of [...named, ...base.slice(0, room)]) console.log(`  - ${x.text}`);
  const rest = base.slice(room);
  if (rest.length)
    console.log(
      `  - and ${rest.length} smaller cuts of baseline deliveries, each at most ` +
        `${formatPercent(rest[0].share)} (all in --json: relaxations)`,
    );
}

/** `--effects <n>`: how many top bottlenecks to re-solve with 1 % more, so they read in the targets' units. */
export function effectsFlag(): Option {
  return new Option(
    "--effects <n>",
    `re-solve the top n bottlenecks with 1 % more of each and say what every target gains, in its unit ` +
      `(default 3 up to ${EFFECTS_DEFAULT_LIMIT.toLocaleString("en-US")} sector-years, else 0)`,
  );
}

export function effectsOption(o: { effects?: string }): { effects?: number } {
  if (o.effects === undefined) return {};
  const n = Number(o.effects);
  if (!Number.isInteger(n) || n < 0 || n > 50)
    throw new UsageError(`--effects ${o.effects} is not a whole number of bottlenecks from 0 to 50`);
  return { effects: n };
}

/** The bottlenecks: their effects on the targets where re-solved, then the rest as shadow prices. */
export function printBottlenecks(r: PlanOptimiseReport, most: number, where = ""): void {
  if (!r.bottlenecks.length) return;
  if (r.effects.length) {
    console.log(
      `\nBottlenecks${where}: what 1 % more of each gives the targets (the best plan solved again; largest ` +
        `shadow value first):`,
    );
    for (const e of r.effects) console.log(`  - ${e.text}`);
  }
  const rest = r.bottlenecks.slice(r.effects.length, most);
  if (rest.length) {
    const heading = r.effects.length ? "Further bottlenecks" : `Bottlenecks${where}`;
    console.log(
      `\n${heading} (shadow prices: the gain in ${r.objectiveName}, the objective, from one more unit; ` +
        `largest from 1 % more first):`,
    );
    for (const b of rest) console.log(`  - ${b.text}`);
  }
  if (r.effectsNote) console.log(`  (${r.effectsNote})`);
}

/**
 * Runs `fn` with the solver --solver asks for; with --write-mps/--write-lp, every program solved is written first
 * and the files are named on stderr (stdout stays the result, --json included).
 */
export async function withPlanSolver<T>(
  o: SolveChoice,
  label: string,
  fn: (s: LpSolver, relabel: (what: string) => void) => Promise<T>,
): Promise<T> {
  for (const [flag, f] of [
    ["--write-mps", o.writeMps],
    ["--write-lp", o.writeLp],
  ] as const) {
    if (f === undefined) continue;
    const folder = dirname(resolve(f));
    if (!existsSync(folder) || !statSync(folder).isDirectory())
      throw new UsageError(`${flag} ${f}: the folder ${folder} does not exist`);
  }
  return withSolver(async (raw) => {
    const rec: ProgramRecorder | undefined =
      o.writeMps || o.writeLp ? recordPrograms(raw, { mps: o.writeMps, lp: o.writeLp }, label) : undefined;
    try {
      return await fn(rec ? rec.solver : raw, (what) => {
        if (rec) rec.label = what;
      });
    } finally {
      for (const w of rec?.written ?? [])
        console.error(
          `ioplan: wrote ${w.file}: the program of the ${w.label} (${w.cols.toLocaleString("en-US")} columns ` +
            `× ${w.rows.toLocaleString("en-US")} rows)`,
        );
    }
  }, o);
}

/** The options of a plan command that say how it solves: --solver and --method, and where programs are written. */
export interface SolveChoice {
  solver?: string;
  effects?: string;
  method?: string;
  writeMps?: string;
  writeLp?: string;
}
