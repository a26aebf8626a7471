/**
 * `ioplan analyse`: multipliers, linkages, key sectors and the analyses asked for (dispersion, MPM, field of influence,
 * extraction), in a named convention.
 */
import { Option } from "commander";
import type { Command } from "commander";
import { analyseModel } from "../../app/analyseModel.ts";
import type { ModelAnalysis } from "../../app/analyseModel.ts";
import type { AnalysisConvention } from "../../engine/index.ts";
import { ANALYSIS_CONVENTIONS } from "../../engine/index.ts";
import type { AnalyseOptions } from "../../app/analyseModel.ts";
import { columnNotes, extraColumns, peerSectionLines } from "../analysisText.ts";
import { openModel as readModel } from "../../app/modelInfo.ts";
import { UsageError, existing } from "../shared.ts";
import { formatSpectralRadius as spectralRadiusText } from "../../engine/index.ts";
import { formatTable } from "../table.ts";

export function printAnalysis(a: ModelAnalysis, top: number): void {
  const r = a.reproduction;
  console.log(`${a.model}: ${a.sectors} sectors`);
  console.log(
    `  output reproduced from final demand: largest error ${(r.maxRelativeError * 100).toFixed(4)} % ` +
      `(${r.worstSector}); ` +
      `solve ${r.method}, relative residual ${r.residual.toExponential(2)}, ${r.status}`,
  );
  console.log(
    `  ${a.spectralRadius.upper < 1 ? "productive" : "productivity not proven"}: spectral radius of A ` +
      `${spectralRadiusText(a.spectralRadius)}` +
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

/** `ioplan analyse`: multipliers, linkages and the analyses asked for. */
export function registerAnalyse(program: Command): void {
  program
    .command("analyse")
    .description(
      "Multipliers (Type I, Type II, value added, employment), linkages and key sectors of a model; on " +
        "request dispersion CVs, the multiplier product matrix, a field of influence and hypothetical " +
        "extraction",
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
      "the change of a_ij for the finite-difference field (fio's epsilon; default 0.001 with --convention " +
        "fio, else 0: first order)",
    )
    .option(
      "--extraction",
      "hypothetical extraction of each sector (n solves); with --convention fio, fio's beside ioplan's",
    )
    .addOption(
      new Option(
        "--convention <name>",
        "whose definitions where peers differ: ioplan (the textbook's), fio or leontief (the R packages'); " +
          "named in the output",
      )
        .choices([...ANALYSIS_CONVENTIONS])
        .default("ioplan"),
    )
    .option(
      "--json",
      "print the analysis as JSON: the solve's residual and status, the spectral radius, the Type II closure " +
        "used or why none, warnings, the convention and its notes, the sections asked for (dispersion, " +
        "multiplierProduct, fieldOfInfluence, extraction) and rows (code, outputMultiplier, backwardLinkage, " +
        "forwardLinkage, forwardLinkageGhosh, keySector, …)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ioplan analyse models/wiod-usa-2014 --json > multipliers.json\n" +
        "  ioplan analyse examples/bea-summary-2017 --dispersion --mpm --top 10 --convention fio\n" +
        "  ioplan analyse examples/bea-summary-2017 --field-of-influence 331,3361MV --extraction\n",
    )
    .action((dir: string, o: AnalyseFlags) => {
      const a = analyseModel(readModel(existing(dir, "model folder")), analyseOptions(o));
      if (o.json) console.log(JSON.stringify(a, null, 2));
      else printAnalysis(a, Number(o.top));
    });
}

export interface AnalyseFlags {
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
export function analyseOptions(o: AnalyseFlags): AnalyseOptions {
  const top = Number(o.top);
  if (!(Number.isInteger(top) && top >= 1)) throw new UsageError(`--top ${o.top} is not a whole number ≥ 1`);
  let field: AnalyseOptions["fieldOfInfluence"];
  if (o.fieldOfInfluence !== undefined) {
    const parts = o.fieldOfInfluence.split(",").map((p) => p.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UsageError(
        `--field-of-influence "${o.fieldOfInfluence}" is not rowCode,colCode: two sector codes, the ` +
          `supplying sector i then the buying sector j of a_ij (e.g. 331,3361MV)`,
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
