/**
 * The report's section on scenarios: the comparison table, fulfilment and resource charts, and each infeasible
 * scenario's relaxations and bottlenecks.
 */
import type { PlanSection } from "./reportInput.ts";
import type { Relaxation } from "../engine/index.ts";
import type { ReportScenario } from "./reportInput.ts";
import { formatPercent } from "../engine/index.ts";
import type { SeriesPoint } from "./charts.ts";
import { yearLines } from "./charts.ts";
import { COLOURS, seriesColour } from "./chartStyle.ts";
import { columnFormat } from "./columnFormat.ts";
import { esc, table } from "./tables.ts";
import { svg } from "./svgMarkup.ts";

/** " Drawn on top of each other: a, b and c." for series whose values are all the same (else ""). */
export function coincide(points: readonly SeriesPoint[]): string {
  const bySeries = new Map<string, string>();
  for (const p of points) bySeries.set(p.series, `${bySeries.get(p.series) ?? ""}${p.year}:${p.value.toPrecision(9)};`);
  const groups = new Map<string, string[]>();
  for (const [series, key] of bySeries) groups.set(key, [...(groups.get(key) ?? []), series]);
  const same = [...groups.values()].filter((g) => g.length > 1);
  if (!same.length) return "";
  const list = (g: string[]) => `${g.slice(0, -1).map(esc).join(", ")} and ${esc(g[g.length - 1])}`;
  return ` Equal throughout, so drawn on top of each other (markers set apart): ${same.map(list).join("; ")}.`;
}

/**
 * The relaxations a scenario needs, one row per target or limit and one column per year (a plan needs hundreds on a
 * large model: as a list they filled sixteen printed pages): how much must give, in the row's unit, and as a share.
 */
export function relaxationTable(relaxations: readonly Relaxation[]): string {
  const years = [...new Set(relaxations.map((r) => r.year))].sort((a, b) => a - b);
  const rows = new Map<
    string,
    { label: string; unit: string; kind: Relaxation["kind"]; by: Map<number, Relaxation> }
  >();
  for (const r of relaxations) {
    const key = `${r.kind}:${r.id}`;
    if (!rows.has(key)) rows.set(key, { label: r.label, unit: r.unit, kind: r.kind, by: new Map() });
    rows.get(key)!.by.set(r.year, r);
  }
  // the unit most rows share is said once, above the table; a row in another unit says its own
  const count = new Map<string, number>();
  for (const q of rows.values()) count.set(q.unit, (count.get(q.unit) ?? 0) + 1);
  const common = [...count].reduce((best, u) => (u[1] > best[1] ? u : best), ["", 0])[0];
  const inCommon = columnFormat(relaxations.filter((r) => r.unit === common).map((r) => r.amountInUnit));
  const body = [...rows.values()].map((q) => {
    const f = q.unit === common ? inCommon : columnFormat([...q.by.values()].map((r) => r.amountInUnit));
    const note = [q.kind === "limit" ? "raised" : "", q.unit === common ? "" : esc(q.unit)].filter(Boolean).join(", ");
    return [
      `${esc(q.label)}${note ? ` <small>(${note})</small>` : ""}`,
      ...years
        .map((y) => q.by.get(y))
        .map((r) => (r ? `${f(r.amountInUnit)}<br><small>${formatPercent(r.share)}</small>` : "")),
    ];
  });
  const numeric = [false, ...years.map(() => true)];
  return (
    `<p class="keep"><small>${relaxations.length} relaxations: by how much each target is lowered ` +
    `(each limit raised), in ${esc(common)}, and that as a share of it.</small></p>` +
    table(["target or limit", ...years.map(String)], body, numeric).replace("<table>", '<table class="compact">')
  );
}

export function comparisonHtml(p: PlanSection, c: ReportScenario[]): string {
  const out: string[] = [];
  out.push(
    table(
      ["scenario", "feasible", "targets met", "mean fulfilment", "main bottleneck"],
      c.map((s) => [
        `<span class="nowrap">${esc(s.scenario)}</span>`,
        s.feasible ? "yes" : `no (${s.relaxations} relaxations)`,
        `${s.targetsMet}/${s.targetYears}`,
        formatPercent(meanOf(s)),
        esc(s.topBottleneck),
      ]),
      [false, false, true, true, false],
    ),
  );
  const fulfil: SeriesPoint[] = c.flatMap((s) => {
    const years = [...new Set(s.best.fulfilment.map((f) => f.year))].sort();
    return years.map((y) => {
      const fs = s.best.fulfilment.filter((f) => f.year === y && !f.id.startsWith("baseline:"));
      return {
        series: s.scenario,
        year: y,
        value: fs.reduce((a, f) => a + Math.min(f.share, 1), 0) / Math.max(1, fs.length),
      };
    });
  });
  // one colour per scenario in both charts; "required" has its own, in every report
  const colour = Object.fromEntries(c.map((s, k) => [s.scenario, seriesColour(k)]));
  const fulfilOptions = { unit: "mean fulfilment of targets", percent: true, colours: colour };
  out.push(
    `<figure>${svg((d) => yearLines(fulfil, d, fulfilOptions))}` +
      "<figcaption>Scenario comparison: the best plan's mean fulfilment of the targets each year " +
      `(weighted harmony).${coincide(fulfil)}</figcaption></figure>`,
  );
  const base = c[0];
  for (const id of [...new Set(base.check.resources.map((x) => x.id))]) {
    const label = base.check.resources.find((x) => x.id === id)!.label;
    const required = `${label}: required`;
    const res: SeriesPoint[] = base.check.resources
      .filter((q) => q.id === id)
      .map((x) => ({ series: required, year: x.year, value: x.required }));
    for (const s of c)
      for (const x of s.check.resources.filter((q) => q.id === id))
        res.push({ series: `available: ${s.scenario}`, year: x.year, value: x.limit });
    const colours = {
      [required]: COLOURS.required,
      ...Object.fromEntries(c.map((s) => [`available: ${s.scenario}`, colour[s.scenario]])),
    };
    out.push(
      `<figure>${svg((d) => yearLines(res, d, { unit: p.unit, colours }))}<figcaption>${esc(label)}: ` +
        "what the plan requires (without shocks) against what each scenario leaves available " +
        `(${esc(p.unit)}).${coincide(res)}</figcaption></figure>`,
    );
  }
  for (const s of c.filter((q) => !q.feasible)) {
    out.push(
      `<details><summary>${esc(s.scenario)}: the smallest relaxation that makes the plan feasible</summary>` +
        `${relaxationTable(s.check.relaxations)}${bestPlanBottlenecks(s)}</details>`,
    );
  }
  return out.join("\n");
}

/** An infeasible scenario's best plan: none, or its bottlenecks (the first by their effect on the targets). */
function bestPlanBottlenecks(s: ReportScenario): string {
  if (s.best.status === "infeasible")
    return (
      "<p>No best plan: its limits, capacities and floors cannot all hold " +
      "(the relaxation above says what would have to give).</p>"
    );
  if (!s.best.bottlenecks.length) return "";
  const byEffect = s.best.effects?.length ? "the first said by its effect on the targets; the rest as " : "";
  const lines = [
    ...(s.best.effects ?? []).map((e) => e.text),
    ...s.best.bottlenecks.slice(s.best.effects?.length ?? 0, 8).map((b) => b.text),
  ];
  return (
    `<p class="keep">Bottlenecks of the best plan (${byEffect}shadow prices of weighted harmony):</p>` +
    `<ul>${lines.map((t) => `<li>${esc(t)}</li>`).join("")}</ul>`
  );
}

/** A scenario's mean fulfilment, or null (printed "—") when it has no best plan to take a mean of. */
export const meanOf = (s: { meanFulfilment: number }): number | null =>
  Number.isFinite(s.meanFulfilment) ? s.meanFulfilment : null;
