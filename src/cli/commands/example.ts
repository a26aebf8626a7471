/** `ioplan demo` (the default job): the worked example, the DPRK's 2016–2020 strategy and 2021–2025 draft. */
import { join } from "node:path";
import type { Command } from "commander";
import { dprkReport, planReport, writeReport } from "../../app/reporting.ts";
import { runDprkExample } from "../../app/dprk/example.ts";
import type { DprkExample } from "../../app/dprk/example.ts";
import { openStore } from "../../store/openStore.ts";
import { serveUntilStopped } from "./serve.ts";
import { UsageError, existing, pct, repoRoot, withSolver } from "../shared.ts";
import { formatTable } from "../table.ts";
import { explanationLines } from "../explanationText.ts";
import { withProgress } from "../progress.ts";

const num = (v: number, d = 2) => v.toFixed(d);
const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)} %`;

/** The summary a reader understands without the manual. */
export function printDprkSummary(x: DprkExample, where: string): void {
  const s = x.strategy;
  const r = s.review;
  const added = x.imported.reduce((a, f) => a + f.added, 0);
  const rows = x.imported.reduce((a, f) => a + f.rows, 0);
  console.log("ioplan worked example: the DPRK's five-year strategy 2016–2020, and the plan for 2021–2025\n");
  console.log(`Observations: ${rows} figures with their sources in ${where} (${added} new, ${rows - added} already stored).`);
  console.log("Every figure below is an observation with its source, a model result, or a labelled assumption.\n");

  console.log("1. The 2016–2020 strategy \"fell short of its goals in almost every sector\" (Kim Jong Un, January 2021).");
  console.log("   It published no numeric targets. Its stated aims are encoded: every sector restores growth; priority to");
  console.log("   electric power, coal and metal; the one figure found is 7 million tonnes of grain.\n");
  console.log(`   Under the rule (${s.rule}):`);
  console.log(`   ${s.sectorsBelow2015.length} of ${s.sectorsObserved} sectors were below their 2015 level in ${r.years[r.years.length - 1]}.\n`);
  const end = r.years[r.years.length - 1];
  console.log(
    formatTable(
      ["sector", `${end} output ÷ 2015`, "status", "source of the last rate"],
      r.targets
        .filter((t) => t.id.endsWith("-growth"))
        .map((t) => {
          const y = t.years.find((q) => q.year === end)!;
          return [t.label.replace(/: restore growth$/, ""), y.ratio === null ? "—" : pct(y.ratio), y.status, (t.sources[end] ?? "").replace(/^#\d+ \S+ \d{4} = /, "").slice(0, 70)];
        }),
    ).replace(/^/gm, "   "),
  );
  const grain = r.targets.find((t) => t.id === "grain");
  if (grain) {
    const seen = grain.years.filter((y) => y.observed !== null);
    const lastSeen = seen[seen.length - 1];
    if (lastSeen) console.log(`\n   Grain: 7 Mt aimed for; food crops ${pct(lastSeen.ratio as number)} of it in ${lastSeen.year} (RDA estimate); no later figure in the period.`);
  }
  if (s.physical.length) {
    console.log("\n   Physical outputs within the period (first and last figure):");
    for (const p of s.physical) console.log(`     ${p.label.padEnd(12)} ${num(p.first.value)} → ${num(p.last.value)} ${p.unit} (${p.first.year}→${p.last.year}, ${signed(p.change)})${p.fell ? "  fell" : ""}`);
  }
  const a = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (a) {
    console.log("");
    for (const l of explanationLines(a, r.modelRange)) console.log(`   ${l}`);
    console.log(`   ${r.backcast.line}`);
    if (r.models.length > 1) console.log(`   In brackets: the range across ${r.models.length} donor tables (${r.models.map((m) => `${m.model.replace(/^DPRK 2015 \(non-survey: WIOD (.*) coefficients.*$/, "$1")} backcast ${m.backcastMape.toFixed(1)} %`).join("; ")}).`);
  }

  console.log("\n2. The 2021–2025 plan: metals and chemicals as \"key links\"; 50,000 flats in Pyongyang. The other figures");
  console.log("   are stand-ins labelled as assumptions in examples/dprk/plans/2021-2025-draft.yaml.\n");
  console.log(
    formatTable(
      ["scenario", "feasible", "targets met", "mean fulfilment", "main bottleneck"],
      x.draft.comparison.map((c) => [c.scenario, c.feasible ? "yes" : `no (${c.relaxations} relaxations)`, `${c.targetsMet}/${c.targetYears}`, pct(c.meanFulfilment), c.topBottleneck.replace(/ raises weighted harmony.*$/, "").slice(0, 60)]),
    ).replace(/^/gm, "   "),
  );
  const d = x.draft.review;
  const observedYears = d.years.filter((y) => d.targets.some((t) => t.years.find((q) => q.year === y)?.observed != null));
  console.log(`\n   What the estimates show since 2021 (${observedYears.join(", ")}): ${d.rollUp.text}.`);
  console.log(
    formatTable(
      ["target", ...observedYears.map(String), "projected 2025"],
      d.targets
        .filter((t) => t.years.some((y) => y.observed !== null))
        .map((t) => [t.label, ...observedYears.map((yy) => {
          const y = t.years.find((q) => q.year === yy)!;
          return y.ratio === null ? "—" : pct(y.ratio);
        }), t.projection ? pct(t.projection.ratio) : "—"]),
    ).replace(/^/gm, "   "),
  );
  if (x.draft.claims.length) {
    console.log("\n   The government's own claims, beside them:");
    for (const c of x.draft.claims) console.log(`     ${c.indicator.replace(/^h1_2023_plan_fulfilment: /, "H1 2023 plan fulfilment, ")}: ${c.value} ${c.unit} (${c.source})`);
  }
}

export function registerExampleCommands(demo: Command): void {
  demo
    .command("dprk", { isDefault: true })
    .description("The worked example (default): the DPRK's 2016–2020 strategy reviewed and its 2021–2025 draft checked under sanctions and a closed border")
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--json", "print the whole result as JSON")
    .option("--out <dir>", "folder for the report (dprk.html, dprk.md, dprk.pdf)", join(".ioplan", "report"))
    .option("--pdf", "also render the report as PDF through Chromium")
    .option("--serve", "then start the dashboard and API on this example (until Ctrl-C)")
    .option("--port <port>", "port for --serve (0: any free port)", "8080")
    .option("--host <host>", "address for --serve", "127.0.0.1")
    .addHelpText("after", "\nExample:\n  ioplan demo            (the same as: ioplan demo dprk)\n  ioplan demo --serve    (what npm start runs: then the dashboard at http://127.0.0.1:8080/)\n  ioplan demo dprk --json > dprk.json\n  ioplan demo --pdf --out report/\n")
    .action(async (o: { db?: string; json?: boolean; out: string; pdf?: boolean; serve?: boolean; port: string; host: string }) => {
      const port = Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${o.port} is not a port number (0–65535)`);
      const store = await openStore(o.db);
      let serving = false;
      try {
        const x = await withProgress("running the worked example", o, (p) => withSolver((s) => runDprkExample(repoRoot(), store, s, (d, t, what) => p.update(d, t, what))));
        const written = await writeReport(dprkReport(x, repoRoot(), new Date().toISOString().slice(0, 10)), o.out, "dprk", { pdf: o.pdf });
        if (o.json) console.log(JSON.stringify({ ...x, report: written }, null, 2));
        else {
          printDprkSummary(x, o.db ?? process.env.IOPLAN_DB ?? ".ioplan/ioplan.sqlite");
          console.log(`\nReport: ${written.html}${written.pdf ? `, ${written.pdf}` : ""} (and ${written.markdown})`);
        }
        if (o.serve) {
          serving = true;
          console.log("");
          await serveUntilStopped({ host: o.host, port, workspace: join(repoRoot(), "examples"), store, label: "Dashboard (this example)" });
        }
      } finally {
        if (!serving) await store.close();
      }
    });
}

/** `ioplan report <plan…>`: a self-contained HTML report (and Markdown; PDF with --pdf) on plan files. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("Write a self-contained HTML report (inline SVG charts, no network), a Markdown summary and, with --pdf, a PDF")
    .argument("<plans...>", "plan files (reviews use the observations store when targets name observed indicators)")
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--out <dir>", "folder to write into", join(".ioplan", "report"))
    .option("--name <name>", "file name without extension", "report")
    .option("--title <title>", "report title (default: the plan's name)")
    .option("--date <YYYY-MM-DD>", "date printed in the footer (default: today; fix it for reproducible files)")
    .option("--pdf", "also render a PDF through Chromium")
    .option("--json", "print the paths written as JSON")
    .addHelpText("after", "\nExample:\n  ioplan report examples/dprk/plans/2021-2025-draft.yaml --pdf --out report/\n")
    .action(async (plans: string[], o: { db?: string; out: string; name: string; title?: string; date?: string; pdf?: boolean; json?: boolean }) => {
      for (const p of plans) existing(p, "plan file");
      if (o.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new UsageError(`--date ${o.date} is not a date YYYY-MM-DD`);
      const store = await openStore(o.db);
      try {
        const input = await withProgress("gathering the report", o, () => withSolver((s) => planReport(plans, store, s, o.date ?? new Date().toISOString().slice(0, 10), o.title)));
        const written = await writeReport(input, o.out, o.name, { pdf: o.pdf });
        if (o.json) console.log(JSON.stringify(written, null, 2));
        else console.log(`wrote ${written.html}, ${written.markdown}${written.pdf ? `, ${written.pdf}` : ""}`);
      } finally {
        await store.close();
      }
    });
}
