/** Commands on economy models: demo bea, model import/export/validate/info, analyse, solve. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Option } from "commander";
import type { Command } from "commander";
import { analyseModel } from "../../app/analyseModel.ts";
import type { ModelAnalysis } from "../../app/analyseModel.ts";
import { beaModel } from "../../app/beaModel.ts";
import { modelInfo } from "../../app/modelInfo.ts";
import { saveImportedModel } from "../../app/modelImport.ts";
import type { ImportResult } from "../../app/modelImport.ts";
import { validateModelDir } from "../../app/modelValidation.ts";
import { readDemandCsv, solveDemand } from "../../app/solveDemand.ts";
import { wiodModel } from "../../app/wiodModel.ts";
import type { AnalysisConvention, LeontiefMethod } from "../../engine/index.ts";
import { ANALYSIS_CONVENTIONS } from "../../engine/index.ts";
import type { AnalyseOptions } from "../../app/analyseModel.ts";
import { columnNotes, extraColumns, peerSectionLines } from "../analysisText.ts";
import { openModel as readModel } from "../../app/modelInfo.ts";
import {
  describeIssue as formatIssue,
  exportPymrio,
  importLabelledTable as readLabelledTable,
  importPymrio as readPymrio,
} from "../../app/modelImport.ts";
import { UsageError, defaultDataDir, existing, repoRoot, year } from "../shared.ts";
import { formatSpectralRadius as spectralRadiusText } from "../../engine/index.ts";
import { formatTable, tableLines } from "../table.ts";

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

function printAnalysis(a: ModelAnalysis, top: number): void {
  const r = a.reproduction;
  console.log(`${a.model}: ${a.sectors} sectors`);
  console.log(
    `  output reproduced from final demand: largest error ${(r.maxRelativeError * 100).toFixed(4)} % (${r.worstSector}); ` +
      `solve ${r.method}, relative residual ${r.residual.toExponential(2)}, ${r.status}`,
  );
  console.log(
    `  ${a.spectralRadius.upper < 1 ? "productive" : "productivity not proven"}: spectral radius of A ${spectralRadiusText(a.spectralRadius)}` +
      (a.columnsSummingToOneOrMore.length
        ? ` (columns summing to ≥ 1: ${a.columnsSummingToOneOrMore.join(", ")})`
        : ""),
  );
  for (const w of a.warnings) console.error(`ioplan: warning: ${w}`);
  if ("unavailable" in a.typeII) console.log(`  Type II multipliers: not computed (${a.typeII.unavailable})`);
  else
    console.log(
      `  Type II multipliers: households closed with ${a.typeII.labourIncomeRow} and ${a.typeII.householdDemand}`,
    );
  const rows = [...a.rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier).slice(0, top);
  const t2 = rows.some((s) => s.outputMultiplierTypeII !== undefined);
  const va = rows.some((s) => s.valueAddedMultiplier !== undefined);
  const emp = rows.some((s) => s.employmentMultiplier !== undefined);
  console.log(`\nTop ${rows.length} sectors by output multiplier (Type I):\n`);
  const extra = extraColumns(a);
  const headers = [
    "code",
    "sector",
    "output",
    "output mult.",
    ...(t2 ? ["Type II"] : []),
    ...(va ? ["VA mult."] : []),
    ...(emp ? ["jobs mult."] : []),
    "backward",
    "forward",
    ...extra.headers,
    "class",
  ];
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
        ...extra.cells(s),
        s.keySector,
      ]),
    ),
  );
  if (a.employment)
    console.log(`\n  jobs multiplier: ${a.employment.satellite} in ${a.employment.unit} of final demand`);
  for (const l of columnNotes(a)) console.log(l);
  const key = a.rows.filter((s) => s.keySector === "key");
  console.log(`\nKey sectors (backward and forward linkage both above average): ${key.length} of ${a.sectors}`);
  console.log("  " + key.map((s) => `${s.code} ${s.name}`).join("\n  "));
  for (const l of peerSectionLines(a, top)) console.log(l);
}

function reportImport(r: ImportResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`wrote ${r.out}: ${r.sectors} sectors, ${r.entries.toLocaleString("en-US")} coefficients`);
  for (const i of r.issues) console.log(`  ${formatIssue(i)}`);
}

/** `ioplan demo bea`: the US BEA table analysed, from the shipped model or ../shared/data. */
function registerDemoBea(demo: Command): void {
  demo
    .command("bea")
    .description("Analyse a real table: the US BEA 2017 summary table's output multipliers and key sectors")
    .option(
      "--data <dir>",
      "folder of BEA tables (default: ../shared/data/us_bea or $IOPLAN_DATA/us_bea; without them, the 2017 domestic model shipped in examples/)",
    )
    .option("--year <year>", "table year (2012–2023 summary, 2017 detail)", "2017")
    .addOption(new Option("--level <level>", "table level").choices(["summary", "detail"]).default("summary"))
    .option("--total", "total requirements (imports kept in A) instead of domestic requirements", false)
    .option("--top <n>", "rows to show", "15")
    .option("--json", "print the full analysis as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  ioplan demo bea --level detail --top 20\n  ioplan demo bea --year 2012 --total --json > bea2012.json\n",
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
            `BEA data folder ${dir} does not exist; pass --data <dir> or set IOPLAN_DATA${existsSync(shipped) ? ` (without them, only the 2017 domestic table shipped in ${shipped} is available)` : ""}`,
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

/** `ioplan model import bea|wiod|csv|xlsx|pymrio`. */
function registerModelImport(model: Command): void {
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
    .addHelpText(
      "after",
      "\nExample:\n  ioplan model import bea --data ../shared/data/us_bea --year 2017 --level detail --domestic --out models/bea-detail-2017\n",
    )
    .action(
      (o: {
        data: string;
        year: string;
        level: "summary" | "detail";
        domestic: boolean;
        out: string;
        json?: boolean;
      }) => {
        reportImport(
          saveImportedModel(
            beaModel({
              dir: existing(o.data, "BEA data folder"),
              year: year(o.year),
              level: o.level,
              domestic: o.domestic,
            }),
            o.out,
          ),
          !!o.json,
        );
      },
    );
  imp
    .command("wiod")
    .description("WIOD 2016 national IO table (.xlsx) → domestic model, with employment from the SEA file")
    .requiredOption("--xlsx <file>", "a <CCC>_NIOT_nov16.xlsx file")
    .requiredOption("--year <year>", "2000–2014")
    .option("--sea <csv>", "Socio-Economic Accounts CSV (employment satellites)")
    .requiredOption("--out <model>", "model folder to write")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan model import wiod --xlsx ../shared/data/wiod2016/USA_NIOT_nov16.xlsx --year 2014 \\\n    --sea ../shared/data/wiod2016/sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv --out models/wiod-usa-2014\n",
    )
    .action(async (o: { xlsx: string; year: string; sea?: string; out: string; json?: boolean }) => {
      reportImport(
        saveImportedModel(
          await wiodModel({
            xlsx: existing(o.xlsx, "WIOD file"),
            year: year(o.year),
            sea: o.sea ? existing(o.sea, "SEA file") : undefined,
          }),
          o.out,
        ),
        !!o.json,
      );
    });
  for (const fmt of ["csv", "xlsx"] as const) {
    imp
      .command(fmt)
      .description(
        `A labelled ${fmt.toUpperCase()} table (sector codes on rows and columns; final-demand columns; 'output' column; value-added rows)`,
      )
      .argument("<file>", `the ${fmt.toUpperCase()} file`)
      .addOption(
        new Option("--kind <kind>", "what the square block holds").choices(["flows", "coefficients"]).default("flows"),
      )
      .requiredOption("--base-year <year>", "base year of the table")
      .option("--unit <unit>", "unit of the money values", "monetary units")
      .option("--name <name>", "model name")
      .option("--sheet <name>", fmt === "xlsx" ? "worksheet (default: the first)" : "(XLSX only)")
      .requiredOption("--out <model>", "model folder to write")
      .option("--json", "print the result as JSON")
      .addHelpText(
        "after",
        `\nExample:\n  ioplan model import ${fmt} table.${fmt} --base-year 2020 --unit "EUR million" --out models/mine\n`,
      )
      .action(
        async (
          file: string,
          o: {
            kind: "flows" | "coefficients";
            baseYear: string;
            unit: string;
            name?: string;
            sheet?: string;
            out: string;
            json?: boolean;
          },
        ) => {
          const m = await readLabelledTable(existing(file, "table"), {
            kind: o.kind,
            baseYear: year(o.baseYear),
            unit: o.unit,
            name: o.name,
            sheet: o.sheet,
          });
          reportImport(saveImportedModel(m, o.out), !!o.json);
        },
      );
  }
  imp
    .command("pymrio")
    .description("A folder saved by pymrio's IOSystem.save_all() (text format)")
    .argument("<dir>", "the pymrio folder")
    .requiredOption("--base-year <year>", "base year (pymrio does not record one)")
    .option("--unit <unit>", "unit of the money values", "monetary units")
    .requiredOption("--out <model>", "model folder to write")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      '\nExample:\n  ioplan model import pymrio exio_saved/ --base-year 2011 --unit "EUR million" --out models/exio\n',
    )
    .action((dir: string, o: { baseYear: string; unit: string; out: string; json?: boolean }) => {
      reportImport(
        saveImportedModel(
          readPymrio(existing(dir, "pymrio folder"), { baseYear: year(o.baseYear), unit: o.unit }),
          o.out,
        ),
        !!o.json,
      );
    });
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
      "\nExample:\n  ioplan model export pymrio models/bea-summary-2017 --out exports/bea-pymrio\n  # in Python: pymrio.load_all('exports/bea-pymrio')\n",
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
        `  ${i.sectors} sectors, ${i.coefficientEntries.toLocaleString("en-US")} coefficients (density ${(i.density * 100).toFixed(2)} %, ${i.layout})`,
      );
      console.log(
        `  spectral radius of A: ${spectralRadiusText(i.spectralRadius)}; largest column sum ${i.largestColumnSum.sum.toFixed(4)} (${i.largestColumnSum.code})`,
      );
      console.log(
        `  final demand: ${i.finalDemandCategories.join(", ") || "none"}; value added: ${i.valueAddedRows.join(", ") || "none"}`,
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

/** `ioplan analyse`: multipliers, linkages and the analyses asked for. */
function registerAnalyse(program: Command): void {
  program
    .command("analyse")
    .description(
      "Multipliers (Type I, Type II, value added, employment), linkages and key sectors of a model; on request dispersion CVs, the multiplier product matrix, a field of influence and hypothetical extraction",
    )
    .argument("<model>", "model folder")
    .option("--top <n>", "rows (and matrix entries) to show", "20")
    .option("--dispersion", "coefficients of variation of the power and sensitivity of dispersion (n + 1 solves)")
    .option("--mpm", "the multiplier product matrix (Sonis & Hewings): V and its --top largest entries")
    .option(
      "--field-of-influence <rowCode,colCode>",
      "the field of influence of the coefficient a_ij: i supplies, j buys (two solves)",
    )
    .option(
      "--epsilon <ε>",
      "the change of a_ij for the finite-difference field (fio's epsilon; default 0.001 with --convention fio, else 0: first order)",
    )
    .option(
      "--extraction",
      "hypothetical extraction of each sector (n solves); with --convention fio, fio's beside ioplan's",
    )
    .addOption(
      new Option(
        "--convention <name>",
        "whose definitions where peers differ: ioplan (the textbook's), fio or leontief (the R packages'); named in the output",
      )
        .choices([...ANALYSIS_CONVENTIONS])
        .default("ioplan"),
    )
    .option(
      "--json",
      "print the analysis as JSON: the solve's residual and status, the spectral radius, the Type II closure used or why none, warnings, the convention and its notes, the sections asked for (dispersion, multiplierProduct, fieldOfInfluence, extraction) and rows (code, outputMultiplier, backwardLinkage, forwardLinkage, forwardLinkageGhosh, keySector, …)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ioplan analyse models/wiod-usa-2014 --json > multipliers.json\n  ioplan analyse examples/bea-summary-2017 --dispersion --mpm --top 10 --convention fio\n  ioplan analyse examples/bea-summary-2017 --field-of-influence 331,3361MV --extraction\n",
    )
    .action((dir: string, o: AnalyseFlags) => {
      const a = analyseModel(readModel(existing(dir, "model folder")), analyseOptions(o));
      if (o.json) console.log(JSON.stringify(a, null, 2));
      else printAnalysis(a, Number(o.top));
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
        "solver (auto: LU for small dense models, BiCGSTAB on two threads for sparse ones of 50,000 sectors or more, else the engine's choice)",
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
          `${r.model}: solve ${r.method}, ${r.iterations} iterations, relative residual ${r.residual.toExponential(2)}, ${r.status}\n`,
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

interface AnalyseFlags {
  top: string;
  dispersion?: boolean;
  mpm?: boolean;
  fieldOfInfluence?: string;
  epsilon?: string;
  extraction?: boolean;
  convention: AnalysisConvention;
  json?: boolean;
}

/** `analyse`'s flags as the use case's options; a malformed --top, --field-of-influence or --epsilon exits 2. */
function analyseOptions(o: AnalyseFlags): AnalyseOptions {
  const top = Number(o.top);
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`--top ${o.top} is not a whole number ≥ 1`);
  let field: AnalyseOptions["fieldOfInfluence"];
  if (o.fieldOfInfluence !== undefined) {
    const parts = o.fieldOfInfluence.split(",").map((p) => p.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UsageError(
        `--field-of-influence "${o.fieldOfInfluence}" is not rowCode,colCode: two sector codes, the supplying sector i then the buying sector j of a_ij (e.g. 331,3361MV)`,
      );
    }
    field = { row: parts[0], column: parts[1], top };
  }
  let epsilon: number | undefined;
  if (o.epsilon !== undefined) {
    epsilon = Number(o.epsilon);
    if (!(o.epsilon.trim() !== "" && Number.isFinite(epsilon) && epsilon >= 0))
      throw new UsageError(`--epsilon ${o.epsilon} is not a number ≥ 0`);
    if (!field) throw new UsageError("--epsilon needs --field-of-influence rowCode,colCode");
    field.epsilon = epsilon;
  }
  return {
    convention: o.convention,
    dispersion: !!o.dispersion,
    extraction: !!o.extraction,
    multiplierProduct: o.mpm ? { top } : undefined,
    fieldOfInfluence: field,
  };
}
