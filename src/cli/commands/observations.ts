/** Commands on observations: observe import/list/reconcile. */
import type { Command } from "commander";
import { DEFAULT_PRECEDENCE, SOURCE_TYPES, clip, counted, formatNumber } from "../../engine/index.ts";
import {
  importObservationsFile,
  listObservations,
  openObservationStore as openStore,
  reconcileStored,
} from "../../app/observations.ts";
import { OBSERVATION_KINDS, OBSERVATION_STATUSES } from "../../engine/index.ts";
import { UsageError, existing, pct } from "../shared.ts";
import { reviewWithRanges } from "../../app/explainPlan.ts";
import { addExplainOptions, explainOptions } from "./explain.ts";
import { explanationLines } from "../explanationText.ts";
import type { Ranges } from "../explanationText.ts";
import { formatTable } from "../table.ts";
import { withProgress } from "../progress.ts";

export function registerObservationCommands(program: Command): void {
  const observe = program
    .command("observe")
    .description("Reported figures with their sources: import and list (SQLite by default, or --db postgres://…)");
  registerObserveImport(observe);
  registerObserveList(observe);
  registerObserveReconcile(observe);
  registerReview(program);
}

/** `ioplan observe import`. */
function registerObserveImport(observe: Command): void {
  observe
    .command("import")
    .description(
      "Import an observations CSV (the layout of shared/data/dprk/indicators.csv, or the generic one) in one " +
        "transaction",
    )
    .argument("<csv>", "observations file")
    .option("--db <location>", "SQLite file or postgres:// URL (default: .ioplan/ioplan.sqlite or $IOPLAN_DB)")
    .option("--progress-lines", "print progress as plain lines (for scripts)")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      `\nLayouts (by header; either may add a source_type column: ${SOURCE_TYPES.join(", ")}):\n` +
        `  indicator,unit,year,value,kind,source_name,source_url,note\n` +
        `  indicator,period,value,unit,kind,source_name,source_url,published,status,note\n` +
        `Periods: a year (2019), a quarter (2019-Q2 or 2019Q2), a month (2019-05), a span (2021-2025) or ` +
        `empty.\nkind: ${OBSERVATION_KINDS.join(", ")}; status: ${OBSERVATION_STATUSES.join(", ")} (the ` +
        `indicators layout sets it from the kind).\n\nExample:\n` +
        `  ioplan observe import ../shared/data/dprk/indicators.csv\n`,
    )
    .action(async (file: string, o: { db?: string; progressLines?: boolean; json?: boolean }) => {
      existing(file, "observations file");
      const store = await openStore(o.db);
      try {
        const r = await withProgress(`importing ${file}`, o, (p) =>
          importObservationsFile(store, file, (done, total) =>
            o.progressLines ? console.log(`progress ${done} of ${total}`) : p.update(done, total),
          ),
        );
        if (o.json) console.log(JSON.stringify(r, null, 2));
        else {
          console.log(
            `${file}: ${r.rows} rows; ${r.added} added, ${r.revised} revisions appended, ${r.unchanged} ` +
              `already stored (${store.kind})`,
          );
          for (const w of r.warnings)
            console.log(`  warning: line ${w.line}, ${w.field} = ${JSON.stringify(w.value)}: ${w.message}`);
        }
      } finally {
        await store.close();
      }
    });
}

/** `ioplan observe list`. */
function registerObserveList(observe: Command): void {
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
        const rows = await listObservations(store, { indicator: o.indicator, allRevisions: o.allRevisions });
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          formatTable(
            ["indicator", "period", "value", "unit", "kind", "source type", "rev.", "source"],
            rows.map((r) => [
              r.indicator,
              r.period,
              r.text ?? formatNumber(r.value ?? NaN),
              r.unit,
              r.kind,
              r.sourceType ?? "not declared",
              String(r.revision),
              clip(r.sourceName, 50),
            ]),
          ),
        );
      } finally {
        await store.close();
      }
    });
}

/** `ioplan observe reconcile`. */
function registerObserveReconcile(observe: Command): void {
  observe
    .command("reconcile")
    .description(
      "Best estimate per indicator and period under a source-precedence rule, the range across sources, and " +
        "every disagreeing figure",
    )
    .option("--db <location>", "SQLite file or postgres:// URL")
    .option("--indicator <name>", "only this indicator")
    .option(
      "--precedence <types>",
      `source types in order, comma-separated (${SOURCE_TYPES.join(", ")}); default: the nearest ` +
        `ioplan.json's "precedence", else ioplan's order`,
    )
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nDefault rule, by each source's declared type (the observation file's source_type column): " +
        DEFAULT_PRECEDENCE.map((s) => s.label)
          .filter((l, k, a) => a.indexOf(l) === k)
          .join(" > ") +
        ". Targets are never a best estimate.\n" +
        'A workspace sets its own order in ioplan.json: { "precedence": ["central-bank", "official-statistics"] } ' +
        "(types left out follow in the default order).\n\n" +
        "Example:\n  ioplan observe reconcile --indicator real_gdp_growth\n" +
        "  ioplan observe reconcile --precedence official-statistics,independent-estimate,central-bank\n",
    )
    .action(async (o: { db?: string; indicator?: string; json?: boolean; precedence?: string }) => {
      const store = await openStore(o.db);
      try {
        const all = await reconcileStored(store, { indicator: o.indicator, precedence: o.precedence });
        if (o.json) return console.log(JSON.stringify(all, null, 2));
        const r = all.reconciliations;
        const undeclared = all.undeclared
          ? `; ${counted(all.undeclared, "figure")} ${all.undeclared === 1 ? "declares" : "declare"} no ` +
            "source type (add a source_type column to their file)"
          : "";
        console.log(`Rule (${all.rule}): ${all.order.join(" > ")}${undeclared}\n`);
        console.log(
          formatTable(
            ["indicator", "period", "best", "unit", "rule", "range", "sources", "disagreeing"],
            r.map((x) => [
              x.indicator,
              x.period,
              formatNumber(x.best.value ?? NaN),
              x.unit,
              x.best.rule,
              x.range.min === x.range.max ? "—" : `${formatNumber(x.range.min)} … ${formatNumber(x.range.max)}`,
              String(x.sources),
              x.conflicts.map((c) => `${formatNumber(c.value ?? NaN)} (${c.sourceType ?? c.kind})`).join(", "),
            ]),
          ),
        );
      } finally {
        await store.close();
      }
    });
}

type Review = Awaited<ReturnType<typeof reviewWithRanges>>;

/** The last year that fell short, explained through the model, with where its ranges come from. */
function printLastShortfall(r: Review): void {
  const last = [...r.explanations].reverse().find((e) => e.total.shortfall > 0);
  if (last) {
    console.log("");
    const ranges: Ranges = { ...r.modelRange, ...(r.uncertainty?.byYear[last.year] ?? {}) };
    for (const l of explanationLines(last, ranges)) console.log(l);
    if (r.uncertainty) console.log(`  Ranges in brackets: ${r.uncertainty.description}.`);
    else if (r.modelRange) console.log(`  Ranges in brackets: min to max across the plan's ${r.models.length} models.`);
    console.log("  Every part's sources, and each sector's account, with --json or ioplan explain --sectors.");
  }
  if (r.explanations.length) console.log(`\n${r.backcast.line}`);
}

/** The review as text: fulfilment per target and year, spans, what is not reviewed, and the last shortfall. */
function printReview(r: Review): void {
  if (!r.targets.length) {
    // "missed in 0 of 0" says nothing: say why there is nothing to review, and how to give the plan something
    console.log(
      `${r.plan}: nothing to review: no target names an observed ` +
        `indicator${r.unmapped.length ? ` (${r.unmapped.join(", ")} have none)` : ""}. Give a target ` +
        `\`observed: { indicator: <name> }\` for figures imported with ioplan observe import.`,
    );
    for (const w of r.warnings) console.log(`  warning: ${w.path}: ${w.message}`);
    return;
  }
  console.log(`${r.plan}: ${r.rollUp.text} (cumulative over the years observed; near ≥ ${pct(r.thresholds.near)})\n`);
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
  const cell = (ratio: number | null, status: string) =>
    ratio === null ? "—" : `${pct(ratio)} ${status === "met" ? "✓" : status === "near" ? "~" : "✗"}`;
  console.log(
    formatTable(
      ["target", "indicator", ...r.years.map(String), "cumulative", `projected ${r.years[r.years.length - 1]}`],
      r.targets.map((t) => [
        t.label,
        t.indicator,
        ...t.years.map((y) => cell(y.ratio, y.status)),
        cell(t.cumulative.ratio, t.cumulative.status),
        t.projection ? cell(t.projection.ratio, t.projection.status) : "—",
      ]),
    ),
  );
  for (const t of r.targets)
    for (const sp of t.spans)
      console.log(
        `  ${t.label}, ${sp.period} as a whole: ${fmt(sp.observed)} of ${fmt(sp.target)} = ` +
          `${cell(sp.ratio, sp.status)} (${sp.source})`,
      );
  if (r.unmapped.length)
    console.log(`\n  not reviewed (no observed indicator in the plan file): ${r.unmapped.join(", ")}`);
  for (const w of r.warnings) console.log(`  warning: ${w.path}: ${w.message}`);
  printLastShortfall(r);
}

/** `ioplan review`: fulfilment from the observations, and why output fell short. */
function registerReview(program: Command): void {
  addExplainOptions(program.command("review"))
    .description(
      "Fulfilment of a plan's targets from the observations (best estimate per year after reconciliation): " +
        "per year, cumulative, projected; missed in N of M; why output fell short, through the model",
    )
    .argument("<plan>", "plan file whose targets name their `observed` indicator")
    .option("--near <ratio>", "lowest ratio counted as near (met is ≥ 1; default: the plan's review.near, else 0.9)")
    .option("--json", "print as JSON")
    .addHelpText(
      "after",
      "\nExample (after ioplan demo has imported the example's figures into .ioplan/ioplan.sqlite):\n" +
        "  ioplan review examples/dprk/plans/2016-2020-strategy.yaml\n" +
        "  ioplan review examples/dprk/plans/2016-2020-strategy.yaml --samples 200 --precedence " +
        "central-bank,official-statistics\n",
    )
    .action(
      async (
        file: string,
        o: Parameters<typeof explainOptions>[0] & { db?: string; near?: string; json?: boolean },
      ) => {
        const near = o.near === undefined ? undefined : Number(o.near);
        if (near !== undefined && !(near > 0 && near <= 1))
          throw new UsageError(`--near ${o.near} is not a ratio in (0, 1]`);
        const opts = explainOptions(o);
        const store = await openStore(o.db);
        try {
          const r = await withProgress("reviewing", o, () =>
            reviewWithRanges(existing(file, "plan file"), store, {
              ...opts,
              thresholds: near === undefined ? undefined : { met: 1, near },
            }),
          );
          if (o.json) return console.log(JSON.stringify(r, null, 2));
          printReview(r);
        } finally {
          await store.close();
        }
      },
    );
}
