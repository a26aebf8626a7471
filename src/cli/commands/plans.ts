/** Commands on plans: plan check/optimise/schema, shock, compare. */
import { Option } from "commander";
import type { Command } from "commander";
import {
  DEFAULT_CUT_WARNING,
  EFFECTS_DEFAULT_LIMIT,
  compareScenarios,
  loadPlan,
  runPlanCheck,
  runPlanOptimise,
  sectorLabel,
  planFileJsonSchema,
} from "../../app/planning.ts";
import type { InflowCase, LargeCut, PlanOptimiseReport } from "../../app/planning.ts";
import { sampleScenarios, samplingOfFile } from "../../app/uncertainty.ts";
import type { SamplingOptions } from "../../app/uncertainty.ts";
import { UsageError, addLpOptions, addProgramFileOptions, existing, lpOptions, pct, withSolver } from "../shared.ts";
import { withLpOptions } from "../../engine/index.ts";
import type { LpSolver, Relaxation } from "../../engine/index.ts";
import { formatNumber, formatPercent, unitHead } from "../../engine/index.ts";
import { recordPrograms } from "../../app/programFiles.ts";
import { checkJson, optimiseJson } from "../../app/planJson.ts";
import type { ProgramRecorder } from "../../app/programFiles.ts";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatTable } from "../table.ts";
import { amount } from "../explanationText.ts";
import { drawArgs } from "./explain.ts";
import { withProgress } from "../progress.ts";

/** Adds --samples, --coefficient-error and --seed: Monte Carlo draws of the coefficients (and the plan's models in turn). */
function addSampleOptions(cmd: Command): Command {
  return cmd
    .option(
      "--samples <n>",
      "Monte Carlo draws of the coefficients (the plan's uncertainty block, its alternative models in turn): the share of draws in which each scenario is feasible",
    )
    .option("--coefficient-error <rel>", "relative standard error of every technical coefficient in the draws")
    .option("--seed <n>", "seed of the draws", "1");
}

/** The draws asked for, or undefined; a usage error when they would vary nothing. */
function samplesFor(
  file: string,
  o: { samples?: string; coefficientError?: string; seed?: string },
): SamplingOptions | undefined {
  const { samples, coefficientError, seed } = drawArgs(o);
  if (samples === undefined) return undefined;
  const { sampling, alternatives } = samplingOfFile(file, { samples, seed, coefficientError });
  const s = sampling!;
  if (!s.coefficients && !alternatives)
    throw new UsageError(
      `--samples would draw nothing for ${file}: give --coefficient-error, the plan's uncertainty.coefficients, or alternative models (models: [...])`,
    );
  return s;
}

/** Prints a plan file's warnings (allowed, but worth saying) to stderr, before the result. */
function warnAbout(file: string, warnings: readonly { path: string; message: string }[]): void {
  for (const w of warnings) console.error(`ioplan: warning: ${file}: ${w.path}: ${w.message}`);
}

/** `--inflows low|central|high`: the end of every foreign-exchange inflow's range the plan is resolved at. */
function inflowsOption(): Option {
  return new Option("--inflows <end>", "with a foreignExchange account: every inflow at this end of its range")
    .choices(["low", "central", "high"])
    .default("central");
}

/** `--warn-cut <share>`: relaxations or optima that cut more than this share are called out. */
function warnCutOption(): Option {
  return new Option(
    "--warn-cut <share>",
    "call out every relaxation or shortfall larger than this share of its target, limit or floor",
  ).default(String(DEFAULT_CUT_WARNING));
}

function cutThreshold(o: { warnCut?: string }): number {
  const v = Number(o.warnCut ?? DEFAULT_CUT_WARNING);
  if (!(v > 0 && v < 1)) throw new UsageError(`--warn-cut ${o.warnCut} is not a share in (0, 1), e.g. 0.25`);
  return v;
}

/** Prints the large cuts (largest first, at most eight), or nothing. */
function printLargeCuts(cuts: readonly LargeCut[], threshold: number, what: string): void {
  if (!cuts.length) return;
  console.log(
    `\nWARNING: ${what} cut by more than ${(threshold * 100).toFixed(0)} % (--warn-cut): ${cuts.length}, largest first:`,
  );
  for (const c of cuts.slice(0, 8)) console.log(`  - ${c.text}`);
  if (cuts.length > 8) console.log(`  - and ${cuts.length - 8} more (each with --json: largeCuts)`);
}

/** How many relaxations the text shows before it sums up the rest. */
const RELAXATIONS_SHOWN = 12;

/**
 * The relaxations: the plan's own targets, limits and floors first, then baseline deliveries; each group largest share
 * first, in value and in %; the smallest baseline cuts summed up in one line.
 */
function printRelaxations(all: readonly Relaxation[]): void {
  const bySize = (xs: readonly Relaxation[]) => [...xs].sort((a, b) => b.share - a.share);
  const named = bySize(all.filter((x) => !x.id.startsWith("baseline:")));
  const base = bySize(all.filter((x) => x.id.startsWith("baseline:")));
  const room = Math.max(RELAXATIONS_SHOWN - named.length, 6);
  for (const x of [...named, ...base.slice(0, room)]) console.log(`  - ${x.text}`);
  const rest = base.slice(room);
  if (rest.length)
    console.log(
      `  - and ${rest.length} smaller cuts of baseline deliveries, each at most ${formatPercent(rest[0].share)} (all in --json: relaxations)`,
    );
}

/** `--effects <n>`: how many top bottlenecks to re-solve with 1 % more, so they read in the targets' units. */
function effectsFlag(): Option {
  return new Option(
    "--effects <n>",
    `re-solve the top n bottlenecks with 1 % more of each and say what every target gains, in its unit (default 3 up to ${EFFECTS_DEFAULT_LIMIT.toLocaleString("en-US")} sector-years, else 0)`,
  );
}

function effectsOption(o: { effects?: string }): { effects?: number } {
  if (o.effects === undefined) return {};
  const n = Number(o.effects);
  if (!Number.isInteger(n) || n < 0 || n > 50)
    throw new UsageError(`--effects ${o.effects} is not a whole number of bottlenecks from 0 to 50`);
  return { effects: n };
}

/** The bottlenecks: their effects on the targets where re-solved, then the rest as shadow prices. */
function printBottlenecks(r: PlanOptimiseReport, most: number, where = ""): void {
  if (!r.bottlenecks.length) return;
  if (r.effects.length) {
    console.log(
      `\nBottlenecks${where}: what 1 % more of each gives the targets (the best plan solved again; largest shadow value first):`,
    );
    for (const e of r.effects) console.log(`  - ${e.text}`);
  }
  const rest = r.bottlenecks.slice(r.effects.length, most);
  if (rest.length) {
    const heading = r.effects.length ? "Further bottlenecks" : `Bottlenecks${where}`;
    console.log(
      `\n${heading} (shadow prices: the gain in ${r.objectiveName}, the objective, from one more unit; largest from 1 % more first):`,
    );
    for (const b of rest) console.log(`  - ${b.text}`);
  }
  if (r.effectsNote) console.log(`  (${r.effectsNote})`);
}

/** The options of a plan command that say how it solves: --solver and --method, and where programs are written. */
interface SolveChoice {
  solver?: string;
  effects?: string;
  method?: string;
  writeMps?: string;
  writeLp?: string;
}

/**
 * Runs `fn` with the solver --solver asks for; with --write-mps/--write-lp, every program solved is written first
 * and the files are named on stderr (stdout stays the result, --json included).
 */
async function withPlanSolver<T>(
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
          `ioplan: wrote ${w.file}: the program of the ${w.label} (${w.cols.toLocaleString("en-US")} columns × ${w.rows.toLocaleString("en-US")} rows)`,
        );
    }
  }, o);
}

export function registerPlanCommands(program: Command): void {
  const planCmd = program.command("plan").description("Check and optimise multi-year plans (YAML or JSON plan files)");
  registerPlanCheck(planCmd);
  registerPlanOptimise(planCmd);
  registerShock(program);
  registerCompare(program);
  registerPlanSchema(planCmd);
}

/** `ioplan plan check`: feasibility, the smallest relaxation, what binds. */
function registerPlanCheck(planCmd: Command): void {
  addProgramFileOptions(addSampleOptions(addLpOptions(planCmd.command("check"))))
    .addOption(warnCutOption())
    .description(
      "Is the plan feasible? Requirements per year, binding limits, and the smallest weighted relaxation; exit 1 when infeasible",
    )
    .argument("<plan>", "plan file (.yaml, .yml or .json)")
    .option("--json", "print the full result as JSON")
    .addOption(inflowsOption())
    .addHelpText(
      "after",
      "\nExample:\n  ioplan plan check examples/plans/usa-2015-2019-illustrative.yaml\n  ioplan plan check big-plan.yaml --method ioplan-pdlp --tolerance 1e-5\n  ioplan plan check examples/dprk/plans/2021-2025-draft.yaml --inflows low\n",
    )
    .action(
      async (
        file: string,
        o: SolveChoice & {
          json?: boolean;
          tolerance?: string;
          timeLimit?: string;
          samples?: string;
          coefficientError?: string;
          seed?: string;
          inflows: InflowCase;
          warnCut?: string;
        },
      ) => {
        const threshold = cutThreshold(o);
        const p = loadPlan(existing(file, "plan file"), undefined, undefined, { inflows: o.inflows });
        warnAbout(file, p.warnings);
        const sampling = samplesFor(file, o);
        const r = await withProgress("checking the plan", o, (pr) =>
          withPlanSolver(o, "feasibility check", (s) => runPlanCheck(p, withLpOptions(s, lpOptions(o, pr)), threshold)),
        );
        const draws = sampling
          ? await withProgress("drawing", o, (pr) =>
              withSolver(
                (s) =>
                  sampleScenarios(file, [undefined], sampling, withLpOptions(s, lpOptions(o)), false, (d, t, w) =>
                    pr.update(d, t, w),
                  ),
                o,
              ),
            )
          : undefined;
        if (o.json)
          console.log(
            JSON.stringify(
              {
                ...checkJson(p, r),
                ...(draws
                  ? {
                      uncertainty: {
                        description: draws.description,
                        feasibleShare: draws.scenarios[0].feasibleShare,
                        undecided: draws.scenarios[0].undecided,
                      },
                    }
                  : {}),
              },
              null,
              2,
            ),
          );
        else {
          const yrs = p.spec.years;
          console.log(
            `${r.plan}: ${yrs[0]}–${yrs[yrs.length - 1]} on ${p.model.name} (${p.model.sectors.length} sectors)`,
          );
          console.log(
            `  solver: ${r.solver.method}, ${r.status}, ${r.solver.seconds.toFixed(2)} s, primal residual ${r.solver.primalResidual.toExponential(1)}, ${r.solver.columns} columns × ${r.solver.rows} rows`,
          );
          if (r.status === "time-limit" || r.status === "iteration-limit")
            console.log(
              `\nThe check stopped at its ${r.status === "time-limit" ? "time" : "iteration"} limit before it could decide (${r.solver.detail}): give it more time (--time-limit) or a looser --tolerance.`,
            );
          else if (r.status !== "optimal")
            console.log(`\nThe check could not be completed: the solver ended with "${r.solver.detail}".`);
          else if (r.feasible) console.log("\nFEASIBLE: every target can be met within every limit and capacity.");
          else {
            console.log(
              `\nINFEASIBLE. The smallest weighted relaxation that makes it feasible (weighted total ${formatNumber(r.weightedRelaxation)}; ${r.rule}):`,
            );
            printRelaxations(r.relaxations);
          }
          if (r.resources.length) {
            console.log("\nResources required ÷ limit:\n");
            const ids = [...new Set(r.resources.map((x) => x.id))];
            console.log(
              formatTable(
                ["year", ...ids],
                yrs.map((y) => [
                  String(y),
                  ...ids.map((id) => {
                    const u = r.resources.find((x) => x.id === id && x.year === y)!;
                    return `${pct(u.share)}${u.binding ? " *" : ""}`;
                  }),
                ]),
              ),
            );
            console.log("  (* binding)");
          }
          printLargeCuts(r.largeCuts, threshold, "relaxations");
          if (draws)
            console.log(
              `\nFeasible in ${pct(draws.scenarios[0].feasibleShare)} of the draws${draws.scenarios[0].undecided ? ` (${draws.scenarios[0].undecided} undecided)` : ""}: ${draws.description}.`,
            );
          if (r.bindingCapacity.length)
            console.log(
              `\nCapacity binds in ${r.bindingCapacity.length} sector-years, e.g. ${r.bindingCapacity
                .slice(0, 4)
                .map((b) => `${sectorLabel(p.model.sectors[b.sector])} in ${b.year}`)
                .join("; ")}`,
            );
        }
        if (r.status !== "optimal" || !r.feasible) process.exitCode = 1;
      },
    );
}

/** `ioplan plan optimise`: the best feasible plan, its bottlenecks in the plan's units. */
function registerPlanOptimise(planCmd: Command): void {
  addProgramFileOptions(addLpOptions(planCmd.command("optimise")))
    .addOption(warnCutOption())
    .alias("optimize")
    .description(
      "The best feasible plan for the priorities: fulfilment per target and year, bottlenecks with shadow prices",
    )
    .argument("<plan>", "plan file")
    .option("--lexicographic", "meet rank 1 first, then rank 2, … (default: weighted harmony)")
    .addOption(effectsFlag())
    .option("--json", "print the full result as JSON")
    .addOption(inflowsOption())
    .addHelpText(
      "after",
      "\nExample:\n  ioplan plan optimise examples/plans/usa-2015-2019-illustrative.yaml --lexicographic\n  ioplan plan optimise big-plan.yaml --method ioplan-pdlp\n",
    )
    .action(
      async (
        file: string,
        o: SolveChoice & {
          lexicographic?: boolean;
          json?: boolean;
          tolerance?: string;
          timeLimit?: string;
          inflows: InflowCase;
          warnCut?: string;
        },
      ) => {
        const threshold = cutThreshold(o);
        const p = loadPlan(existing(file, "plan file"), undefined, undefined, { inflows: o.inflows });
        warnAbout(file, p.warnings);
        const label = o.lexicographic
          ? "lexicographic optimisation (one program a rank, in rank order)"
          : "optimisation (weighted harmony)";
        const r = await withProgress("optimising the plan", o, (pr) =>
          withPlanSolver(o, label, (s) =>
            runPlanOptimise(
              p,
              withLpOptions(s, lpOptions(o, pr)),
              o.lexicographic ? "lexicographic" : "weighted",
              threshold,
              effectsOption(o),
            ),
          ),
        );
        if (o.json) return console.log(JSON.stringify(optimiseJson(p, r), null, 2));
        const yrs = p.spec.years;
        const objective = Number.isFinite(r.objective) ? `; objective ${r.objective.toFixed(4)}` : "";
        console.log(
          `${r.plan}: best plan (${r.mode}${p.spec.objective === "bundle" ? ", bundle objective" : ""}), ${r.status}${objective}; ${r.solver.method}, ${r.solver.seconds.toFixed(2)} s, gap ${r.solver.gap.toExponential(1)}`,
        );
        for (const st of r.stages)
          console.log(`  stage rank ${st.rank}: ${st.status}, objective ${st.objective.toFixed(4)}`);
        if (r.status !== "optimal") process.exitCode = 1;
        if (r.provisional)
          console.log(
            `\nPROVISIONAL: the solver stopped at its ${r.status === "time-limit" ? "time" : "iteration"} limit; below is its best point, not an optimum (${r.solver.detail}).`,
          );
        else if (r.status === "infeasible") {
          const floors = p.spec.floors?.map((f) => f.label) ?? [];
          return console.log(
            `\nNO PLAN meets every limit, capacity${floors.length ? " and floor" : ""} at once: the best plan holds them all (only targets may fall short). ioplan plan check ${file} finds the smallest relaxation and names what gives${floors.length ? `; the floors here: ${floors.join("; ")} (lower them with baseline.floor or a floors block)` : ""}.`,
          );
        } else if (r.status !== "optimal") return;
        const named = p.spec.targets.filter((t) => !t.id.startsWith("baseline:"));
        console.log("\nFulfilment (achieved ÷ target):\n");
        console.log(
          formatTable(
            ["target", "rank", ...yrs.map(String)],
            named.map((t) => [
              t.label,
              String(t.rank),
              ...yrs.map((y) => {
                const f = r.fulfilment.find((x) => x.id === t.id && x.year === y);
                return f ? pct(f.share) : "—";
              }),
            ]),
          ),
        );
        const base = r.fulfilment.filter((x) => x.id.startsWith("baseline:"));
        if (base.length)
          console.log(
            `\n  baseline final deliveries: met in ${base.filter((x) => x.share >= 1 - 1e-6).length} of ${base.length} sector-years`,
          );
        printLargeCuts(r.largeCuts, threshold, "targets and deliveries of the best plan");
        printBottlenecks(r, 10);
      },
    );
}

/** `ioplan shock`: a scenario's shocks through the plan. */
function registerShock(program: Command): void {
  addProgramFileOptions(addLpOptions(program.command("shock")))
    .addOption(warnCutOption())
    .description(
      "Run a plan under a named scenario of shocks: feasibility, relaxations and the best plan, beside the plan without it",
    )
    .argument("<plan>", "plan file")
    .requiredOption("--scenario <name>", "scenario defined in the plan file")
    .addOption(effectsFlag())
    .option("--json", "print { check, optimise } as JSON")
    .addOption(inflowsOption())
    .addHelpText(
      "after",
      "\nExample:\n  ioplan shock examples/plans/usa-2015-2019-illustrative.yaml --scenario import-squeeze\n",
    )
    .action(
      async (
        file: string,
        o: SolveChoice & {
          scenario: string;
          json?: boolean;
          tolerance?: string;
          timeLimit?: string;
          inflows: InflowCase;
          warnCut?: string;
        },
      ) => {
        const threshold = cutThreshold(o);
        const base = loadPlan(existing(file, "plan file"), undefined, undefined, { inflows: o.inflows });
        warnAbout(file, base.warnings);
        const p = loadPlan(file, o.scenario, undefined, { inflows: o.inflows });
        const [check, best, baseBest] = await withProgress(`scenario ${o.scenario}`, o, (pr) =>
          withPlanSolver(o, "feasibility check", async (raw, relabel) => {
            const s = withLpOptions(raw, lpOptions(o));
            const step = (k: number, what: string) => {
              pr.update(k, 3, what);
              relabel(what);
            };
            step(0, `feasibility check under "${o.scenario}"`);
            const c = await runPlanCheck(p, s, threshold);
            step(1, `optimisation under "${o.scenario}"`);
            const b = await runPlanOptimise(p, s, "weighted", threshold, effectsOption(o));
            step(2, "optimisation without the shocks");
            return [c, b, await runPlanOptimise(base, s, "weighted", threshold, { effects: 0 })] as const;
          }),
        );
        if (o.json)
          return console.log(
            JSON.stringify(
              { scenario: p.spec.scenario, check: checkJson(p, check), optimise: optimiseJson(p, best) },
              null,
              2,
            ),
          );
        console.log(`${p.spec.name} under "${o.scenario}": ${p.spec.scenario?.applied.join("; ")}`);
        if (check.status !== "optimal")
          console.log(`\nUNDECIDED: the check under the shocks ended with "${check.solver.detail}".`);
        else
          console.log(
            check.feasible
              ? "\nFEASIBLE under the shocks."
              : "\nINFEASIBLE under the shocks. Smallest weighted relaxation:",
          );
        printRelaxations(check.relaxations);
        const yrs = p.spec.years;
        const named = p.spec.targets.filter((t) => !t.id.startsWith("baseline:"));
        const provisional = [best, baseBest].filter((r) => r.provisional).length;
        if (provisional)
          console.log(
            `\nPROVISIONAL: ${provisional === 2 ? "both optimisations" : "one optimisation"} stopped at a limit; the figures below are best points, not optima.`,
          );
        if (best.status === "infeasible") {
          console.log(
            `\nNO PLAN under the shocks meets every limit, capacity and floor at once (the best plan holds them all; only targets may fall short): the relaxation above says what would have to give.`,
          );
          process.exitCode = 1;
          return;
        }
        console.log("\nBest plan: fulfilment under the shocks (change against no shocks):\n");
        console.log(
          formatTable(
            ["target", ...yrs.map(String)],
            named.map((t) => [
              t.label,
              ...yrs.map((y) => {
                const f = best.fulfilment.find((x) => x.id === t.id && x.year === y);
                const b = baseBest.fulfilment.find((x) => x.id === t.id && x.year === y);
                return f && b
                  ? `${pct(f.share)} (${f.share >= b.share ? "+" : ""}${((f.share - b.share) * 100).toFixed(1)})`
                  : "—";
              }),
            ]),
          ),
        );
        printBottlenecks(best, 6, " under the shocks");
        printLargeCuts(check.largeCuts, threshold, "relaxations under the shocks");
        printLargeCuts(best.largeCuts, threshold, "targets and deliveries of the best plan under the shocks");
        if (!check.feasible || best.status !== "optimal" || baseBest.status !== "optimal") process.exitCode = 1;
      },
    );
}

/** `ioplan compare`: every scenario of a plan side by side. */
function registerCompare(program: Command): void {
  addSampleOptions(addLpOptions(program.command("compare")))
    .description("Scenarios side by side: targets met, fulfilment, output, resources, the main bottleneck")
    .argument("<plan>", "plan file")
    .option("--scenarios <names>", "comma-separated scenario names (default: all in the plan file)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExit 1 when a scenario has no best plan or a solve stopped before its optimum; an infeasible check is a result (its relaxations are counted), not a failure.\n\nExample:\n  ioplan compare examples/plans/usa-2015-2019-illustrative.yaml --scenarios import-squeeze,metals-ban\n",
    )
    .action(
      async (
        file: string,
        o: {
          scenarios?: string;
          json?: boolean;
          method?: string;
          tolerance?: string;
          timeLimit?: string;
          samples?: string;
          coefficientError?: string;
          seed?: string;
        },
      ) => {
        const names = o.scenarios
          ? o.scenarios
              .split(",")
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined;
        const sampling = samplesFor(existing(file, "plan file"), o);
        const full = await withProgress("comparing scenarios", o, (p) =>
          withSolver(
            (s) =>
              compareScenarios(file, withLpOptions(s, lpOptions(o)), names, {
                onProgress: (d, t, what) => p.update(d, t, what),
              }),
            o,
          ),
        );
        const draws = sampling
          ? await withProgress("drawing", o, (pr) =>
              withSolver(
                (s) =>
                  sampleScenarios(
                    file,
                    [undefined, ...full.slice(1).map((r) => r.scenario)],
                    sampling,
                    withLpOptions(s, lpOptions(o)),
                    true,
                    (d, t, w) => pr.update(d, t, w),
                  ),
                o,
              ),
            )
          : undefined;
        const rows = full.map(({ check, best, ...r }, k) => ({
          ...r,
          checkStatus: check.status,
          optimiseStatus: best.status,
          provisional: best.provisional,
          worst: r.worst ? `${r.worst.label} ${r.worst.year} ${pct(r.worst.share)}` : "",
          ...(draws ? { uncertainty: draws.scenarios[k] } : {}),
        }));
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        const spread = (r: (typeof rows)[number], central: string) => {
          const m = r.uncertainty?.meanFulfilment;
          return m && m.p95 - m.p5 > 0.005 ? `${central} (${pct(m.p5)}–${pct(m.p95)})` : central;
        };
        // an undecided check or a provisional optimum is said so in its cells (≈: a best point, not an optimum)
        const approx = (r: (typeof rows)[number], text: string) =>
          r.optimiseStatus === "optimal" ? text : r.provisional ? `≈ ${text}` : "—";
        const home = rows.some((r) => r.madeAtHomeLastYear > 0);
        console.log(
          formatTable(
            [
              "scenario",
              "feasible",
              ...(draws ? ["feasible in draws"] : []),
              "targets met",
              "mean fulfilment",
              "worst",
              `output, last year (${unitHead(rows[0]?.unit ?? "")})`,
              ...(home ? ["of it, imports made at home"] : []),
            ],
            rows.map((r) => [
              r.scenario,
              r.checkStatus !== "optimal"
                ? `undecided (${r.checkStatus})`
                : r.feasible
                  ? "yes"
                  : `no (${r.relaxations} relax.)`,
              ...(r.uncertainty ? [pct(r.uncertainty.feasibleShare)] : []),
              approx(r, `${r.targetsMet}/${r.targetYears}`),
              approx(r, spread(r, pct(r.meanFulfilment))),
              approx(r, r.worst),
              approx(r, amount(r.outputLastYear)),
              ...(home ? [approx(r, amount(r.madeAtHomeLastYear))] : []),
            ]),
          ),
        );
        if (home)
          console.log(
            "\nOutput counts the domestic output that makes imported inputs at home, and what the optimum makes beyond the targets (overshooting earns a little harmony): a scenario with harsher import cuts can end with more gross output, which is not more for final use.",
          );
        if (draws) console.log(`\nDraws: ${draws.description}.`);
        if (rows.some((r) => r.optimiseStatus !== "optimal")) process.exitCode = 1;
        console.log("\nMain bottleneck per scenario:");
        for (const r of rows) console.log(`  ${r.scenario}: ${r.topBottleneck}`);
      },
    );
}

/** `ioplan plan schema`: the plan file's JSON Schema. */
function registerPlanSchema(planCmd: Command): void {
  planCmd
    .command("schema")
    .description("Print the plan file's JSON Schema (for editors)")
    .addHelpText("after", "\nExample:\n  ioplan plan schema > schemas/plan.schema.json\n")
    .action(() => console.log(JSON.stringify(planFileJsonSchema(), null, 2)));
}
