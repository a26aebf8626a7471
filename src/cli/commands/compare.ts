/** `ioplan compare`: every scenario of a plan side by side, with draws when asked. */
import type { Command } from "commander";
import { compareScenarios } from "../../app/planning.ts";
import { sampleScenarios } from "../../app/uncertainty.ts";
import { addLpOptions, existing, lpOptions, pct, withSolver } from "../shared.ts";
import { withLpOptions } from "../../engine/index.ts";
import { unitHead } from "../../engine/index.ts";
import { formatTable } from "../table.ts";
import { amount } from "../explanationText.ts";
import { withProgress } from "../progress.ts";
import { addSampleOptions, samplesFor } from "./planOutput.ts";

type Comparison = Awaited<ReturnType<typeof compareScenarios>>;
type Draws = Awaited<ReturnType<typeof sampleScenarios>>;
type Row = ReturnType<typeof comparisonRows>[number];
/** The options of `ioplan compare`. */
type CompareOptions = {
  scenarios?: string;
  json?: boolean;
  method?: string;
  tolerance?: string;
  timeLimit?: string;
  samples?: string;
  coefficientError?: string;
  seed?: string;
};

/** Monte Carlo draws over the compared scenarios (the plan as written first). */
function drawScenarios(
  file: string,
  o: CompareOptions,
  sampling: NonNullable<ReturnType<typeof samplesFor>>,
  full: Comparison,
): Promise<Draws> {
  return withProgress("drawing", o, (pr) =>
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
  );
}

/** One row a scenario: its figures, the statuses of its check and best plan, its worst target, its draws. */
function comparisonRows(full: Comparison, draws: Draws | undefined) {
  return full.map(({ check, best, ...r }, k) => ({
    ...r,
    checkStatus: check.status,
    optimiseStatus: best.status,
    provisional: best.provisional,
    worst: r.worst ? `${r.worst.label} ${r.worst.year} ${pct(r.worst.share)}` : "",
    ...(draws ? { uncertainty: draws.scenarios[k] } : {}),
  }));
}

/** The scenarios side by side as a table, then the draws and the main bottleneck of each (exit 1 when one failed). */
function printComparison(rows: Row[], draws: Draws | undefined): void {
  const spread = (r: Row, central: string) => {
    const m = r.uncertainty?.meanFulfilment;
    return m && m.p95 - m.p5 > 0.005 ? `${central} (${pct(m.p5)}–${pct(m.p95)})` : central;
  };
  // an undecided check or a provisional optimum is said so in its cells (≈: a best point, not an optimum)
  const approx = (r: Row, text: string) => {
    if (r.optimiseStatus === "optimal") return text;
    return r.provisional ? `≈ ${text}` : "—";
  };
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
      "\nOutput counts the domestic output that makes imported inputs at home, and what the optimum " +
        "makes beyond the targets (overshooting earns a little harmony): a scenario with harsher import " +
        "cuts can end with more gross output, which is not more for final use.",
    );
  if (draws) console.log(`\nDraws: ${draws.description}.`);
  if (rows.some((r) => r.optimiseStatus !== "optimal")) process.exitCode = 1;
  console.log("\nMain bottleneck per scenario:");
  for (const r of rows) console.log(`  ${r.scenario}: ${r.topBottleneck}`);
}

/** `ioplan compare`: every scenario of a plan side by side. */
export function registerCompare(program: Command): void {
  addSampleOptions(addLpOptions(program.command("compare")))
    .description("Scenarios side by side: targets met, fulfilment, output, resources, the main bottleneck")
    .argument("<plan>", "plan file")
    .option("--scenarios <names>", "comma-separated scenario names (default: all in the plan file)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExit 1 when a scenario has no best plan or a solve stopped before its optimum; an infeasible check " +
        "is a result (its relaxations are counted), not a failure.\n\nExample:\n" +
        "  ioplan compare examples/plans/usa-2015-2019-illustrative.yaml --scenarios " +
        "import-squeeze,metals-ban\n",
    )
    .action(async (file: string, o: CompareOptions) => {
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
      const draws = sampling ? await drawScenarios(file, o, sampling, full) : undefined;
      const rows = comparisonRows(full, draws);
      if (o.json) return console.log(JSON.stringify(rows, null, 2));
      printComparison(rows, draws);
    });
}
