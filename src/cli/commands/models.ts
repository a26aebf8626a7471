/**
 * Commands on economy models: demo bea, model export/validate/info, solve (import in modelImport.ts, analyse in
 * analyse.ts).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Option } from "commander";
import type { Command } from "commander";
import { analyseModel } from "../../app/analyseModel.ts";
import { beaModel } from "../../app/beaModel.ts";
import { modelInfo } from "../../app/modelInfo.ts";
import { validateModelDir } from "../../app/modelValidation.ts";
import { readDemandCsv, solveDemand } from "../../app/solveDemand.ts";
import type { LeontiefMethod } from "../../engine/index.ts";
import { openModel as readModel } from "../../app/modelInfo.ts";
import { describeIssue as formatIssue, exportPymrio } from "../../app/modelImport.ts";
import { UsageError, defaultDataDir, existing, repoRoot, year } from "../shared.ts";
import { formatSpectralRadius as spectralRadiusText } from "../../engine/index.ts";
import { formatTable, tableLines } from "../table.ts";
import { printAnalysis, registerAnalyse } from "./analyse.ts";
import { registerModelImport } from "./modelImport.ts";

export function registerModelCommands(program: Command, demo: Command): void {
  registerDemoBea(demo);
  const model = program
    .command("model")
    .description("Import, export, validate and describe economy models (data packages)");
  registerModelImport(model);
  registerModelExport(model);
  registerModelValidate(model);
  registerModelInfo(model);
  registerAnalyse(program);
  registerSolve(program);
}

/** `ioplan demo bea`: the US BEA table analysed, from the shipped model or ../shared/data. */
function registerDemoBea(demo: Command): void {
  demo
    .command("bea")
    .description("Analyse a real table: the US BEA 2017 summary table's output multipliers and key sectors")
    .option(
      "--data <dir>",
      "folder of BEA tables (default: ../shared/data/us_bea or $IOPLAN_DATA/us_bea; without them, the 2017 " +
        "domestic model shipped in examples/)",
    )
    .option("--year <year>", "table year (2012–2023 summary, 2017 detail)", "2017")
    .addOption(new Option("--level <level>", "table level").choices(["summary", "detail"]).default("summary"))
    .option("--total", "total requirements (imports kept in A) instead of domestic requirements", false)
    .option("--top <n>", "rows to show", "15")
    .option("--json", "print the full analysis as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  ioplan demo bea --level detail --top 20\n" +
        "  ioplan demo bea --year 2012 --total --json > bea2012.json\n",
    )
    .action(
      (o: {
        data?: string;
        year: string;
        level: "summary" | "detail";
        total: boolean;
        top: string;
        json?: boolean;
      }) => {
        const dir = o.data ?? join(defaultDataDir(), "us_bea");
        const y = year(o.year);
        // an installed package has no raw tables: the 2017 domestic models it ships (built from them by
        // scripts/build-examples.ts, tested to be what the tables give) answer the default question
        const shipped = join(repoRoot(), "examples", `bea-${o.level}-2017`);
        const useShipped = !o.data && !existsSync(dir) && y === 2017 && !o.total && existsSync(shipped);
        if (!useShipped && !existsSync(dir))
          throw new UsageError(
            `BEA data folder ${dir} does not exist; pass --data <dir> or set IOPLAN_DATA` +
              (existsSync(shipped)
                ? ` (without them, only the 2017 domestic table shipped in ${shipped} is available)`
                : ""),
          );
        if (useShipped && !o.json)
          console.log(`(no BEA tables at ${dir}: the 2017 model shipped in ${shipped}, built from them)\n`);
        const analysis = analyseModel(
          useShipped ? readModel(shipped) : beaModel({ dir, year: y, level: o.level, domestic: !o.total }),
        );
        if (o.json) console.log(JSON.stringify(analysis, null, 2));
        else printAnalysis(analysis, Number(o.top));
      },
    );
}

/** `ioplan model export pymrio`. */
function registerModelExport(model: Command): void {
  model
    .command("export")
    .description("Export a model to another tool's format")
    .argument("<format>", "pymrio")
    .argument("<model>", "model folder")
    .requiredOption("--out <dir>", "folder to write")
    .option("--region <code>", "region code for pymrio's (region, sector) index", "REG")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan model export pymrio models/bea-summary-2017 --out exports/bea-pymrio\n" +
        "  # in Python: pymrio.load_all('exports/bea-pymrio')\n",
    )
    .action((format: string, dir: string, o: { out: string; region: string }) => {
      if (format !== "pymrio") throw new UsageError(`export format "${format}" is not supported; use pymrio`);
      exportPymrio(existing(dir, "model folder"), o.out, o.region);
      console.log(`wrote ${o.out} (pymrio save_all layout, region ${o.region})`);
    });
}

/** `ioplan model validate`. */
function registerModelValidate(model: Command): void {
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
      if (o.json)
        console.log(JSON.stringify({ ok: r.ok, errors: r.errors, warnings: r.warnings, issues: r.issues }, null, 2));
      else {
        for (const i of r.issues) console.log(formatIssue(i));
        console.log(
          `${dir}: ${r.errors} error${r.errors === 1 ? "" : "s"}, ${r.warnings} warning${r.warnings === 1 ? "" : "s"}`,
        );
      }
      if (!r.ok) process.exitCode = 1;
    });
}

/** `ioplan model info`. */
function registerModelInfo(model: Command): void {
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
      console.log(
        `  ${i.sectors} sectors, ${i.coefficientEntries.toLocaleString("en-US")} coefficients (density ` +
          `${(i.density * 100).toFixed(2)} %, ${i.layout})`,
      );
      console.log(
        `  spectral radius of A: ${spectralRadiusText(i.spectralRadius)}; largest column sum ` +
          `${i.largestColumnSum.sum.toFixed(4)} (${i.largestColumnSum.code})`,
      );
      console.log(
        `  final demand: ${i.finalDemandCategories.join(", ") || "none"}; value added: ` +
          `${i.valueAddedRows.join(", ") || "none"}`,
      );
      if (i.satellites.length)
        console.log(`  satellites: ${i.satellites.map((s) => `${s.code} (${s.unit})`).join(", ")}`);
      console.log(`  sources: ${i.sources.join("; ")}${i.licence ? `\n  licence: ${i.licence}` : ""}\n`);
      console.log(
        formatTable(
          ["code", "sector", "output", "share %"],
          i.largestSectors.map((s) => [s.code, s.name.slice(0, 50), s.output, s.share * 100]),
        ),
      );
    });
}

/** `ioplan solve`: output for a final demand. */
function registerSolve(program: Command): void {
  program
    .command("solve")
    .description("Gross output for a final-demand vector, with the solve's residual")
    .argument("<model>", "model folder")
    .requiredOption("--demand <csv>", "CSV with header sector,value (sectors not listed: 0)")
    .addOption(
      new Option(
        "--method <method>",
        "solver (auto: LU for small dense models, BiCGSTAB on two threads for sparse ones of 50,000 sectors " +
          "or more, else the engine's choice)",
      )
        .choices(["auto", "lu", "gmres", "bicgstab", "gauss-seidel", "neumann", "parallel"])
        .default("auto"),
    )
    .option("--json", "print as JSON")
    .addHelpText("after", "\nExample:\n  ioplan solve models/bea-summary-2017 --demand demand.csv --json\n")
    .action(async (dir: string, o: { demand: string; method: LeontiefMethod | "parallel"; json?: boolean }) => {
      const m = readModel(existing(dir, "model folder"));
      const r = await solveDemand(m, readDemandCsv(existing(o.demand, "demand file"), m), o.method);
      for (const w of r.warnings) console.error(`ioplan: warning: ${w}`);
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else {
        console.log(
          `${r.model}: solve ${r.method}, ${r.iterations} iterations, relative residual ` +
            `${r.residual.toExponential(2)}, ${r.status}\n`,
        );
        // in batches of lines: one string of a 10⁷-sector table would pass JavaScript's string limit
        let batch: string[] = [];
        for (const l of tableLines(
          ["code", "sector", "final demand", "gross output"],
          r.sectors.map((s) => [s.code, s.name.slice(0, 40), s.demand, s.output]),
        )) {
          batch.push(l);
          if (batch.length === 10_000) {
            console.log(batch.join("\n"));
            batch = [];
          }
        }
        if (batch.length) console.log(batch.join("\n"));
      }
      if (!r.converged) process.exitCode = 1;
    });
}
