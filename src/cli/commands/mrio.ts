/**
 * `ioplan mrio …` (multi-regional models: import, accounts, multipliers, trade, shock); `ioplan demo china` is in
 * chinaDemo.ts.
 */
import type { Command } from "commander";
import { importMrio, mrioAccountsReport, mrioMultipliersReport, mrioTradeReport } from "../../app/mrio.ts";
import type { MrioAccountsReport } from "../../app/mrio.ts";
import { mrioShockReport } from "../../app/mrioShock.ts";
import type { Substitution } from "../../app/mrioShock.ts";
import { counted, formatNumber, formatPercent } from "../../engine/index.ts";
import { UsageError, existing, year } from "../shared.ts";
import { formatTable } from "../table.ts";
import { registerChinaDemo } from "./chinaDemo.ts";
import { printShock } from "./mrioShockOutput.ts";

const list = (v: string, prev: string[] = []) => [...prev, v];

/** Accounts as JSON: per stressor, per region (and per sector with --by sector). */
function accountsJson(r: MrioAccountsReport, bySector: boolean) {
  const a = r.accounts;
  const S = a.sectors.length;
  return {
    model: r.model,
    aggregated: r.aggregated,
    regions: a.regions,
    sectors: a.sectors,
    solve: a.solve,
    stressors: a.stressors.map((s) => ({
      code: s.code,
      name: s.name,
      unit: s.unit,
      byRegion: a.regions.map((region, k) => ({
        region,
        D_cba: s.DcbaReg[k],
        D_pba: s.DpbaReg[k],
        D_imp: s.DimpReg[k],
        D_exp: s.DexpReg[k],
        F_Y: s.FYReg[k],
        identityResidual: s.identityResidual[k],
      })),
      ...(bySector
        ? {
            bySector: Array.from(s.Dcba, (_, k) => ({
              region: a.regions[Math.floor(k / S)],
              sector: a.sectors[k % S],
              D_cba: s.Dcba[k],
              D_pba: s.Dpba[k],
              D_imp: s.Dimp[k],
              D_exp: s.Dexp[k],
              S: s.S[k],
              M: s.M[k],
              M_down: s.MDown[k],
            })),
          }
        : {}),
    })),
  };
}

function printAccounts(r: MrioAccountsReport, bySector: boolean): void {
  const j = accountsJson(r, bySector);
  const by = [r.aggregated.regions, r.aggregated.sectors].filter(Boolean).join(" and ");
  const aggregated = r.aggregated.regions || r.aggregated.sectors ? ` (aggregated by ${by})` : "";
  console.log(
    `${r.model}: ${counted(j.regions.length, "region")} × ${counted(j.sectors.length, "sector")}${aggregated}`,
  );
  console.log(
    `  accounts as pymrio defines them; identity D_cba = D_pba + D_imp − D_exp checked per region (residual ` +
      `shown); solve ${j.solve.method}, residual ${j.solve.residual.toExponential(1)}`,
  );
  for (const s of j.stressors) {
    console.log(`\n${s.code}${s.name !== s.code ? ` (${s.name})` : ""}, ${s.unit || "no unit"}:\n`);
    console.log(
      formatTable(
        ["region", "D_cba", "D_pba", "D_imp", "D_exp", "F_Y", "residual"],
        s.byRegion.map((x) => [x.region, x.D_cba, x.D_pba, x.D_imp, x.D_exp, x.F_Y, formatNumber(x.identityResidual)]),
      ),
    );
    if (s.bySector) {
      console.log("");
      console.log(
        formatTable(
          [
            "region",
            "sector",
            "D_cba (demand for it)",
            "D_pba (emitted by it)",
            "D_imp",
            "D_exp",
            "M (upstream)",
            "M_down",
          ],
          s.bySector.map((x) => [
            x.region,
            x.sector,
            x.D_cba,
            x.D_pba,
            x.D_imp,
            x.D_exp,
            formatNumber(x.M),
            formatNumber(x.M_down),
          ]),
        ),
      );
      console.log(
        `  M = S·L: ${s.unit || "the stressor"} emitted anywhere per unit of final demand for the (region, ` +
          `sector); M_down = S·(G − I): downstream, as pymrio's calc_M_down`,
      );
    }
  }
}

/** `ioplan mrio import`: a pymrio folder or a data package with regions, written as a data package with regions. */
function registerMrioImport(mrio: Command): void {
  mrio
    .command("import")
    .description(
      "Read a pymrio save_all() folder (or a data package with regions) and write it as a data package with regions",
    )
    .argument("<source>", "pymrio folder (file_parameters.json) or data package with regions")
    .requiredOption("--out <package>", "folder to write (atomically)")
    .option("--base-year <year>", "base year (pymrio does not record one)")
    .option("--unit <unit>", "money unit of the system (pymrio does not record one)")
    .option("--json", "print what was written as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan mrio import exio3/ --out models/exio3 --base-year 2011 --unit 'M.EUR'\n",
    )
    .action((source: string, o: { out: string; baseYear?: string; unit?: string; json?: boolean }) => {
      const s = importMrio(existing(source, "MRIO source"), o.out, {
        baseYear: o.baseYear ? year(o.baseYear) : undefined,
        unit: o.unit,
      });
      if (o.json) return console.log(JSON.stringify(s, null, 2));
      console.log(
        `wrote ${s.out}: ${s.name}, ${s.regions.length} regions ` +
          `(${s.regions.slice(0, 8).join(", ")}${s.regions.length > 8 ? ", …" : ""}) × ${s.sectors} sectors, ` +
          `${s.categories.length} final-demand categories, ${s.stressors.length} stressors ` +
          `(${s.stressors.filter((x) => x.withFinalDemand).length} with F_Y)`,
      );
      for (const n of s.notes) console.log(`  note: ${n}`);
    });
}

/** `ioplan mrio accounts`: footprints and the trade they embody, per region (or sector). */
function registerMrioAccounts(mrio: Command): void {
  mrio
    .command("accounts")
    .description(
      "Footprints and the trade they embody (pymrio's D_cba, D_pba, D_imp, D_exp) per region, with the " +
        "identity residual",
    )
    .argument("<model>", "data package with regions or pymrio folder")
    .option("--stressor <code>", "one stressor (its code, or the part after its extension prefix)")
    .option("--by <what>", "region (default) or sector (also per region and sector)", "region")
    .option("--aggregate-regions <map.csv>", "concordance code,group for the regions (applied before the accounts)")
    .option("--aggregate-sectors <map.csv>", "concordance code,group for the sectors")
    .option("--json", "print the accounts as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan mrio accounts models/exio3 --stressor CO2 --aggregate-regions continents.csv\n",
    )
    .action(
      (
        model: string,
        o: { stressor?: string; by: string; aggregateRegions?: string; aggregateSectors?: string; json?: boolean },
      ) => {
        if (o.by !== "region" && o.by !== "sector") throw new UsageError(`--by ${o.by} is not one of region, sector`);
        const r = mrioAccountsReport(existing(model, "model"), {
          stressor: o.stressor,
          regionsMap: o.aggregateRegions,
          sectorsMap: o.aggregateSectors,
        });
        if (o.json) console.log(JSON.stringify(accountsJson(r, o.by === "sector"), null, 2));
        else printAccounts(r, o.by === "sector");
      },
    );
}

/** `ioplan mrio multipliers`: interregional output multipliers and per-region summaries. */
function registerMrioMultipliers(mrio: Command): void {
  mrio
    .command("multipliers")
    .description(
      "Interregional output multipliers (Miller & Blair §3.3): intra-regional, own-region, feedback, " +
        "spillover; per-region summaries",
    )
    .argument("<model>", "data package with regions or pymrio folder")
    .option("--json", "print the multipliers as JSON")
    .addHelpText("after", "\nExample:\n  ioplan mrio multipliers models/dprk-china --json > multipliers.json\n")
    .action((model: string, o: { json?: boolean }) => {
      const r = mrioMultipliersReport(existing(model, "model"));
      const m = r.multipliers;
      const S = m.sectors.length;
      const rows = Array.from(m.total, (_, k) => ({
        region: m.regions[Math.floor(k / S)],
        sector: m.sectors[k % S],
        total: m.total[k],
        intraregional: m.intraregional[k],
        ownRegionOnly: m.ownRegionOnly[k],
        feedback: m.feedback[k],
        spillover: m.spillover[k],
      }));
      if (o.json)
        return console.log(
          JSON.stringify(
            { model: r.model, regions: m.regions, sectors: rows, summaries: m.summaries, solve: m.solve },
            null,
            2,
          ),
        );
      console.log(`${r.model}: output per unit of final demand for each (region, sector)\n`);
      console.log(
        formatTable(
          ["region", "sector", "total", "intra-regional", "own region only", "feedback", "spillover"],
          rows.map((x) => [x.region, x.sector, x.total, x.intraregional, x.ownRegionOnly, x.feedback, x.spillover]),
          4,
        ),
      );
      console.log(
        "\nPer region (means over its sectors; interdependence: share of its output driven by other regions' " +
          "final demand):\n",
      );
      console.log(
        formatTable(
          ["region", "total", "intra-regional", "feedback", "spillover", "interdependence"],
          m.summaries.map((s) => [
            s.region,
            s.total,
            s.intraregional,
            s.feedback,
            s.spillover,
            formatPercent(s.interdependence),
          ]),
          4,
        ),
      );
    });
}

/** `ioplan mrio trade`: gross bilateral trade between the regions. */
function registerMrioTrade(mrio: Command): void {
  mrio
    .command("trade")
    .description(
      "Gross bilateral trade (pymrio's calc_gross_trade): what each region's sectors sell to every other " +
        "region, intermediate and final",
    )
    .argument("<model>", "data package with regions or pymrio folder")
    .option("--json", "print the trade as JSON (per origin region and sector, per destination region)")
    .addHelpText("after", "\nExample:\n  ioplan mrio trade models/dprk-china --json > trade.json\n")
    .action((model: string, o: { json?: boolean }) => {
      const r = mrioTradeReport(existing(model, "model"));
      const { regions, sectors, trade } = r;
      const S = sectors.length;
      const R = regions.length;
      const rows = Array.from({ length: R * S }, (_, k) => ({
        region: regions[Math.floor(k / S)],
        sector: sectors[k % S],
        to: Object.fromEntries(regions.map((d, q) => [d, trade.bilateral.data[k * R + q]])),
        exports: trade.exports[k],
        imports: trade.imports[k],
      }));
      if (o.json)
        return console.log(
          JSON.stringify({ model: r.model, unit: r.unit, regions, sectors, bilateral: rows }, null, 2),
        );
      const byRegion = regions.map((from) =>
        regions.map((_, q) => rows.filter((x) => x.region === from).reduce((a, x) => a + x.to[regions[q]], 0)),
      );
      console.log(
        `${r.model}: gross trade, ${r.unit} (rows sell to columns; the domestic blocks are zero, as pymrio ` +
          `counts them)\n`,
      );
      console.log(
        formatTable(
          ["from \\ to", ...regions, "gross exports"],
          regions.map((from, p) => [
            from,
            ...byRegion[p].map((v) => formatNumber(v)),
            formatNumber(byRegion[p].reduce((a, b) => a + b, 0)),
          ]),
        ),
      );
    });
}

/** `ioplan mrio shock`: trade flows scaled, the model solved again. */
function registerMrioShock(mrio: Command): void {
  mrio
    .command("shock")
    .description("Scale the trade from one region's sectors to another and solve again: output changes in every region")
    .argument("<model>", "data package with regions or pymrio folder")
    .requiredOption(
      "--cut <ORIGIN>DEST[:SECTOR,…]=FACTOR>",
      "flows from ORIGIN's sectors (all, or those listed) to DEST times FACTOR (0 cuts them off); repeatable",
      list,
    )
    .option(
      "--substitute <where>",
      "outside (imports from outside the model, default) or domestic (DEST's own sectors)",
      "outside",
    )
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExample:\n  ioplan mrio shock models/dprk-china --cut 'DPRK>CHN:MIN,LGT=0'\n")
    .action((model: string, o: { cut: string[]; substitute: string; json?: boolean }) => {
      if (o.substitute !== "outside" && o.substitute !== "domestic")
        throw new UsageError(`--substitute ${o.substitute} is not one of outside, domestic`);
      const r = mrioShockReport(existing(model, "model"), o.cut, o.substitute as Substitution);
      if (o.json) console.log(JSON.stringify(r, null, 2));
      else printShock(r, r.unit);
    });
}

/** `ioplan mrio …` and `ioplan demo china`. */
export function registerMrioCommands(program: Command, demo: Command): void {
  const mrio = program
    .command("mrio")
    .description("Multi-regional models (MRIO): import, footprint accounts, interregional multipliers, trade shocks");
  registerMrioImport(mrio);
  registerMrioAccounts(mrio);
  registerMrioMultipliers(mrio);
  registerMrioTrade(mrio);
  registerMrioShock(mrio);
  registerChinaDemo(demo);
}
