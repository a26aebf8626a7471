#!/usr/bin/env node
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { beaModel } from "../app/beaModel.ts";
import { analyseModel } from "../app/demo.ts";
import type { ModelAnalysis } from "../app/demo.ts";
import { IoplanError } from "../engine/index.ts";
import { CsvError } from "../formats/csv.ts";
import { BeaDataError } from "../formats/bea.ts";
import { formatTable } from "./table.ts";

const here = dirname(fileURLToPath(import.meta.url));

/** Where the shared real tables live: $IOPLAN_DATA, else ../shared/data beside the checkout. */
function defaultDataDir(): string {
  if (process.env.IOPLAN_DATA) return process.env.IOPLAN_DATA;
  return resolve(here, "../../../shared/data");
}

function printAnalysis(a: ModelAnalysis, top: number): void {
  const r = a.reproduction;
  console.log(`${a.model}: ${a.sectors} industries`);
  console.log(
    `  output reproduced from final demand: largest error ${(r.maxRelativeError * 100).toFixed(4)} % (${r.worstSector}); ` +
      `solve ${r.method}, relative residual ${r.residual.toExponential(2)}, ${r.status}`,
  );
  console.log(
    `  productive: spectral radius of A ≤ ${a.spectralRadius.upper.toFixed(4)}` +
      (a.columnsSummingToOneOrMore.length ? ` (columns summing to ≥ 1: ${a.columnsSummingToOneOrMore.join(", ")})` : ""),
  );
  const rows = [...a.rows].sort((x, y) => y.outputMultiplier - x.outputMultiplier).slice(0, top);
  console.log(`\nTop ${rows.length} industries by output multiplier (Type I):\n`);
  console.log(
    formatTable(
      ["code", "industry", "output $M", "output mult.", "VA mult.", "backward", "forward", "class"],
      rows.map((s) => [s.code, s.name.length > 38 ? s.name.slice(0, 37) + "…" : s.name, s.output, s.outputMultiplier, s.valueAddedMultiplier, s.backwardLinkage, s.forwardLinkage, s.keySector]),
    ),
  );
  const key = a.rows.filter((s) => s.keySector === "key");
  console.log(`\nKey sectors (backward and forward linkage both above average): ${key.length} of ${a.sectors}`);
  console.log("  " + key.map((s) => `${s.code} ${s.name}`).join("\n  "));
}

const program = new Command();
program.name("ioplan").description("Draft, check and monitor development plans on an input–output model of an economy.").version("0.1.0");

program
  .command("demo")
  .description("Analyse a real table: the US BEA 2017 summary table's output multipliers and key sectors")
  .option("--data <dir>", "folder of BEA tables", undefined)
  .option("--year <year>", "table year (2012–2023 summary, 2017 detail)", "2017")
  .addOption(new Option("--level <level>", "table level").choices(["summary", "detail"]).default("summary"))
  .option("--total", "total requirements (imports kept in A) instead of domestic requirements", false)
  .option("--top <n>", "rows to show", "15")
  .option("--json", "print the full analysis as JSON")
  .addHelpText("after", "\nExample:\n  ioplan demo --level detail --top 20\n  ioplan demo --year 2012 --total --json > bea2012.json\n")
  .action((o: { data?: string; year: string; level: "summary" | "detail"; total: boolean; top: string; json?: boolean }) => {
    const dir = o.data ?? join(defaultDataDir(), "us_bea");
    if (!existsSync(dir)) throw new UsageError(`BEA data folder ${dir} does not exist; pass --data <dir> or set IOPLAN_DATA`);
    const year = Number(o.year);
    if (!Number.isInteger(year)) throw new UsageError(`--year ${o.year} is not a year; expected e.g. 2017`);
    const analysis = analyseModel(beaModel({ dir, year, level: o.level, domestic: !o.total }));
    if (o.json) console.log(JSON.stringify(analysis, null, 2));
    else printAnalysis(analysis, Number(o.top));
  });

class UsageError extends Error {}

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof UsageError || e instanceof BeaDataError || e instanceof CsvError || e instanceof IoplanError) {
    console.error(`ioplan: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
