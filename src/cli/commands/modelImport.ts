/**
 * `ioplan model import bea|wiod|csv|xlsx|pymrio`: tables read into ioplan's model format, validated, written
 * atomically.
 */
import { Option } from "commander";
import type { Command } from "commander";
import { beaModel } from "../../app/beaModel.ts";
import { saveImportedModel } from "../../app/modelImport.ts";
import type { ImportResult } from "../../app/modelImport.ts";
import { wiodModel } from "../../app/wiodModel.ts";
import {
  describeIssue as formatIssue,
  importLabelledTable as readLabelledTable,
  importPymrio as readPymrio,
} from "../../app/modelImport.ts";
import { existing, year } from "../shared.ts";

export function reportImport(r: ImportResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  console.log(`wrote ${r.out}: ${r.sectors} sectors, ${r.entries.toLocaleString("en-US")} coefficients`);
  for (const i of r.issues) console.log(`  ${formatIssue(i)}`);
}

/** `ioplan model import bea`: BEA Make/Use tables. */
function registerBeaImport(imp: Command): void {
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
      "\nExample:\n  ioplan model import bea --data ../shared/data/us_bea --year 2017 --level detail " +
        "--domestic --out models/bea-detail-2017\n",
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
}

/** `ioplan model import wiod`: a WIOD 2016 national table, with employment from the SEA file. */
function registerWiodImport(imp: Command): void {
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
      "\nExample:\n  ioplan model import wiod --xlsx ../shared/data/wiod2016/USA_NIOT_nov16.xlsx --year 2014 " +
        "\\\n    --sea ../shared/data/wiod2016/sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv --out " +
        "models/wiod-usa-2014\n",
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
}

/** `ioplan model import csv|xlsx`: a labelled table. */
function registerTableImport(imp: Command, fmt: "csv" | "xlsx"): void {
  imp
    .command(fmt)
    .description(
      `A labelled ${fmt.toUpperCase()} table (sector codes on rows and columns; final-demand columns; ` +
        `'output' column; value-added rows)`,
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
      `\nExample:\n  ioplan model import ${fmt} table.${fmt} --base-year 2020 --unit "EUR million" --out ` +
        `models/mine\n`,
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

/** `ioplan model import pymrio`: a pymrio save_all() folder as a national model. */
function registerPymrioImport(imp: Command): void {
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

/** `ioplan model import bea|wiod|csv|xlsx|pymrio`. */
export function registerModelImport(model: Command): void {
  const imp = model.command("import").description("Import a table into ioplan's model format (a data package folder)");
  registerBeaImport(imp);
  registerWiodImport(imp);
  for (const fmt of ["csv", "xlsx"] as const) registerTableImport(imp, fmt);
  registerPymrioImport(imp);
}
