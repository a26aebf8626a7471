/** The worked example's summary for the terminal: one screen (at most 60 lines), ranges where they matter. */
import { formatNumber } from "../engine/index.ts";
import type { DprkExample, GrowthFigure } from "../app/dprk/example.ts";
import type { YearExplanation } from "../app/observedWorld.ts";
import type { InflowPoint } from "../app/uncertainty.ts";
import { amount } from "./explanationText.ts";
import { pct } from "./shared.ts";
import { formatTable } from "./table.ts";

const indent = (lines: string[], by = "   ") => lines.map((l) => `${by}${l}`);
const range = (v: number, r?: { min: number; max: number }) =>
  r && Math.abs(r.max - r.min) > 0.01 * Math.max(1e-9, Math.abs(v))
    ? `${amount(v)} (${amount(r.min)} to ${amount(r.max)})`
    : amount(v);
/** Words wrapped at `width` characters (continuation lines indented by two). */
function wrap(text: string, width = 124): string[] {
  const out: string[] = [];
  let line = "";
  // a number keeps its unit on its line ("20.2 %")
  for (const w of text.replace(/ %/g, "\u00a0%").split(" ")) {
    if (line && line.length + 1 + w.length > width) {
      out.push(line);
      line = `  ${w}`;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out.map((l) => l.replace(/\u00a0/g, " "));
}

const signed = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)} %`;
const growth = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(1)}`;

/** A source's first words ("Asia Economy"), when no author is named. */
const shortSource = (src: string) => src.replace(/[,(].*$/, "").trim();

/** Growth by source and vintage: outcomes beside each other, projections labelled apart, the DPRK's own apart. */
function growthLines(figures: readonly GrowthFigure[], vs2011: { ratio: number; how: string }): string[] {
  const bok = figures.filter((f) => f.kind === "estimate" && /Bank of Korea/.test(f.vintage));
  const last = Math.max(...bok.map((f) => f.year));
  const others = figures.filter((f) => f.year === last && f.kind === "estimate" && !bok.includes(f));
  const proj = figures.filter((f) => f.year === last && f.kind === "projection");
  const own = figures.filter((f) => f.kind === "reported");
  const fig = (f: GrowthFigure) => `${growth(f.value)} (${f.by ?? shortSource(f.source)}, ${f.vintage})`;
  const ownFigure = (f: GrowthFigure) => `${growth(f.value)} % ${f.source.replace(/^.*\(average ([^)]*)\).*$/, "$1")}`;
  const ownText = own.length ? ` The DPRK's own: ${own.map(ownFigure).join("; ")} (to the UN, 2021).` : "";
  return [
    ...wrap(
      `Real GDP growth, % (the ROK central bank's estimates): ` +
        `${bok.map((f) => `${f.year} ${growth(f.value)}`).join(", ")}. ${last}, other estimates: ` +
        `${others.map(fig).join("; ") || "none"}; projections (not outcomes): ` +
        `${proj.map(fig).join("; ") || "none"}. GDP in ${last} stood at ${pct(vs2011.ratio)} of 2011 ` +
        `(${vs2011.how}).${ownText}`,
    ),
  ];
}

/** The 2016–2020 rule against the Bank of Korea's series, on 2015's and 2014's base. */
function ruleLines(x: DprkExample): string[] {
  const s = x.strategy;
  const end = s.review.years[s.review.years.length - 1];
  const dry = (c: (typeof s.categories)[number]) =>
    c.sectors.includes("EGW") && c.rate2015 ? ` (2015: drought, ${formatNumber(c.rate2015.value)} %)` : "";
  const rows = s.categories.map((c) => [
    c.sectors.length > 1
      ? `Heavy and chemical industry (one series: ${c.sectors.join(", ")})`
      : `${c.label.replace(/ \(.*\)$/, "")}${dry(c)}`,
    pct(c.ratio2015),
    c.ratio2014 === null ? "—" : pct(c.ratio2014),
    c.status,
  ]);
  return [
    ...wrap(
      `No numeric targets were published; against the stated aim (every sector restores growth), ` +
        `${s.categoriesBelow2015} of ${s.categories.length} of the ROK central bank's series (some years ` +
        `derived by ioplan, labelled) were below 2015 in ${end} (value-added growth applied to gross output):`,
    ),
    ...indent(formatTable(["series", `${end} ÷ 2015`, `${end} ÷ 2014`, "status"], rows).split("\n"), "  "),
  ];
}

function physicalLines(x: DprkExample): string[] {
  const p = x.strategy.physical.filter((q) => q.first.year !== q.last.year);
  const unit = (u: string) => (u === "million tonnes" ? "Mt" : u);
  const whole = p.filter(
    (q) =>
      q.first.year === x.strategy.review.years[0] &&
      q.last.year === x.strategy.review.years[x.strategy.review.years.length - 1],
  );
  const part = p.filter((q) => !whole.includes(q));
  const wholeText = (q: (typeof p)[number]) =>
    `${q.label.toLowerCase()} ${amount(q.first.value)} → ${amount(q.last.value)} ${unit(q.unit)} ` +
    `(${signed(q.change)})`;
  const partText = (q: (typeof p)[number]) =>
    `${q.label.toLowerCase()} ${signed(q.change)} ` +
    `(${q.first.year === whole[0]?.first.year ? "to " : `${q.first.year}–`}${q.last.year})`;
  const food = x.strategy.food.map((f) => f.text.replace(/ \(([\d.]+ million people), Statistics Korea\)$/, ""));
  return [
    ...wrap(
      `Physical output ${whole[0]?.first.year ?? ""}→${whole[0]?.last.year ?? ""}: ` +
        `${whole.map(wholeText).join(", ")}; for part of it: ${part.map(partText).join(", ")}.`,
    ),
    ...wrap(`Grain: 7 Mt was a national target (the DPRK, 2021), not a plan figure. Food: ${food.join("; ")}.`),
  ];
}

/** True when some part's range across the donor tables spans zero (its sign is not settled). */
function flips(r: DprkExample["strategy"]["review"], t: YearExplanation["valueAdded"]): boolean {
  return t.parts.some((p) => {
    const m = r.modelRange?.[`valueAdded.parts.${p.channel}`];
    return m !== undefined && m.min < 0 && m.max > 0;
  });
}

/** The parts whose effect switched first and switched last differ in sign (gross output), named. */
function orderFlips(e: YearExplanation): string {
  return e.total.parts
    .filter((p) => p.first * p.last < 0)
    .map((p) => p.label.replace(/ \(.*\)$/, ""))
    .join(", ");
}

/** The year's explanation in a few lines, with the range across donor tables. */
function explanationSummary(e: YearExplanation, x: DprkExample): string[] {
  const r = x.strategy.review;
  // in value added: every donor table carries the same value added, while their gross outputs differ in scale
  const t = e.valueAdded;
  const mr = r.modelRange ?? {};
  const parts = t.parts.map(
    (p) =>
      `${p.label.replace(/ \(.*\)$/, "").replace(/^logged shock: ([^:]*):.*$/, "$1")} ` +
      `${range(p.value, mr[`valueAdded.parts.${p.channel}`])}`,
  );
  return [
    `Why value added fell short in ${e.year}, through the model (${e.units}; in brackets the range across ` +
      `${r.models.length} donor tables, China 2000 central):`,
    `  shortfall ${range(t.shortfall, mr["valueAdded.shortfall"])} = modelled ` +
      `${range(t.modelled, mr["valueAdded.modelled"])} + unexplained ` +
      `${range(t.unexplained, mr["valueAdded.unexplained"])}`,
    ...wrap(`parts (Shapley): ${parts.join("; ")}.`).map((l) => `  ${l}`),
    ...wrap(
      (t.parts.some((p) => p.value < 0)
        ? "A negative part raised output in the model (imports cut short made at home, at the assumed cost of 1). "
        : "") +
        `Parts move by up to ${pct(e.interaction)} of the modelled total with the order` +
        (orderFlips(e) ? `; the ${orderFlips(e)} part changes sign with it` : "") +
        (flips(r, t) ? "; across donor tables a part changes sign" : "") +
        ".",
    ).map((l) => `  ${l}`),
    ...wrap(
      r.backcast.line
        .replace(" with a mean absolute error of", ": mean absolute error")
        .replace(" and Theil's U", ", Theil's U"),
    ).map((l) => `  ${l}`),
  ];
}

function draftLines(x: DprkExample): string[] {
  const d = x.draft.review;
  const substitutionPoint = (p: (typeof x.draft.substitution.points)[number]) =>
    `${p.share}${p.share === x.draft.substitution.calibrated ? " calibrated" : ""}: ` +
    `${p.feasible ? "none" : p.relaxations}`;
  const observed = d.years.filter((y) => d.targets.some((t) => t.years.find((q) => q.year === y)?.observed != null));
  return [
    '2. The 2021–2025 plan: published are metals and chemicals as "key links" and 50,000 flats; every figure ' +
      "marked stand-in is not.",
    ...indent(
      formatTable(
        ["scenario", "feasible", "targets met", "mean fulfilment", "main bottleneck"],
        x.draft.comparison.map((c) => [
          c.scenario,
          c.feasible ? "yes" : `no (${c.relaxations} relax.)`,
          `${c.targetsMet}/${c.targetYears}`,
          pct(c.meanFulfilment),
          c.topBottleneck.split(":")[0],
        ]),
      ).split("\n"),
    ),
    ...indent(
      wrap(
        `"${x.draft.substitution.scenario}" rests on home-made imports (relaxations at share ` +
          `${x.draft.substitution.points.map(substitutionPoint).join(", ")}; ` +
          `bans are made good at home at any share). ${foreignExchangeText(x)} (Not asked: who buys it.)`,
      ),
    ),
    ...indent(capacityLines(x)),
    ...indent(
      wrap(
        `Since 2021: ${rollUpLine(d.rollUp)}; model MAPE ${d.backcast.overall.mape.toFixed(1)} %, Theil's U ` +
          `${d.backcast.overall.theilU.toFixed(3)} (no change ${d.backcast.overall.naiveMape.toFixed(1)} %, ` +
          `${d.backcast.overall.naiveTheilU.toFixed(3)}); ${shareExplained(d)}.`,
      ),
    ),
    ...indent(formatTable(["target", ...observed.map(String), "projected 2025"], targetRows(d, observed)).split("\n")),
    ...ownClaims(x),
  ];
}

/** "missed in N of M targets observed (…)" from the roll-up's counts, with the series behind the targets. */
function rollUpLine(r: DprkExample["draft"]["review"]["rollUp"]): string {
  const notes = [
    r.near ? `${r.near} near` : "",
    r.notObserved ? `${r.notObserved} not observed` : "",
    r.series !== undefined
      ? `${r.series} ` +
        `series${r.shared?.length ? `, ${r.shared.map((q) => `${q.targets.length} targets on one`).join(", ")}` : ""}`
      : "",
  ].filter(Boolean);
  return (
    `missed in ${r.missed} of ${r.total - r.notObserved} targets ` +
    `observed${notes.length ? ` (${notes.join("; ")})` : ""}`
  );
}

/** How much of the value-added shortfall since 2021 the model's channels account for, from the explanations. */
function shareExplained(d: DprkExample["draft"]["review"]): string {
  const e = d.explanations.filter((q) => q.valueAdded.shortfall > 0);
  const modelled = e.reduce((a, q) => a + q.valueAdded.modelled, 0);
  const unexplained = e.reduce((a, q) => a + q.valueAdded.unexplained, 0);
  if (!e.length) return "no shortfall to explain";
  return (
    `value-added shortfall ` +
    `${e[0].year === e[e.length - 1].year ? e[0].year : `${e[0].year}–${e[e.length - 1].year}, summed`}: ` +
    `${amount(modelled)} modelled, ${amount(unexplained)} unexplained`
  );
}

/** What pays for imports under the record, at both ends of the inflows' ranges, and whether the verdict moves. */
function foreignExchangeText(x: DprkExample): string {
  const f = x.draft.foreignExchange;
  if (!f.points.length) return "";
  const last = (p: InflowPoint) => p.funded[p.funded.length - 1];
  const [low, , high] = f.points;
  const n = (v: unknown) => (typeof v === "number" ? v.toLocaleString("en-US") : "by year");
  const ranges = f.inflows
    .map(
      (q) =>
        `${q.label
          .replace(/:.*$/, "")
          .replace(/^overseas workers' earnings$/, "workers")
          .replace(/^other inflows$/, "other")} ${n(q.low)}–${n(q.high)}`,
    )
    .join(", ");
  const at = (p: InflowPoint) => (p.feasible ? "feasible" : `${p.relaxations} relaxations`);
  const verdict = (points: InflowPoint[]) =>
    points.every((p) => p.feasible === points[0].feasible && p.relaxations === points[0].relaxations)
      ? `${at(points[0])} at both ends`
      : points.map((p) => `${p.inflows}: ${at(p)}`).join(", ");
  const half = f.atHalfShare.length ? `; at share 0.5, ${verdict(f.atHalfShare)}` : "";
  return (
    `Exports and other inflows (${ranges}, ${f.unit.replace("million USD", "USD m")}) pay for ` +
    `${pct(last(low).share)}–${pct(last(high).share)} of pre-ban imports in ${last(low).year}: ` +
    `${verdict(f.points)}${half}.`
  );
}

/** The one scenario that reads 2016–2020's fall as lost capacity: what the verdict rests on besides imports. */
function capacityLines(x: DprkExample): string[] {
  const c = x.draft.comparison.find((q) => q.scenario === "capacity-as-2020");
  if (!c) return [];
  return wrap(
    (
      `"capacity-as-2020" (capacity lost by 2020) ` +
      `${c.feasible ? "holds" : `fails in 2021, by construction, ${yearsFailing(c)}`}; ${floorText(c)}.`
    ).replace(" (it gives last)", ""),
    118,
  );
}

/** The years after the first with relaxations (what investment could not make good). */
function yearsFailing(c: DprkExample["draft"]["comparison"][number]): string {
  const first = Math.min(...c.check.relaxations.map((q) => q.year));
  const later = [...new Set(c.check.relaxations.filter((q) => q.year > first).map((q) => q.year))].sort();
  return later.length ? `and in ${later.join(", ")}` : "not after";
}

/** Whether the household floor held in a scenario's check (it gives last, by its weight), or which years it gave. */
export function floorText(c: DprkExample["draft"]["comparison"][number]): string {
  const gave = c.check.relaxations.filter((q) => q.kind === "floor");
  return gave.length
    ? `even the household floor gives in ${gave.map((q) => `${q.year} (${pct(q.share)})`).join(", ")}`
    : "the household floor holds (it gives last)";
}

/** One row per target observed since 2021; targets with the same figures on the same series share a row. */
function targetRows(d: DprkExample["draft"]["review"], observed: number[]): string[][] {
  const rows = new Map<string, string[]>();
  for (const t of d.targets.filter((q) => q.years.some((y) => y.observed !== null))) {
    const cells = [
      ...observed.map((yy) => pct(t.years.find((q) => q.year === yy)!.ratio ?? NaN)),
      t.projection ? pct(t.projection.ratio) : "—",
    ];
    const key = `${t.indicator} ${cells.join(" ")}`;
    const row = rows.get(key);
    if (row) row[0] = `${row[0].replace(/ \(.*\)$/, "")}, ${t.label.toLowerCase()}`;
    else rows.set(key, [t.label, ...cells]);
  }
  return [...rows.values()];
}

/** The government's own claims in one line: the range of H1 2023 plan fulfilment (KCNA) and the flats completed. */
function ownClaims(x: DprkExample): string[] {
  const h1 = x.draft.claims.filter((c) => /^h1_2023/.test(c.indicator));
  const flats = x.draft.claims.filter((c) => /flats/.test(c.indicator));
  const v = h1.map((c) => c.value);
  const flatsText = flats.map((c) => `; ${c.value.toLocaleString("en-US")} flats in ${c.period} (Voice of Korea)`);
  return [
    `   Own claims: ${Math.min(...v)}–${Math.max(...v)} % of the H1 2023 plan for ${h1.length} products ` +
      `(KCNA)${flatsText.join("")}.`,
  ];
}

/** The whole summary, line by line. */
export function dprkSummaryLines(x: DprkExample, where: string): string[] {
  const r = x.strategy.review;
  const rows = x.imported.reduce((a, f) => a + f.rows, 0);
  const added = x.imported.reduce((a, f) => a + f.added, 0);
  const a = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  return [
    "ioplan worked example: the DPRK's 2016–2020 strategy and 2021–2025 plan; every figure is sourced, " +
      "modelled or an assumption",
    `Observations: ${rows} figures with their sources, ${added} new, in ${where}.`,
    '1. 2016–2020. Kim Jong Un, 5 Jan 2021 (KCNA, via Reuters): the strategy "tremendously fell short of ' +
      'goals on almost every sector".',
    ...indent(growthLines(x.strategy.growth, x.strategy.gdp2020vs2011)),
    ...indent(ruleLines(x)),
    ...indent(physicalLines(x)),
    ...(a ? indent(explanationSummary(a, x)) : []),
    "",
    ...draftLines(x),
  ];
}
