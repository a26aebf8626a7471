#!/usr/bin/env node
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { analyseModel } from "../app/analyseModel.ts";
import type { ModelAnalysis } from "../app/analyseModel.ts";
import { beaModel } from "../app/beaModel.ts";
import { modelInfo } from "../app/modelInfo.ts";
import { saveImportedModel } from "../app/modelImport.ts";
import type { ImportResult } from "../app/modelImport.ts";
import { validateModelDir } from "../app/modelValidation.ts";
import { DemandFileError, readDemandCsv, solveDemand } from "../app/solveDemand.ts";
import { wiodModel } from "../app/wiodModel.ts";
import type { LeontiefMethod } from "../engine/index.ts";
import { IoplanError, reconcile } from "../engine/index.ts";
import { BeaDataError } from "../formats/bea.ts";
import { CsvError } from "../formats/csv.ts";
import { readModel } from "../formats/dataPackage.ts";
import { LabelledTableError, readLabelledTable } from "../formats/labelledMatrix.ts";
import { formatIssue, ModelFileError } from "../formats/modelIssues.ts";
import { PymrioError, readPymrio, writePymrio } from "../formats/pymrio.ts";
import { WiodError } from "../formats/wiod.ts";
import { formatTable } from "./table.ts";
import { loadPlan, runPlanCheck, runPlanOptimise } from "../app/planning.ts";
import { PlanFileError, planJsonSchema } from "../formats/planFile.ts";
import { HighsWorkerSolver } from "../solvers/highsWorkerSolver.ts";
import { ObservationFileError, readObservationsCsv } from "../store/observationsCsv.ts";
import { openStore } from "../store/openStore.ts";

const here = dirname(fileURLToPath(import.meta.url));

// `ioplan … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

/** Bad usage: exit code 2 with the message. */
class UsageError extends Error {}

/** Where the shared real tables live: $IOPLAN_DATA, else ../shared/data beside the checkout. */
function defaultDataDir(): string {
  return process.env.IOPLAN_DATA ?? resolve(here, "../../../shared/data");
}

function year(text: string): number {
  const y = Number(text);
  if (!Number.isInteger(y) || y < 1800 || y > 2200) throw new UsageError(`--year ${text} is not a year; expected e.g. 2017`);
  return y;
}

function existing(path: string, what: string): string {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  return path;
}

function printAnalysis(a: ModelAnalysis, top: number): void {
  const r = a.reproduction;
  console.log(`${a.model}: ${a.sectors} sectors`);
  console.log(
    `  output reproduced from final demand: largest error ${(r.maxRelativeError * 100).toFixed(4)} % (${r.worstSector}); ` +
      `solve ${r.method}, relative residual ${r.residual.toExponential(2)}, ${r.status}`,
  );
  console.log(
    `  productive: spectral radius of A ≤ ${a.spectralRadius.upper.toFixed(4)}` +
      (a.columnsSummingToOneOrMore.length ? ` (columns summing to ≥ 1: ${a.columnsSummingToOneOrMore.join(", ")})` : ""),
  );
  if ("unavailable" in a.typeII) console.log(`  Type II multipliers: not computed (${a.typeII.unavailable})`);
  else console.log(`  Type II multipliers: households closed with ${a.typeII.labourIncomeRow} and ${a.typeII.householdDemand}`);
  const rows = [...a.rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier).slice(0, top);
  const t2 = rows.some((s) => s.outputMultiplierTypeII !== undefined);
  const va = rows.some((s) => s.valueAddedMultiplier !== undefined);
  const emp = rows.some((s) => s.employmentMultiplier !== undefined);
  console.log(`\nTop ${rows.length} sectors by output multiplier (Type I):\n`);
  const headers = ["code", "sector", "output", "output mult.", ...(t2 ? ["Type II"] : []), ...(va ? ["VA mult."] : []), ...(emp ? ["jobs mult."] : []), "backward", "forward", "class"];
  console.log(
    formatTable(
      headers,
      rows.map((s) => [
        s.code,
        s.name.length > 36 ? s.name.slice(0, 35) + "…" : s.name,
        s.output,
        s.outputMultiplier,
        ...(t2 ? [s.outputMultiplierTypeII ?? NaN] : []),
        ...(va ? [s.valueAddedMultiplier ?? NaN] : []),
        ...(emp ? [s.employmentMultiplier ?? NaN] : []),
        s.backwardLinkage,
        s.forwardLinkage,
        s.keySector,
      ]),
    ),
  );
  if (a.employment) console.log(`\n  jobs multiplier: ${a.employment.satellite} in ${a.employment.unit} of final demand`);
  const key = a.rows.filter((s) => s.keySector === "key");
  console.log(`\nKey sectors (backward and forward linkage both above average): ${key.length} of ${a.sectors}`);
  console.log("  " + key.map((s) => `${s.code} ${s.name}`).join("\n  "));
}

function reportImport(r: ImportResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`wrote ${r.out}: ${r.sectors} sectors, ${r.entries.toLocaleString("en-US")} coefficients`);
  for (const i of r.issues) console.log(`  ${formatIssue(i)}`);
}

const program = new Command();
program
  .name("ioplan")
  .description("Draft, check and monitor development plans on an input–output model of an economy.")
  .version("0.1.0")
  .addHelpText("after", "\nExit codes: 0 success; 1 a result that is a failure (e.g. a model that does not validate); 2 bad usage or bad input.\n");

program
  .command("demo")
  .description("Analyse a real table: the US BEA 2017 summary table's output multipliers and key sectors")
  .option("--data <dir>", "folder of BEA tables (default: ../shared/data/us_bea or $IOPLAN_DATA/us_bea)")
  .option("--year <year>", "table year (2012–2023 summary, 2017 detail)", "2017")
  .addOption(new Option("--level <level>", "table level").choices(["summary", "detail"]).default("summary"))
  .option("--total", "total requirements (imports kept in A) instead of domestic requirements", false)
  .option("--top <n>", "rows to show", "15")
  .option("--json", "print the full analysis as JSON")
  .addHelpText("after", "\nExamples:\n  ioplan demo --level detail --top 20\n  ioplan demo --year 2012 --total --json > bea2012.json\n")
  .action((o: { data?: string; year: string; level: "summary" | "detail"; total: boolean; top: string; json?: boolean }) => {
    const dir = o.data ?? join(defaultDataDir(), "us_bea");
    if (!existsSync(dir)) throw new UsageError(`BEA data folder ${dir} does not exist; pass --data <dir> or set IOPLAN_DATA`);
    const analysis = analyseModel(beaModel({ dir, year: year(o.year), level: o.level, domestic: !o.total }));
    if (o.json) console.log(JSON.stringify(analysis, null, 2));
    else printAnalysis(analysis, Number(o.top));
  });

const model = program.command("model").description("Import, export, validate and describe economy models (data packages)");
const imp = model.command("import").description("Import a table into ioplan's model format (a data package folder)");

imp
  .command("bea")
  .description("US BEA Make/Use tables → industry-by-industry model (industry-technology assumption)")
  .requiredOption("--data <dir>", "folder of BEA tables (e.g. ../shared/data/us_bea)")
  .requiredOption("--year <year>", "table year")
  .addOption(new Option("--level <level>", "table level").choices(["summary", "detail"]).default("summary"))
  .option("--domestic", "subtract the import matrix (domestic requirements)", false)
  .requiredOption("--out <model>", "model folder to write")
  .option("--json", "print the result as JSON")
  .addHelpText("after", "\nExample:\n  ioplan model import bea --data ../shared/data/us_bea --year 2017 --level detail --domestic --out models/bea-detail-2017\n")
  .action((o: { data: string; year: string; level: "summary" | "detail"; domestic: boolean; out: string; json?: boolean }) => {
    reportImport(saveImportedModel(beaModel({ dir: existing(o.data, "BEA data folder"), year: year(o.year), level: o.level, domestic: o.domestic }), o.out), !!o.json);
  });

imp
  .command("wiod")
  .description("WIOD 2016 national IO table (.xlsx) → domestic model, with employment from the SEA file")
  .requiredOption("--xlsx <file>", "a <CCC>_NIOT_nov16.xlsx file")
  .requiredOption("--year <year>", "2000–2014")
  .option("--sea <csv>", "Socio-Economic Accounts CSV (employment satellites)")
  .requiredOption("--out <model>", "model folder to write")
  .option("--json", "print the result as JSON")
  .addHelpText("after", "\nExample:\n  ioplan model import wiod --xlsx ../shared/data/wiod2016/USA_NIOT_nov16.xlsx --year 2014 \\\n    --sea ../shared/data/wiod2016/sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv --out models/wiod-usa-2014\n")
  .action((o: { xlsx: string; year: string; sea?: string; out: string; json?: boolean }) => {
    reportImport(saveImportedModel(wiodModel({ xlsx: existing(o.xlsx, "WIOD file"), year: year(o.year), sea: o.sea ? existing(o.sea, "SEA file") : undefined }), o.out), !!o.json);
  });

for (const fmt of ["csv", "xlsx"] as const) {
  imp
    .command(fmt)
    .description(`A labelled ${fmt.toUpperCase()} table (sector codes on rows and columns; final-demand columns; 'output' column; value-added rows)`)
    .argument("<file>", `the ${fmt.toUpperCase()} file`)
    .addOption(new Option("--kind <kind>", "what the square block holds").choices(["flows", "coefficients"]).default("flows"))
    .requiredOption("--base-year <year>", "base year of the table")
    .option("--unit <unit>", "unit of the money values", "monetary units")
    .option("--name <name>", "model name")
    .option("--sheet <name>", fmt === "xlsx" ? "worksheet (default: the first)" : "(XLSX only)")
    .requiredOption("--out <model>", "model folder to write")
    .option("--json", "print the result as JSON")
    .addHelpText("after", `\nExample:\n  ioplan model import ${fmt} table.${fmt} --base-year 2020 --unit "EUR million" --out models/mine\n`)
    .action((file: string, o: { kind: "flows" | "coefficients"; baseYear: string; unit: string; name?: string; sheet?: string; out: string; json?: boolean }) => {
      const m = readLabelledTable(existing(file, "table"), { kind: o.kind, baseYear: year(o.baseYear), unit: o.unit, name: o.name, sheet: o.sheet });
      reportImport(saveImportedModel(m, o.out), !!o.json);
    });
}

imp
  .command("pymrio")
  .description("A folder saved by pymrio's IOSystem.save_all() (text format)")
  .argument("<dir>", "the pymrio folder")
  .requiredOption("--base-year <year>", "base year (pymrio does not record one)")
  .option("--unit <unit>", "unit of the money values", "monetary units")
  .requiredOption("--out <model>", "model folder to write")
  .option("--json", "print the result as JSON")
  .addHelpText("after", "\nExample:\n  ioplan model import pymrio exio_saved/ --base-year 2011 --unit \"EUR million\" --out models/exio\n")
  .action((dir: string, o: { baseYear: string; unit: string; out: string; json?: boolean }) => {
    reportImport(saveImportedModel(readPymrio(existing(dir, "pymrio folder"), { baseYear: year(o.baseYear), unit: o.unit }), o.out), !!o.json);
  });

model
  .command("export")
  .description("Export a model to another tool's format")
  .argument("<format>", "pymrio")
  .argument("<model>", "model folder")
  .requiredOption("--out <dir>", "folder to write")
  .option("--region <code>", "region code for pymrio's (region, sector) index", "REG")
  .addHelpText("after", "\nExample:\n  ioplan model export pymrio models/bea-summary-2017 --out exports/bea-pymrio\n  # in Python: pymrio.load_all('exports/bea-pymrio')\n")
  .action((format: string, dir: string, o: { out: string; region: string }) => {
    if (format !== "pymrio") throw new UsageError(`export format "${format}" is not supported; use pymrio`);
    writePymrio(readModel(existing(dir, "model folder")), o.out, o.region);
    console.log(`wrote ${o.out} (pymrio save_all layout, region ${o.region})`);
  });

model
  .command("validate")
  .description("Report every problem in a model: file, row, column, sector and value; exit 1 on errors")
  .argument("<model>", "model folder")
  .option("--tolerance <rel>", "relative imbalance of a row or column to report", "0.001")
  .option("--json", "print the issues as JSON")
  .addHelpText("after", "\nExample:\n  ioplan model validate models/bea-summary-2017 --tolerance 1e-6\n")
  .action((dir: string, o: { tolerance: string; json?: boolean }) => {
    const tol = Number(o.tolerance);
    if (!(tol >= 0)) throw new UsageError(`--tolerance ${o.tolerance} is not a number ≥ 0`);
    const r = validateModelDir(existing(dir, "model folder"), { balanceTolerance: tol });
    if (o.json) console.log(JSON.stringify({ ok: r.ok, errors: r.errors, warnings: r.warnings, issues: r.issues }, null, 2));
    else {
      for (const i of r.issues) console.log(formatIssue(i));
      console.log(`${dir}: ${r.errors} error${r.errors === 1 ? "" : "s"}, ${r.warnings} warning${r.warnings === 1 ? "" : "s"}`);
    }
    if (!r.ok) process.exitCode = 1;
  });

model
  .command("info")
  .description("Size, density, spectral radius, largest sectors and sources of a model")
  .argument("<model>", "model folder")
  .option("--json", "print as JSON")
  .addHelpText("after", "\nExample:\n  ioplan model info examples/wiod-usa-2014\n")
  .action((dir: string, o: { json?: boolean }) => {
    const i = modelInfo(readModel(existing(dir, "model folder")));
    if (o.json) return console.log(JSON.stringify(i, null, 2));
    console.log(`${i.name} — base year ${i.baseYear}, ${i.unit}`);
    console.log(`  ${i.sectors} sectors, ${i.coefficientEntries.toLocaleString("en-US")} coefficients (density ${(i.density * 100).toFixed(2)} %, ${i.layout})`);
    console.log(`  spectral radius of A: ${i.spectralRadius.estimate.toFixed(4)} (bounds ${i.spectralRadius.lower.toFixed(4)} … ${i.spectralRadius.upper.toFixed(4)}); largest column sum ${i.largestColumnSum.sum.toFixed(4)} (${i.largestColumnSum.code})`);
    console.log(`  final demand: ${i.finalDemandCategories.join(", ") || "none"}; value added: ${i.valueAddedRows.join(", ") || "none"}`);
    if (i.satellites.length) console.log(`  satellites: ${i.satellites.map((s) => `${s.code} (${s.unit})`).join(", ")}`);
    console.log(`  sources: ${i.sources.join("; ")}${i.licence ? `\n  licence: ${i.licence}` : ""}\n`);
    console.log(formatTable(["code", "sector", "output", "share %"], i.largestSectors.map((s) => [s.code, s.name.slice(0, 50), s.output, s.share * 100])));
  });

program
  .command("analyse")
  .description("Multipliers (Type I, Type II, value added, employment), linkages and key sectors of a model")
  .argument("<model>", "model folder")
  .option("--top <n>", "rows to show", "20")
  .option("--json", "print every sector as JSON: code, outputMultiplier, backwardLinkage, forwardLinkage, keySector, …")
  .addHelpText("after", "\nExample:\n  ioplan analyse models/wiod-usa-2014 --json > multipliers.json\n")
  .action((dir: string, o: { top: string; json?: boolean }) => {
    const a = analyseModel(readModel(existing(dir, "model folder")));
    if (o.json) console.log(JSON.stringify(a.rows, null, 2));
    else printAnalysis(a, Number(o.top));
  });

program
  .command("solve")
  .description("Gross output for a final-demand vector, with the solve's residual")
  .argument("<model>", "model folder")
  .requiredOption("--demand <csv>", "CSV with header sector,value (sectors not listed: 0)")
  .addOption(new Option("--method <method>", "solver").choices(["auto", "lu", "gmres", "bicgstab", "gauss-seidel", "neumann"]).default("auto"))
  .option("--json", "print as JSON")
  .addHelpText("after", "\nExample:\n  ioplan solve models/bea-summary-2017 --demand demand.csv --json\n")
  .action((dir: string, o: { demand: string; method: LeontiefMethod; json?: boolean }) => {
    const m = readModel(existing(dir, "model folder"));
    const r = solveDemand(m, readDemandCsv(existing(o.demand, "demand file"), m), o.method);
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else {
      console.log(`${r.model}: solve ${r.method}, ${r.iterations} iterations, relative residual ${r.residual.toExponential(2)}, ${r.status}\n`);
      console.log(formatTable(["code", "sector", "final demand", "gross output"], r.sectors.map((s) => [s.code, s.name.slice(0, 40), s.demand, s.output])));
    }
    if (!r.converged) process.exitCode = 1;
  });

const planCmd = program.command("plan").description("Check and optimise multi-year plans (YAML or JSON plan files)");

async function withSolver<T>(fn: (s: HighsWorkerSolver) => Promise<T>): Promise<T> {
  const solver = new HighsWorkerSolver();
  try {
    return await fn(solver);
  } finally {
    await solver.close();
  }
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

planCmd
  .command("check")
  .description("Is the plan feasible? Requirements per year, binding limits, and the smallest weighted relaxation; exit 1 when infeasible")
  .argument("<plan>", "plan file (.yaml, .yml or .json)")
  .option("--json", "print the full result as JSON")
  .addHelpText("after", "\nExample:\n  ioplan plan check examples/plans/usa-2015-2019-illustrative.yaml\n")
  .action(async (file: string, o: { json?: boolean }) => {
    const p = loadPlan(existing(file, "plan file"));
    const r = await withSolver((s) => runPlanCheck(p, s));
    if (o.json) console.log(JSON.stringify(r, null, 2));
    else {
      const yrs = p.spec.years;
      console.log(`${r.plan}: ${yrs[0]}–${yrs[yrs.length - 1]} on ${p.model.name} (${p.model.sectors.length} sectors)`);
      console.log(`  solver: ${r.solver.method}, ${r.status}, ${r.solver.seconds.toFixed(2)} s, primal residual ${r.solver.primalResidual.toExponential(1)}, ${r.solver.columns} columns × ${r.solver.rows} rows`);
      if (r.status !== "optimal") console.log(`\nThe check could not be completed: the solver ended with "${r.solver.detail}".`);
      else if (r.feasible) console.log("\nFEASIBLE: every target can be met within every limit and capacity.");
      else {
        const shown = r.relaxations.filter((x) => !x.id.startsWith("baseline:"));
        const base = r.relaxations.length - shown.length;
        console.log(`\nINFEASIBLE. The smallest weighted relaxation that makes it feasible (weighted total ${r.weightedRelaxation.toFixed(3)}):`);
        for (const x of shown) console.log(`  - ${x.text}`);
        if (base) console.log(`  - and ${base} baseline final deliveries lowered (see --json)`);
      }
      if (r.resources.length) {
        console.log("\nResources required ÷ limit:\n");
        const ids = [...new Set(r.resources.map((x) => x.id))];
        console.log(formatTable(["year", ...ids], yrs.map((y) => [String(y), ...ids.map((id) => {
          const u = r.resources.find((x) => x.id === id && x.year === y)!;
          return `${pct(u.share)}${u.binding ? " *" : ""}`;
        })])));
        console.log("  (* binding)");
      }
      if (r.bindingCapacity.length) console.log(`\nCapacity binds in ${r.bindingCapacity.length} sector-years, e.g. ${r.bindingCapacity.slice(0, 6).map((b) => `${p.model.sectors[b.sector].code} ${b.year}`).join(", ")}`);
    }
    if (r.status !== "optimal" || !r.feasible) process.exitCode = 1;
  });

planCmd
  .command("optimise")
  .alias("optimize")
  .description("The best feasible plan for the priorities: fulfilment per target and year, bottlenecks with shadow prices")
  .argument("<plan>", "plan file")
  .option("--lexicographic", "meet rank 1 first, then rank 2, … (default: weighted harmony)")
  .option("--json", "print the full result as JSON")
  .addHelpText("after", "\nExample:\n  ioplan plan optimise examples/plans/usa-2015-2019-illustrative.yaml --lexicographic\n")
  .action(async (file: string, o: { lexicographic?: boolean; json?: boolean }) => {
    const p = loadPlan(existing(file, "plan file"));
    const r = await withSolver((s) => runPlanOptimise(p, s, o.lexicographic ? "lexicographic" : "weighted"));
    if (o.json) return console.log(JSON.stringify(r, null, 2));
    const yrs = p.spec.years;
    console.log(`${r.plan}: best plan (${r.mode}), ${r.status}; objective ${r.objective.toFixed(4)}; ${r.solver.method}, ${r.solver.seconds.toFixed(2)} s, gap ${r.solver.gap.toExponential(1)}`);
    for (const st of r.stages) console.log(`  stage rank ${st.rank}: ${st.status}, objective ${st.objective.toFixed(4)}`);
    if (r.status !== "optimal") {
      process.exitCode = 1;
      return;
    }
    const named = p.spec.targets.filter((t) => !t.id.startsWith("baseline:"));
    console.log("\nFulfilment (achieved ÷ target):\n");
    console.log(formatTable(["target", "rank", ...yrs.map(String)], named.map((t) => [t.label, String(t.rank), ...yrs.map((y) => {
      const f = r.fulfilment.find((x) => x.id === t.id && x.year === y);
      return f ? pct(f.share) : "—";
    })])));
    const base = r.fulfilment.filter((x) => x.id.startsWith("baseline:"));
    if (base.length) console.log(`\n  baseline final deliveries: met in ${base.filter((x) => x.share >= 1 - 1e-6).length} of ${base.length} sector-years`);
    if (r.bottlenecks.length) {
      console.log("\nBottlenecks (shadow prices of binding constraints, largest gain from 1 % more first):");
      for (const b of r.bottlenecks.slice(0, 10)) console.log(`  - ${b.text}`);
    }
  });

program
  .command("shock")
  .description("Run a plan under a named scenario of shocks: feasibility, relaxations and the best plan, beside the plan without it")
  .argument("<plan>", "plan file")
  .requiredOption("--scenario <name>", "scenario defined in the plan file")
  .option("--json", "print { check, optimise } as JSON")
  .addHelpText("after", "\nExample:\n  ioplan shock examples/plans/usa-2015-2019-illustrative.yaml --scenario import-squeeze\n")
  .action(async (file: string, o: { scenario: string; json?: boolean }) => {
    const base = loadPlan(existing(file, "plan file"));
    const p = loadPlan(file, o.scenario);
    const [check, best, baseBest] = await withSolver(async (s) => [await runPlanCheck(p, s), await runPlanOptimise(p, s, "weighted"), await runPlanOptimise(base, s, "weighted")] as const);
    if (o.json) return console.log(JSON.stringify({ scenario: p.spec.scenario, check, optimise: best }, null, 2));
    console.log(`${p.spec.name} under "${o.scenario}": ${p.spec.scenario?.applied.join("; ")}`);
    console.log(check.feasible ? "\nFEASIBLE under the shocks." : "\nINFEASIBLE under the shocks. Smallest weighted relaxation:");
    for (const x of check.relaxations.filter((r) => !r.id.startsWith("baseline:"))) console.log(`  - ${x.text}`);
    const yrs = p.spec.years;
    const named = p.spec.targets.filter((t) => !t.id.startsWith("baseline:"));
    console.log("\nBest plan: fulfilment under the shocks (change against no shocks):\n");
    console.log(formatTable(["target", ...yrs.map(String)], named.map((t) => [t.label, ...yrs.map((y) => {
      const f = best.fulfilment.find((x) => x.id === t.id && x.year === y);
      const b = baseBest.fulfilment.find((x) => x.id === t.id && x.year === y);
      return f && b ? `${pct(f.share)} (${f.share >= b.share ? "+" : ""}${((f.share - b.share) * 100).toFixed(1)})` : "—";
    })])));
    if (best.bottlenecks.length) {
      console.log("\nBottlenecks under the shocks:");
      for (const b of best.bottlenecks.slice(0, 6)) console.log(`  - ${b.text}`);
    }
    if (!check.feasible) process.exitCode = 1;
  });

program
  .command("compare")
  .description("Scenarios side by side: targets met, fulfilment, output, resources, the main bottleneck")
  .argument("<plan>", "plan file")
  .option("--scenarios <names>", "comma-separated scenario names (default: all in the plan file)")
  .option("--json", "print as JSON")
  .addHelpText("after", "\nExample:\n  ioplan compare examples/plans/usa-2015-2019-illustrative.yaml --scenarios import-squeeze,metals-ban\n")
  .action(async (file: string, o: { scenarios?: string; json?: boolean }) => {
    const base = loadPlan(existing(file, "plan file"));
    const names = o.scenarios ? o.scenarios.split(",").map((x) => x.trim()).filter(Boolean) : base.scenarios;
    const plans = [{ name: "(no shocks)", p: base }, ...names.map((n) => ({ name: n, p: loadPlan(file, n) }))];
    const rows = await withSolver(async (s) => {
      const out = [];
      for (const { name, p } of plans) {
        const check = await runPlanCheck(p, s);
        const best = await runPlanOptimise(p, s, "weighted");
        const named = best.fulfilment.filter((f) => !f.id.startsWith("baseline:"));
        const worst = named.reduce((a, b) => (b.share < a.share ? b : a), named[0]);
        const last = best.output.length ? best.output[best.output.length - 1].reduce((a, b) => a + b, 0) : NaN;
        out.push({
          scenario: name,
          feasible: check.feasible,
          relaxations: check.relaxations.length,
          targetsMet: named.filter((f) => f.share >= 1 - 1e-6).length,
          targetYears: named.length,
          meanFulfilment: named.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, named.length),
          worst: worst ? `${worst.label} ${worst.year} ${pct(worst.share)}` : "",
          outputLastYear: last,
          topBottleneck: best.bottlenecks[0]?.text ?? "none",
        });
      }
      return out;
    });
    if (o.json) return console.log(JSON.stringify(rows, null, 2));
    console.log(formatTable(["scenario", "feasible", "targets met", "mean fulfilment", "worst", "output, last year"], rows.map((r) => [r.scenario, r.feasible ? "yes" : `no (${r.relaxations} relax.)`, `${r.targetsMet}/${r.targetYears}`, pct(r.meanFulfilment), r.worst, r.outputLastYear])));
    console.log("\nMain bottleneck per scenario:");
    for (const r of rows) console.log(`  ${r.scenario}: ${r.topBottleneck}`);
  });

planCmd
  .command("schema")
  .description("Print the plan file's JSON Schema (for editors)")
  .action(() => console.log(JSON.stringify(planJsonSchema(), null, 2)));

const observe = program.command("observe").description("Reported figures with their sources: import and list (SQLite by default, or --db postgres://…)");

observe
  .command("import")
  .description("Import an observations CSV (the layout of shared/data/dprk/indicators.csv, or the generic one) in one transaction")
  .argument("<csv>", "observations file")
  .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
  .option("--progress-lines", "print progress as plain lines (for scripts)")
  .option("--json", "print the summary as JSON")
  .addHelpText("after", "\nLayouts (by header):\n  indicator,unit,year,value,kind,source_name,source_url,note\n  indicator,period,value,unit,kind,source_name,source_url,published,status,note\n\nExample:\n  ioplan observe import ../shared/data/dprk/indicators.csv\n")
  .action(async (file: string, o: { db?: string; progressLines?: boolean; json?: boolean }) => {
    const { rows, sha256 } = readObservationsCsv(existing(file, "observations file"));
    const store = await openStore(o.db);
    try {
      const r = await store.importObservations(rows, { file, sha256 }, o.progressLines ? (done, total) => console.log(`progress ${done} of ${total}`) : undefined);
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(`${file}: ${r.rows} rows; ${r.added} added, ${r.revised} revisions appended, ${r.unchanged} already stored (${store.kind})`);
        for (const w of r.warnings) console.log(`  warning: line ${w.line}, ${w.field} = ${JSON.stringify(w.value)}: ${w.message}`);
      }
    } finally {
      await store.close();
    }
  });

observe
  .command("list")
  .description("List stored observations (current revisions), with their sources")
  .option("--db <location>", "SQLite file or postgres:// URL")
  .option("--indicator <name>", "only this indicator")
  .option("--all-revisions", "every revision, not only the current one")
  .option("--json", "print as JSON")
  .addHelpText("after", "\nExample:\n  ioplan observe list --indicator real_gdp_growth\n")
  .action(async (o: { db?: string; indicator?: string; allRevisions?: boolean; json?: boolean }) => {
    const store = await openStore(o.db);
    try {
      const rows = await store.list({ indicator: o.indicator, allRevisions: o.allRevisions });
      if (o.json) return console.log(JSON.stringify(rows, null, 2));
      console.log(formatTable(["indicator", "period", "value", "unit", "kind", "rev.", "source"], rows.map((r) => [r.indicator, r.period, r.text ?? String(r.value), r.unit, r.kind, String(r.revision), r.sourceName.length > 50 ? r.sourceName.slice(0, 49) + "…" : r.sourceName])));
    } finally {
      await store.close();
    }
  });

observe
  .command("reconcile")
  .description("Best estimate per indicator and period under a source-precedence rule, the range across sources, and every disagreeing figure")
  .option("--db <location>", "SQLite file or postgres:// URL")
  .option("--indicator <name>", "only this indicator")
  .option("--json", "print as JSON")
  .addHelpText("after", "\nDefault rule: official statistics > independent estimates > own claims > projections (targets are never a best estimate).\n\nExample:\n  ioplan observe reconcile --indicator real_gdp_growth\n")
  .action(async (o: { db?: string; indicator?: string; json?: boolean }) => {
    const store = await openStore(o.db);
    try {
      const r = reconcile(await store.list({ indicator: o.indicator }));
      if (o.json) return console.log(JSON.stringify(r, null, 2));
      console.log(formatTable(["indicator", "period", "best", "unit", "rule", "range", "sources", "disagreeing"], r.map((x) => [x.indicator, x.period, String(x.best.value), x.unit, x.best.rule, x.range.min === x.range.max ? "—" : `${x.range.min} … ${x.range.max}`, String(x.sources), x.conflicts.map((c) => `${c.value} (${c.kind})`).join(", ")])));
    } finally {
      await store.close();
    }
  });

const INPUT_ERRORS = [ObservationFileError, PlanFileError, UsageError, BeaDataError, CsvError, IoplanError, ModelFileError, WiodError, PymrioError, LabelledTableError, DemandFileError];

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (INPUT_ERRORS.some((k) => e instanceof k)) {
    console.error(`ioplan: ${(e as Error).message}`);
    process.exit(2);
  }
  throw e;
}
