/** `ioplan demo` (the default job): the worked example, the DPRK's 2016–2020 strategy and 2021–2025 draft. */
import { join } from "node:path";
import type { Command } from "commander";
import { dprkReport, planReport, writeReport } from "../../app/reporting.ts";
import { dprkJson, runDprkExample } from "../../app/dprk/example.ts";
import type { DprkExample } from "../../app/dprk/example.ts";
import { openObservationStore as openStore } from "../../app/observations.ts";
import { serveUntilStopped } from "./serve.ts";
import { UsageError, existing, repoRoot, withSolver } from "../shared.ts";
import { dprkSummaryLines } from "../dprkSummary.ts";
import { withProgress } from "../progress.ts";

/** The summary a reader understands without the manual (src/cli/dprkSummary.ts). */
export function printDprkSummary(x: DprkExample, where: string): void {
  for (const l of dprkSummaryLines(x, where)) console.log(l);
}

export function registerExampleCommands(demo: Command): void {
  demo
    .command("dprk", { isDefault: true })
    .description(
      "The worked example (default): the DPRK's 2016–2020 strategy reviewed and its 2021–2025 draft checked " +
        "under sanctions and a closed border",
    )
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--json", "print the whole result as JSON")
    .option("--out <dir>", "folder for the report (dprk.html, dprk.md, dprk.pdf)", join(".ioplan", "report"))
    .option("--pdf", "also render the report as PDF through Chromium")
    .option("--serve", "then start the dashboard and API on this example (until Ctrl-C)")
    .option("--port <port>", "port for --serve (0: any free port)", "8080")
    .option("--host <host>", "address for --serve", "127.0.0.1")
    .addHelpText(
      "after",
      "\nExample:\n  ioplan demo            (the same as: ioplan demo dprk)\n" +
        "  ioplan demo --serve    (what npm start runs: then the dashboard at http://127.0.0.1:8080/)\n" +
        "  ioplan demo dprk --json > dprk.json\n  ioplan demo --pdf --out report/\n",
    )
    .action(
      async (
        o: { db?: string; json?: boolean; out: string; pdf?: boolean; serve?: boolean; port: string; host: string },
        cmd: Command,
      ) => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new UsageError(`--port ${o.port} is not a port number (0–65535)`);
        const store = await openStore(o.db);
        let serving = false;
        try {
          const x = await withProgress("running the worked example", o, (p) =>
            withSolver((s) => runDprkExample(repoRoot(), store, s, (d, t, what) => p.update(d, t, what))),
          );
          const written = await writeReport(
            dprkReport(x, repoRoot(), new Date().toISOString().slice(0, 10)),
            o.out,
            "dprk",
            { pdf: o.pdf },
          );
          if (o.json) console.log(JSON.stringify({ ...dprkJson(x), report: written }, null, 2));
          else {
            printDprkSummary(x, o.db ?? process.env.IOPLAN_DB ?? ".ioplan/ioplan.sqlite");
            console.log(`Report: ${written.html}${written.pdf ? `, ${written.pdf}` : ""} (and ${written.markdown})`);
          }
          if (o.serve) {
            serving = true;
            console.log("");
            await serveUntilStopped({
              host: o.host,
              port,
              portGiven: cmd.getOptionValueSource("port") !== "default",
              workspace: join(repoRoot(), "examples"),
              store,
              label: "Dashboard (this example)",
            });
          }
        } finally {
          if (!serving) await store.close();
        }
      },
    );
}

/** `ioplan report <plan…>`: a self-contained HTML report (and Markdown; PDF with --pdf) on plan files. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "Write a self-contained HTML report (inline SVG charts, no network), a Markdown summary and, with --pdf, a PDF",
    )
    .argument("<plans...>", "plan files (reviews use the observations store when targets name observed indicators)")
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--out <dir>", "folder to write into", join(".ioplan", "report"))
    .option("--name <name>", "file name without extension", "report")
    .option("--title <title>", "report title (default: the plan's name)")
    .option("--date <YYYY-MM-DD>", "date printed in the footer (default: today; fix it for reproducible files)")
    .option("--pdf", "also render a PDF through Chromium")
    .option(
      "--precedence <types>",
      "source types in order for the best estimates (as for review); default: the plan's rule, else the " +
        "nearest ioplan.json, else ioplan's",
    )
    .option("--json", "print the paths written as JSON")
    .addHelpText("after", "\nExample:\n  ioplan report examples/dprk/plans/2021-2025-draft.yaml --pdf --out report/\n")
    .action(
      async (
        plans: string[],
        o: {
          db?: string;
          out: string;
          name: string;
          title?: string;
          date?: string;
          pdf?: boolean;
          json?: boolean;
          precedence?: string;
        },
      ) => {
        for (const p of plans) existing(p, "plan file");
        if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.date))
          throw new UsageError(`--date ${o.date} is not a date YYYY-MM-DD`);
        const store = await openStore(o.db);
        try {
          const input = await withProgress("gathering the report", o, () =>
            withSolver((s) =>
              planReport(plans, store, s, o.date ?? new Date().toISOString().slice(0, 10), o.title, {
                precedence: o.precedence,
              }),
            ),
          );
          const written = await writeReport(input, o.out, o.name, { pdf: o.pdf });
          if (o.json) console.log(JSON.stringify(written, null, 2));
          else console.log(`wrote ${written.html}, ${written.markdown}${written.pdf ? `, ${written.pdf}` : ""}`);
        } finally {
          await store.close();
        }
      },
    );
}
