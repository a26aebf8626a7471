/** Commands on plans: plan check, plan optimise, plan schema (shock and compare in shock.ts and compare.ts). */
import type { Command } from "commander";
import { loadPlan, runPlanCheck, runPlanOptimise, sectorLabel, planFileJsonSchema } from "../../app/planning.ts";
import type { InflowCase } from "../../app/planning.ts";
import { sampleScenarios } from "../../app/uncertainty.ts";
import { addLpOptions, addProgramFileOptions, existing, lpOptions, pct, withSolver } from "../shared.ts";
import { withLpOptions } from "../../engine/index.ts";
import { formatNumber } from "../../engine/index.ts";
import { checkJson, optimiseJson } from "../../app/planJson.ts";
import { formatTable } from "../table.ts";
import { withProgress } from "../progress.ts";
import {
  addSampleOptions,
  samplesFor,
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
import { registerShock } from "./shock.ts";
import { registerCompare } from "./compare.ts";

export function registerPlanCommands(program: Command): void {
  const planCmd = program.command("plan").description("Check and optimise multi-year plans (YAML or JSON plan files)");
  registerPlanCheck(planCmd);
  registerPlanOptimise(planCmd);
  registerShock(program);
  registerCompare(program);
  registerPlanSchema(planCmd);
}

type LoadedPlan = ReturnType<typeof loadPlan>;
type CheckResult = Awaited<ReturnType<typeof runPlanCheck>>;
type CheckDraws = Awaited<ReturnType<typeof sampleScenarios>>;
/** The options of `ioplan plan check`. */
type CheckOptions = SolveChoice & {
  json?: boolean;
  tolerance?: string;
  timeLimit?: string;
  samples?: string;
  coefficientError?: string;
  seed?: string;
  inflows: InflowCase;
  warnCut?: string;
};

/** The Monte Carlo draws of a plan check: the share of draws in which the plan is feasible. */
function drawChecks(
  file: string,
  o: CheckOptions,
  sampling: NonNullable<ReturnType<typeof samplesFor>>,
): Promise<CheckDraws> {
  return withProgress("drawing", o, (pr) =>
    withSolver(
      (s) =>
        sampleScenarios(file, [undefined], sampling, withLpOptions(s, lpOptions(o)), false, (d, t, w) =>
          pr.update(d, t, w),
        ),
      o,
    ),
  );
}

/** The check as JSON, with the draws' feasible share when there were draws. */
function checkReport(p: LoadedPlan, r: CheckResult, draws: CheckDraws | undefined) {
  return {
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
  };
}

/** The check's verdict: the plan, the solver, and feasible, infeasible (with the relaxation) or undecided. */
function printCheckVerdict(p: LoadedPlan, r: CheckResult): void {
  const yrs = p.spec.years;
  console.log(`${r.plan}: ${yrs[0]}–${yrs[yrs.length - 1]} on ${p.model.name} (${p.model.sectors.length} sectors)`);
  console.log(
    `  solver: ${r.solver.method}, ${r.status}, ${r.solver.seconds.toFixed(2)} s, primal residual ` +
      `${r.solver.primalResidual.toExponential(1)}, ${r.solver.columns} columns × ${r.solver.rows} rows`,
  );
  if (r.status === "time-limit" || r.status === "iteration-limit")
    console.log(
      `\nThe check stopped at its ${r.status === "time-limit" ? "time" : "iteration"} limit before ` +
        `it could decide (${r.solver.detail}): give it more time (--time-limit) or a looser ` +
        `--tolerance.`,
    );
  else if (r.status !== "optimal")
    console.log(`\nThe check could not be completed: the solver ended with "${r.solver.detail}".`);
  else if (r.feasible) console.log("\nFEASIBLE: every target can be met within every limit and capacity.");
  else {
    console.log(
      `\nINFEASIBLE. The smallest weighted relaxation that makes it feasible (weighted total ` +
        `${formatNumber(r.weightedRelaxation)}; ${r.rule}):`,
    );
    printRelaxations(r.relaxations);
  }
}

/** Resources required ÷ limit, per year, the binding ones starred. */
function printResources(p: LoadedPlan, r: CheckResult): void {
  const yrs = p.spec.years;
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
}

/** The check as text: verdict, resources, large cuts, the draws and where capacity binds. */
function printCheck(p: LoadedPlan, r: CheckResult, threshold: number, draws: CheckDraws | undefined): void {
  printCheckVerdict(p, r);
  printResources(p, r);
  printLargeCuts(r.largeCuts, threshold, "relaxations");
  if (draws)
    console.log(
      `\nFeasible in ${pct(draws.scenarios[0].feasibleShare)} of the ` +
        `draws${draws.scenarios[0].undecided ? ` (${draws.scenarios[0].undecided} undecided)` : ""}: ` +
        `${draws.description}.`,
    );
  if (r.bindingCapacity.length)
    console.log(
      `\nCapacity binds in ${r.bindingCapacity.length} sector-years, e.g. ${r.bindingCapacity
        .slice(0, 4)
        .map((b) => `${sectorLabel(p.model.sectors[b.sector])} in ${b.year}`)
        .join("; ")}`,
    );
}

/** `ioplan plan check`: feasibility, the smallest relaxation, what binds. */
function registerPlanCheck(planCmd: Command): void {
  addProgramFileOptions(addSampleOptions(addLpOptions(planCmd.command("check"))))
    .addOption(warnCutOption())
    .description(
      "Is the plan feasible? Requirements per year, binding limits, and the smallest weighted relaxation; " +
        "exit 1 when infeasible",
    )
    .argument("<plan>", "plan file (.yaml, .yml or .json)")
    .option("--json", "print the full result as JSON")
    .addOption(inflowsOption())
    .addHelpText(
      "after",
      "\nExample:\n  ioplan plan check examples/plans/usa-2015-2019-illustrative.yaml\n" +
        "  ioplan plan check big-plan.yaml --method ioplan-pdlp --tolerance 1e-5\n" +
        "  ioplan plan check examples/dprk/plans/2021-2025-draft.yaml --inflows low\n",
    )
    .action(async (file: string, o: CheckOptions) => {
      const threshold = cutThreshold(o);
      const p = loadPlan(existing(file, "plan file"), undefined, undefined, { inflows: o.inflows });
      warnAbout(file, p.warnings);
      const sampling = samplesFor(file, o);
      const r = await withProgress("checking the plan", o, (pr) =>
        withPlanSolver(o, "feasibility check", (s) => runPlanCheck(p, withLpOptions(s, lpOptions(o, pr)), threshold)),
      );
      const draws = sampling ? await drawChecks(file, o, sampling) : undefined;
      if (o.json) console.log(JSON.stringify(checkReport(p, r, draws), null, 2));
      else printCheck(p, r, threshold, draws);
      if (r.status !== "optimal" || !r.feasible) process.exitCode = 1;
    });
}

type OptimiseResult = Awaited<ReturnType<typeof runPlanOptimise>>;

/**
 * The best plan's header: objective, solver, stages, and whether it is provisional or infeasible (exit code 1 when
 * not optimal). False when there is no plan to show.
 */
function printOptimumStatus(p: LoadedPlan, r: OptimiseResult, file: string): boolean {
  const objective = Number.isFinite(r.objective) ? `; objective ${r.objective.toFixed(4)}` : "";
  console.log(
    `${r.plan}: best plan (${r.mode}${p.spec.objective === "bundle" ? ", bundle objective" : ""}), ` +
      `${r.status}${objective}; ${r.solver.method}, ${r.solver.seconds.toFixed(2)} s, gap ` +
      `${r.solver.gap.toExponential(1)}`,
  );
  for (const st of r.stages) console.log(`  stage rank ${st.rank}: ${st.status}, objective ${st.objective.toFixed(4)}`);
  if (r.status !== "optimal") process.exitCode = 1;
  if (r.provisional)
    console.log(
      `\nPROVISIONAL: the solver stopped at its ${r.status === "time-limit" ? "time" : "iteration"} ` +
        `limit; below is its best point, not an optimum (${r.solver.detail}).`,
    );
  else if (r.status === "infeasible") {
    const floors = p.spec.floors?.map((f) => f.label) ?? [];
    console.log(
      `\nNO PLAN meets every limit, capacity${floors.length ? " and floor" : ""} at once: the best ` +
        `plan holds them all (only targets may fall short). ioplan plan check ${file} finds the smallest ` +
        `relaxation and names what gives` +
        (floors.length
          ? `; the floors here: ${floors.join("; ")} (lower them with baseline.floor or a floors block)`
          : "") +
        ".",
    );
    return false;
  } else if (r.status !== "optimal") return false;
  return true;
}

/** Fulfilment of every target (achieved ÷ target) per year, and how many baseline deliveries are met. */
function printFulfilment(p: LoadedPlan, r: OptimiseResult): void {
  const yrs = p.spec.years;
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
      `\n  baseline final deliveries: met in ${base.filter((x) => x.share >= 1 - 1e-6).length} of ` +
        `${base.length} sector-years`,
    );
}

/** The best plan as text: header, fulfilment, large cuts, bottlenecks. */
function printOptimum(p: LoadedPlan, r: OptimiseResult, file: string, threshold: number): void {
  if (!printOptimumStatus(p, r, file)) return;
  printFulfilment(p, r);
  printLargeCuts(r.largeCuts, threshold, "targets and deliveries of the best plan");
  printBottlenecks(r, 10);
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
      "\nExample:\n  ioplan plan optimise examples/plans/usa-2015-2019-illustrative.yaml --lexicographic\n" +
        "  ioplan plan optimise big-plan.yaml --method ioplan-pdlp\n",
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
        printOptimum(p, r, file, threshold);
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
