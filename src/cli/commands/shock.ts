/** `ioplan shock`: a scenario's shocks (import caps, bans, closures, capacity loss) through the plan. */
import type { Command } from "commander";
import { loadPlan, runPlanCheck, runPlanOptimise } from "../../app/planning.ts";
import type { InflowCase } from "../../app/planning.ts";
import { addLpOptions, addProgramFileOptions, existing, lpOptions, pct } from "../shared.ts";
import { withLpOptions } from "../../engine/index.ts";
import { checkJson, optimiseJson } from "../../app/planJson.ts";
import { formatTable } from "../table.ts";
import { withProgress } from "../progress.ts";
import {
  warnAbout,
  inflowsOption,
  warnCutOption,
  cutThreshold,
  printLargeCuts,
  printRelaxations,
  effectsFlag,
  effectsOption,
  printBottlenecks,
  withPlanSolver,
} from "./planOutput.ts";
import type { SolveChoice } from "./planOutput.ts";

type LoadedPlan = ReturnType<typeof loadPlan>;
type CheckResult = Awaited<ReturnType<typeof runPlanCheck>>;
type OptimiseResult = Awaited<ReturnType<typeof runPlanOptimise>>;

/** Fulfilment of every target under the shocks, per year, with its change against the best plan without them. */
function printShockFulfilment(p: LoadedPlan, best: OptimiseResult, baseBest: OptimiseResult): void {
  const yrs = p.spec.years;
  const named = p.spec.targets.filter((t) => !t.id.startsWith("baseline:"));
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
}

/**
 * The shocked plan as text: the shocks applied, the check and its relaxation, the best plan against the one without
 * them, bottlenecks and large cuts (exit code 1 unless all is feasible and optimal).
 */
function printShockRun(
  p: LoadedPlan,
  check: CheckResult,
  best: OptimiseResult,
  baseBest: OptimiseResult,
  threshold: number,
  scenario: string,
): void {
  console.log(`${p.spec.name} under "${scenario}": ${p.spec.scenario?.applied.join("; ")}`);
  if (check.status !== "optimal")
    console.log(`\nUNDECIDED: the check under the shocks ended with "${check.solver.detail}".`);
  else
    console.log(
      check.feasible ? "\nFEASIBLE under the shocks." : "\nINFEASIBLE under the shocks. Smallest weighted relaxation:",
    );
  printRelaxations(check.relaxations);
  const provisional = [best, baseBest].filter((r) => r.provisional).length;
  if (provisional)
    console.log(
      `\nPROVISIONAL: ${provisional === 2 ? "both optimisations" : "one optimisation"} stopped at a ` +
        `limit; the figures below are best points, not optima.`,
    );
  if (best.status === "infeasible") {
    console.log(
      `\nNO PLAN under the shocks meets every limit, capacity and floor at once (the best plan holds ` +
        `them all; only targets may fall short): the relaxation above says what would have to give.`,
    );
    process.exitCode = 1;
    return;
  }
  printShockFulfilment(p, best, baseBest);
  printBottlenecks(best, 6, " under the shocks");
  printLargeCuts(check.largeCuts, threshold, "relaxations under the shocks");
  printLargeCuts(best.largeCuts, threshold, "targets and deliveries of the best plan under the shocks");
  if (!check.feasible || best.status !== "optimal" || baseBest.status !== "optimal") process.exitCode = 1;
}

/** `ioplan shock`: a scenario's shocks through the plan. */
export function registerShock(program: Command): void {
  addProgramFileOptions(addLpOptions(program.command("shock")))
    .addOption(warnCutOption())
    .description(
      "Run a plan under a named scenario of shocks: feasibility, relaxations and the best plan, beside the " +
        "plan without it",
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
        printShockRun(p, check, best, baseBest, threshold, o.scenario);
      },
    );
}
