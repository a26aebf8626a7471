/** `ioplan demo china`: the DPRK–China two-economy view, its scenarios and what the data cannot carry. */
import { join } from "node:path";
import type { Command } from "commander";
import { runChinaView } from "../../app/dprk/chinaView.ts";
import type { ChinaView } from "../../app/dprk/chinaView.ts";
import { formatNumber } from "../../engine/index.ts";
import { defaultDataDir, existing } from "../shared.ts";
import { printShock } from "./mrioShockOutput.ts";

function printChina(v: ChinaView): void {
  console.log(`${v.model.name}\n`);
  for (const n of v.model.notes.filter((x) => !x.startsWith("DPRK block:"))) console.log(`- ${n}`);
  for (const s of v.scenarios) {
    console.log(`\n## ${s.title}\n`);
    printShock(s.result, v.model.unit);
    for (const c of s.checks)
      console.log(
        `Check: ${c.what}: modelled ${formatNumber(c.modelled)}, recorded ${formatNumber(c.recorded)} [${c.cite}].`,
      );
    console.log(`Sources: ${s.sources.join("; ")}.`);
  }
  console.log("\nWhat the data cannot carry:");
  for (const l of v.cannotCarry) console.log(`- ${l}`);
}

/** `ioplan demo china`: the DPRK–China two-economy view. */
export function registerChinaDemo(demo: Command): void {
  demo
    .command("china")
    .description(
      "The two-economy view: the DPRK model and China's 2014 table joined by their recorded trade; the 2017 " +
        "bans and the 2020 border closure on both sides",
    )
    .option("--data <dir>", "folder holding wiod2016/ and dprk/ (default: ../shared/data or $IOPLAN_DATA)")
    .option("--out <package>", "also write the two-region model as a data package with regions")
    .option("--json", "print the model's notes, the scenarios and the limits as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan demo china --out models/dprk-china   (then: ioplan mrio accounts " +
        "models/dprk-china --stressor VA)\n",
    )
    .action(async (o: { data?: string; out?: string; json?: boolean }) => {
      const data = o.data ?? defaultDataDir();
      const v = await runChinaView({
        wiodDir: existing(join(data, "wiod2016"), "WIOD folder"),
        dprkDir: existing(join(data, "dprk"), "DPRK data folder"),
        out: o.out,
      });
      if (o.json)
        console.log(
          JSON.stringify(
            {
              model: v.model.name,
              notes: v.model.notes,
              scenarios: v.scenarios,
              cannotCarry: v.cannotCarry,
              written: o.out,
            },
            null,
            2,
          ),
        );
      else {
        printChina(v);
        if (o.out) console.log(`\nwrote ${o.out} (ioplan mrio accounts ${o.out} --stressor VA)`);
      }
    });
}
