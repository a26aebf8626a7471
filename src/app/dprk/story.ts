/**
 * The worked example's story in sentences, for the report's opening (the terminal's summary tells the same in
 * src/cli/dprkSummary.ts): what was said, what the estimates show by source, how much of it the model explains, with
 * the range across donor tables, and how far the model is to be trusted.
 */
import { formatPercent } from "../../engine/index.ts";
import type { DprkExample, GrowthFigure } from "./example.ts";

const pct = (v: number) => formatPercent(v);
const num = (v: number) => (Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));
const g = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(1)} %`;
const who = (f: GrowthFigure) => `${f.by ?? f.source.replace(/[,(].*$/, "").trim()}, ${f.vintage}`;

/** The opening paragraphs, every figure with its source or its model run. */
export function dprkStory(x: DprkExample): string[] {
  const out = strategyParagraphs(x);
  const explained = explanationParagraph(x);
  if (explained) out.push(explained);
  out.push(substitutionParagraph(x));
  const fx = foreignExchangeParagraph(x);
  if (fx) out.push(fx);
  const odd = grossOutputParagraph(x);
  if (odd) out.push(odd);
  out.push(restsOnParagraph(x));
  const lost = capacityLostParagraph(x);
  if (lost) out.push(lost);
  out.push(
    `This report rests on ${x.imported.reduce((a, f) => a + f.rows, 0)} figures with their sources (ROK ` +
      `central bank estimates, Statistics Korea's output figures, China's customs via the press, Fitch ` +
      `Solutions' projections, the DPRK's own claims), the sanctions, closures and disasters logged in ` +
      `events.csv, and a non-survey input–output model. Every figure is an observation with its source, a ` +
      `model result, or a labelled assumption; targets that were never published are stand-ins and marked so.`,
  );
  return out;
}

/** What was said of the 2016–2020 strategy, growth by source, the series below 2015, and food against need. */
function strategyParagraphs(x: DprkExample): string[] {
  const s = x.strategy;
  const bok = s.growth.filter((f) => f.kind === "estimate" && /Bank of Korea/.test(f.vintage));
  const last = Math.max(...bok.map((f) => f.year));
  const others = s.growth.filter((f) => f.year === last && f.kind === "estimate" && !bok.includes(f));
  const proj = s.growth.filter((f) => f.year === last && f.kind === "projection");
  const out = [
    "Kim Jong Un told the ruling party's 8th Congress on 5 January 2021 (KCNA, via Reuters) that the " +
      '2016–2020 strategy "tremendously fell short of goals on almost every sector". A plan for 2021–2025 ' +
      'followed, with the metal and chemical industries as "key links", under UN sanctions, a border closed ' +
      "since January 2020 and the damage of the 2020 floods.",
    `Real GDP growth by the ROK central bank's estimates: ` +
      `${bok.map((f) => `${f.year} ${g(f.value)}`).join(", ")}. For ${last}, other estimates: ` +
      `${others.map((f) => `${g(f.value)} (${who(f)})`).join("; ") || "none"}; projections, made before the ` +
      `outcome and not outcomes: ${proj.map((f) => `${g(f.value)} (${who(f)})`).join("; ") || "none"}. GDP in ` +
      `${last} stood at ${pct(s.gdp2020vs2011.ratio)} of 2011 (${s.gdp2020vs2011.how}).`,
    `Against the strategy's stated aim (every sector restores growth), ${s.categoriesBelow2015} of ` +
      `${s.categories.length} of the ROK central bank's series ended ${last} below 2015 (heavy and chemical ` +
      `industry is one series for metals, chemicals and machinery; value-added growth applied to gross ` +
      `output). Electricity stands at ` +
      `${pct(s.categories.find((c) => c.sectors.includes("EGW"))?.ratio2015 ?? NaN)} of 2015 but ` +
      `${pct(s.categories.find((c) => c.sectors.includes("EGW"))?.ratio2014 ?? NaN)} of 2014: 2015 was a ` +
      `drought year.`,
  ];
  if (s.food.length)
    out.push(`Living standards, against need: ${s.food.map((f) => `${f.text} [${f.id}, ${f.source}]`).join("; ")}.`);
  return out;
}

/** The range across donor tables of a value of the review's model runs, in brackets (empty when narrow). */
function donorRange(x: DprkExample): (k: string, v: number) => string {
  const r = x.strategy.review;
  const mr = r.modelRange ?? {};
  return (k, v) =>
    mr[k] && mr[k].max - mr[k].min > 0.01 * Math.abs(v)
      ? ` (${num(mr[k].min)} to ${num(mr[k].max)} across the ${r.models.length} donor tables)`
      : "";
}

/** Why value added fell short in the last year explained, through the model; undefined when none fell short. */
function explanationParagraph(x: DprkExample): string | undefined {
  const r = x.strategy.review;
  const e = [...r.explanations].reverse().find((q) => q.total.shortfall > 0);
  if (!e) return undefined;
  const rng = donorRange(x);
  // in value added, which every donor table carries alike (their gross outputs differ in scale)
  const t = e.valueAdded;
  const part = (p: (typeof t.parts)[number]) =>
    `${p.label} ${num(p.value)}${rng(`valueAdded.parts.${p.channel}`, p.value)}`;
  return (
    `Why value added fell short in ${e.year}, through the model (${e.units}): shortfall ` +
    `${num(t.shortfall)}${rng("valueAdded.shortfall", t.shortfall)} = modelled ` +
    `${num(t.modelled)}${rng("valueAdded.modelled", t.modelled)} + unexplained ` +
    `${num(t.unexplained)}${rng("valueAdded.unexplained", t.unexplained)}. ` +
    `Each observed channel's part (Shapley value): ${t.parts.map(part).join("; ")}. ` +
    `${r.backcast.line} The central model borrows WIOD China 2000's coefficients; China 2014 and Korea ` +
    `2000 and 2014 give the ranges, and the conclusions move with them.`
  );
}

/** The 2021–2025 draft's verdict under the recorded shocks at each import-substitution share. */
function substitutionParagraph(x: DprkExample): string {
  const sub = x.draft.substitution;
  const point = (p: (typeof sub.points)[number]) =>
    `at a substitution share of ${p.share}${p.share === sub.calibrated ? " (calibrated on 2016–2020)" : ""} it is ` +
    (p.feasible ? "feasible" : `infeasible (${p.relaxations} targets or limits must give)`);
  return (
    `The 2021–2025 draft under the shocks as recorded ("${sub.scenario}"): its verdict rests on how much of ` +
    `the imported inputs can be made at home — ${sub.points.map(point).join("; ")}.`
  );
}

/** How far exports and other inflows pay for the draft's imports; undefined without foreign-exchange points. */
function foreignExchangeParagraph(x: DprkExample): string | undefined {
  const fx = x.draft.foreignExchange;
  if (!fx.points.length) return undefined;
  const end = (k: number) => fx.points[k].funded[fx.points[k].funded.length - 1];
  const inflow = (q: (typeof fx.inflows)[number]) =>
    `${q.label} ${JSON.stringify(q.low)}–${JSON.stringify(q.high)} ${fx.unit} a year` +
    (q.source ? ` [${q.source}]` : "");
  const point = (p: (typeof fx.points)[number]) =>
    `${p.inflows}: ${p.feasible ? "feasible" : `${p.relaxations} targets or limits must give`}`;
  return (
    `Imports are paid for by exports and other inflows, not fixed: ${fx.inflows.map(inflow).join("; ")}. ` +
    `Under "${fx.scenario}" they pay for ${pct(end(0).share)} (every inflow at its low end) to ` +
    `${pct(end(2).share)} (high end) of the plan's imports in ${end(0).year}; ` +
    `${fx.points.map(point).join("; ")}.`
  );
}

/**
 * A harsher scenario with more gross output: the output that replaces imports is counted in it (more gross output,
 * but not more once the output making imports at home is taken out); undefined when no pair of scenarios is so.
 * "More" means more by over 0.1 % and visibly so at the printed precision: optima that tie (an LP's output beyond the
 * targets is not unique; another vertex of the same optimum can swap two near-equal totals) are not ranked.
 */
function grossOutputParagraph(x: DprkExample): string | undefined {
  const cs = x.draft.comparison.slice(1); // the scenarios, without "(no shocks)"
  const net = (c: (typeof cs)[number]) => c.outputLastYear - c.madeAtHomeLastYear;
  const more = (u: number, v: number) => u - v > 1e-3 * Math.abs(v) && num(u) !== num(v);
  const odd = cs.flatMap((a) =>
    cs.filter((b) => more(a.outputLastYear, b.outputLastYear) && net(a) <= net(b)).map((b) => [a, b] as const),
  )[0];
  if (!odd) return undefined;
  const [a, b] = odd;
  return (
    `"${a.scenario}" ends the plan with more gross output than "${b.scenario}" (${num(a.outputLastYear)} ` +
    `against ${num(b.outputLastYear)}) only because output counts what makes imported inputs at home ` +
    `(${num(a.madeAtHomeLastYear)} against ${num(b.madeAtHomeLastYear)}); without it, ${num(net(a))} ` +
    `against ${num(net(b))}. More output there is not more for final use.`
  );
}

/** What the verdicts rest on, in the report as in the summary: the share, foreign exchange, and what is not asked. */
function restsOnParagraph(x: DprkExample): string {
  const sub = x.draft.substitution;
  const half = x.draft.foreignExchange.atHalfShare;
  const needs = (p: (typeof sub.points)[number]) =>
    `${p.feasible ? "no" : p.relaxations} relaxation${p.relaxations === 1 ? "" : "s"} at an ` +
    `import-substitution share of ${p.share}`;
  const halfPoint = (p: (typeof half)[number]) =>
    `${p.inflows} inflows, ${p.feasible ? "feasible" : `${p.relaxations} relaxations`}`;
  const undecided = half.every((p) => p.relaxations === half[0].relaxations && p.feasible === half[0].feasible);
  const atHalf = !half.length
    ? ""
    : " At a share of 0.5 foreign exchange " +
      (undecided
        ? `does not decide either (${half[0].feasible ? "feasible" : `${half[0].relaxations} relaxations`} at both ` +
          `ends of the inflows)`
        : `decides: ${half.map(halfPoint).join("; ")}`) +
      ".";
  const alike = x.draft.comparison
    .filter((c) => c.feasible)
    .map((c) => `"${c.scenario}"`)
    .join(", ");
  return (
    `What the 2021–2025 verdicts rest on, and what they do not ask. Under "${sub.scenario}" the plan needs ` +
    `${sub.points.map(needs).join(", ")}; banned imports are made at home at any share, so "share 0" still ` +
    `substitutes them.${atHalf} Feasibility asks whether the output can be made, not who buys it: lost exports, ` +
    `the largest part of the 2020 explanation, do not enter it. With 110 % of 2015's capacity idle and the ` +
    `calibrated share, several scenarios bind nowhere and come out alike (${alike} all meet every target); their ` +
    `differences are not tested by this plan.`
  );
}

/** The fall of 2016–2020 read as capacity lost rather than idle; undefined without that scenario. */
function capacityLostParagraph(x: DprkExample): string | undefined {
  const lost = x.draft.comparison.find((c) => c.scenario === "capacity-as-2020");
  if (!lost) return undefined;
  const verdict = lost.feasible
    ? "still feasible"
    : `${lost.relaxations} targets or limits must give, ${pct(lost.meanFulfilment)} mean fulfilment, in 2021 ` +
      `by construction (targets back at 2015 with a year's lead time for new capacity)`;
  const floors = lost.check.relaxations.filter((q) => q.kind === "floor");
  const floor = floors.length
    ? `the floor on household consumption per head gives: ${floors.map((q) => q.text).join("; ")}`
    : "the floor on household consumption per head (2015's, a stand-in) holds and the targets give";
  const idle = x.draft.comparison.every((c) => c === lost || c.feasible)
    ? `Every scenario with idle capacity is feasible, while the record since 2021 ` +
      `(${x.draft.review.rollUp.text}) ${sinceVs2020(x)} Which reading holds differs by sector, and the ` +
      `model does not decide it.`
    : "";
  return (
    `Read as capacity lost rather than idle, the fall of 2016–2020 changes the verdict ("capacity-as-2020": ` +
    `2021 capacity at each series' 2020 level where below the plan's 110 %, with no other shock, so exports stay ` +
    `at 2015's and its relaxations are a lower bound): ${verdict}; ${floor}. ${idle}`
  );
}

/**
 * Series by series, whether output since 2021 stayed below its 2020 level (as lost capacity would have it) or came
 * back above it: the draft's "normalise" targets are 2015's output, so their ratios compare with the 2016–2020
 * review's 2020 ÷ 2015.
 */
function sinceVs2020(x: DprkExample): string {
  const below: string[] = [];
  const above: string[] = [];
  for (const t of x.draft.review.targets) {
    if (!/normalise/.test(t.label)) continue;
    const c = x.strategy.categories.find((q) => q.sectors.includes(t.sector));
    const seen = t.years.filter((y) => y.ratio !== null).map((y) => y.ratio as number);
    if (!c || !seen.length) continue;
    const name = t.label
      .replace(/:.*$/, "")
      .replace(/ \(.*\)$/, "")
      .toLowerCase();
    (Math.max(...seen) < c.ratio2015 ? below : above).push(
      `${name} (at most ${pct(Math.max(...seen))} of 2015 against ${pct(c.ratio2015)} in 2020)`,
    );
  }
  return (
    `has ${below.join(", ") || "no series"} below their 2020 level throughout, and ` +
    `${above.length ? above.map((a) => a.replace(/at most/, "up to")).join(", ") : "none"} back above it.`
  );
}
