/**
 * `ioplan explain` and `ioplan backcast`: why a plan fell short, and how well the model reproduces the years observed.
 */
import { SOURCE_TYPES } from "../../engine/index.ts";
import type { Command } from "commander";
import { backcastPlan, calibrateSubstitution, explainPlan } from "../../app/explainPlan.ts";
import type { ExplainOptions } from "../../app/explainPlan.ts";
import { openObservationStore as openStore } from "../../app/observations.ts";
import { UsageError, existing, year } from "../shared.ts";
import { amount, explanationLines, sectorLines, withRange } from "../explanationText.ts";
import type { Ranges } from "../explanationText.ts";
import { formatTable } from "../table.ts";
import { withProgress } from "../progress.ts";

/** Options every explaining command takes: rationing, logged-shock scenario, Monte Carlo draws. */
export function addExplainOptions(cmd: Command): Command {
  return cmd
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option(
      "--scenario <name>",
      "scenario whose capacity losses are the logged shocks (default: the plan's review.shocks)",
    )
    .option(
      "--rationing <rule>",
      "how final deliveries are cut when a budget or capacity binds: proportional or priority",
      "proportional",
    )
    .option(
      "--samples <n>",
      "Monte Carlo draws for intervals (sources' ranges, the plan's uncertainty block, its models in turn)",
    )
    .option("--coefficient-error <rel>", "relative standard error of every technical coefficient in the draws")
    .option("--seed <n>", "seed of the draws", "1")
    .option(
      "--precedence <types>",
      `source types in order for the best estimate, comma-separated (${SOURCE_TYPES.join(", ")}); overrides ` +
        `the plan's review.precedence and the workspace's ioplan.json`,
    );
}

/** --samples, --coefficient-error and --seed, checked: a bad value is a usage error naming it. */
export function drawArgs(o: { samples?: string; coefficientError?: string; seed?: string }): {
  samples?: number;
  coefficientError?: number;
  seed: number;
} {
  const samples = o.samples === undefined ? undefined : Number(o.samples);
  if (samples !== undefined && !(Number.isInteger(samples) && samples >= 1 && samples <= 100_000))
    throw new UsageError(`--samples ${o.samples} is not a number of draws from 1 to 100,000`);
  const err = o.coefficientError === undefined ? undefined : Number(o.coefficientError);
  if (err !== undefined && !(err >= 0 && err < 1))
    throw new UsageError(`--coefficient-error ${o.coefficientError} is not a relative error in [0, 1)`);
  if (err !== undefined && samples === undefined)
    throw new UsageError("--coefficient-error applies to Monte Carlo draws: give --samples too");
  const seed = Number(o.seed ?? 1);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed ${o.seed} is not a whole number ≥ 0`);
  return { samples, coefficientError: err, seed };
}

/** The options as the app takes them, checked: a bad value is a usage error naming it. */
export function explainOptions(o: {
  scenario?: string;
  rationing?: string;
  samples?: string;
  coefficientError?: string;
  seed?: string;
  year?: string;
  precedence?: string;
}): ExplainOptions {
  if (o.rationing !== undefined && o.rationing !== "proportional" && o.rationing !== "priority")
    throw new UsageError(`--rationing ${o.rationing} is not a rule; expected proportional or priority`);
  return {
    scenario: o.scenario,
    rationing: (o.rationing ?? "proportional") as "proportional" | "priority",
    ...drawArgs(o),
    year: o.year === undefined ? undefined : year(o.year),
    precedence: o.precedence,
  };
}

/** `ioplan explain` and `ioplan backcast`. */
export function registerExplainCommands(program: Command): void {
  registerExplain(program);
  registerBackcast(program);
}

/** The explanation as text: the year's account, sectors on request, the backcast line, the range across models. */
function printExplanation(e: Awaited<ReturnType<typeof explainPlan>>, sectors: boolean): void {
  const ranges: Ranges = { ...e.modelRange, ...e.uncertainty?.intervals };
  console.log(`${e.plan}`);
  for (const l of explanationLines(e, ranges)) console.log(l);
  if (sectors) console.log(["", ...sectorLines(e)].join("\n"));
  console.log(`  ${e.backcast.line}`);
  if (e.models.length > 1) {
    console.log(`\n  Across the plan's ${e.models.length} models (each run the same way):`);
    console.log(
      formatTable(
        ["model", "modelled", "unexplained", "backcast MAPE"],
        e.models.map((m) => [
          m.model,
          amount(m.total.modelled),
          amount(m.total.unexplained),
          `${m.backcastMape.toFixed(1)} %`,
        ]),
      ).replace(/^/gm, "    "),
    );
  }
  if (e.uncertainty)
    console.log(
      `\n  Ranges in brackets: ${e.uncertainty.description}; backcast MAPE ` +
        `${withRange(e.backcast.overall.mape, e.uncertainty.backcastMape)} %.`,
    );
  else if (e.modelRange) console.log("\n  Ranges in brackets: min to max across the plan's models.");
}

/** `ioplan explain`: why a plan year fell short. */
function registerExplain(program: Command): void {
  addExplainOptions(program.command("explain"))
    .description(
      "Why a plan year fell short: each observed channel switched from planned to observed in the " +
        "supply-constrained model, its part a Shapley value; what the model does not explain on its own line",
    )
    .argument("<plan>", "plan file with a review block and targets that name observed indicators")
    .option("--year <year>", "plan year (default: the last with a shortfall)")
    .option("--sectors", "also print the account of every sector")
    .option("--json", "print the full result as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan explain examples/dprk/plans/2016-2020-strategy.yaml --year 2020\n" +
        "  ioplan explain plan.yaml --samples 1000 --coefficient-error 0.1 --json\n",
    )
    .action(
      async (
        file: string,
        o: Parameters<typeof explainOptions>[0] & { db?: string; json?: boolean; sectors?: boolean },
      ) => {
        const opts = explainOptions(o);
        const store = await openStore(o.db);
        try {
          const e = await withProgress("explaining", o, () => explainPlan(existing(file, "plan file"), store, opts));
          if (o.json) return console.log(JSON.stringify(e, null, 2));
          printExplanation(e, o.sectors === true);
        } finally {
          await store.close();
        }
      },
    );
}

/** The backcast of each import-substitution share, and the shares that fit best. */
function printCalibration(c: Awaited<ReturnType<typeof calibrateSubstitution>>): void {
  console.log(`${c.plan}: the backcast for each import-substitution share (the plan's cost kept):\n`);
  console.log(
    formatTable(
      ["share", "MAPE", "Theil's U"],
      c.points.map((p) => [p.share.toFixed(2), `${p.mape.toFixed(2)} %`, p.theilU.toFixed(3)]),
    ),
  );
  console.log(
    `\nLowest MAPE at share ${c.best.share.toFixed(2)} (${c.best.mape.toFixed(2)} %; no change: ` +
      `${c.naiveMape.toFixed(2)} %); lowest Theil's U (large misses weigh more) from share ` +
      `${c.bestTheil.share.toFixed(2)} (${c.bestTheil.theilU.toFixed(3)}, MAPE ` +
      `${c.bestTheil.mape.toFixed(2)} %).`,
  );
  console.log("A share calibrated here is fitted to the years it then explains: say so where it is used.");
}

/** The backcast as text: simulated ÷ observed output per sector and year, MAPE, Theil's U and bias. */
function printBackcast(b: Awaited<ReturnType<typeof backcastPlan>>): void {
  console.log(`${b.plan}: the model on the observed channels alone (${b.rationing}), simulated ÷ observed output:\n`);
  const years = [...new Set(b.sectors.flatMap((s) => s.years.map((y) => y.year)))].sort();
  console.log(
    formatTable(
      ["sector", ...years.map(String), "MAPE", "Theil's U", "bias"],
      b.sectors.map((s) => [
        s.code,
        ...years.map((yy) => {
          const y = s.years.find((q) => q.year === yy);
          return y ? `${((100 * y.simulated) / y.observed).toFixed(1)} %` : "—";
        }),
        `${s.mape.toFixed(1)} %`,
        s.theilU.toFixed(3),
        `${s.bias >= 0 ? "+" : ""}${s.bias.toFixed(1)} %`,
      ]),
    ),
  );
  console.log(`\n${b.line}`);
  if (b.models.length > 1)
    console.log(`Across the plan's models: ${b.models.map((m) => `${m.model} ${m.mape.toFixed(1)} %`).join("; ")}.`);
  if (b.uncertainty)
    console.log(
      `MAPE over the draws: ${b.uncertainty.mape.p5.toFixed(1)}–${b.uncertainty.mape.p95.toFixed(1)} ` +
        `% (${b.uncertainty.description}).`,
    );
}

/** `ioplan backcast`: how well the model reproduces the observed years (or, with --calibrate, each share's). */
function registerBackcast(program: Command): void {
  addExplainOptions(program.command("backcast"))
    .description(
      "How well the model reproduces the observed years: the model run on the observed channels alone beside " +
        "the observed outputs, per sector and year, with MAPE and Theil's U",
    )
    .argument("<plan>", "plan file with a review block and targets that name observed indicators")
    .option(
      "--calibrate",
      "try import-substitution shares 0–1 and print the backcast of each (the plan's substitution block)",
    )
    .option("--json", "print the full result as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan backcast examples/dprk/plans/2016-2020-strategy.yaml\n" +
        "  ioplan backcast examples/dprk/plans/2016-2020-strategy.yaml --calibrate\n",
    )
    .action(
      async (
        file: string,
        o: Parameters<typeof explainOptions>[0] & { db?: string; json?: boolean; calibrate?: boolean },
      ) => {
        const opts = explainOptions(o);
        const store = await openStore(o.db);
        try {
          if (o.calibrate) {
            const c = await withProgress("calibrating", o, () =>
              calibrateSubstitution(existing(file, "plan file"), store, opts),
            );
            if (o.json) return console.log(JSON.stringify(c, null, 2));
            return printCalibration(c);
          }
          const b = await withProgress("backcasting", o, () => backcastPlan(existing(file, "plan file"), store, opts));
          if (o.json) return console.log(JSON.stringify(b, null, 2));
          printBackcast(b);
        } finally {
          await store.close();
        }
      },
    );
}
