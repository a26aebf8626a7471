/**
 * Explanations and the backcast of a review: each observed year's shortfall through the model, and the model run on the
 * observed channels alone.
 */
import type { ReviewBackcast } from "./review.ts";
import { backcastFit, describeFit } from "../engine/index.ts";
import type { LoadedPlan } from "./planning.ts";
import { explainYear } from "./observedWorld.ts";
import type { ObservedChannels, OutputSeries, YearExplanation } from "./observedWorld.ts";

/** Every plan year with an observed output explained through the model. */
export function explainYears(
  p: LoadedPlan,
  channels: ObservedChannels,
  series: readonly OutputSeries[],
  rationing: "proportional" | "priority",
  substitutionShare?: number,
): YearExplanation[] {
  if (!series.length) return [];
  const out: YearExplanation[] = [];
  p.spec.years.forEach((_y, t) => {
    const e = explainYear(p, channels, series, t, { rationing, substitutionShare });
    if (e) out.push(e);
  });
  return out;
}

/**
 * The backcast: each explained year's observed world (the model on the observed channels alone) beside what was
 * observed, one point per observed series and year — sectors that share a series (heavy and chemical industry for
 * metals, chemicals and machinery) are summed, not counted thrice — and only years with an observed channel (in the
 * others the model is its plan by construction).
 */
export function backcastOf(
  p: LoadedPlan,
  explanations: readonly YearExplanation[],
  rationing: string,
  series?: readonly OutputSeries[],
): ReviewBackcast {
  const codes = p.model.sectors.map((s) => s.code);
  const groups = new Map<string, string[]>();
  for (const e of explanations) {
    for (const s of e.sectors) {
      const key = series?.find((q) => q.sector === codes.indexOf(s.code))?.indicator ?? s.code;
      const g = groups.get(key) ?? [];
      if (!g.includes(s.code)) g.push(s.code);
      groups.set(key, g);
    }
  }
  const informative = explanations.filter((e) => e.total.parts.length > 0);
  const b = backcastFit(
    [...groups.values()].map((members) => ({
      code: members.join("+"),
      base: members.reduce((a, c) => a + p.model.x[codes.indexOf(c)], 0),
      years: informative.flatMap((e) => {
        const ss = e.sectors.filter((s) => members.includes(s.code));
        return ss.length === members.length
          ? [
              {
                year: e.year,
                simulated: ss.reduce((a, s) => a + s.observedWorld, 0),
                observed: ss.reduce((a, s) => a + s.observed, 0),
              },
            ]
          : [];
      }),
    })),
  );
  const skipped = explanations.filter((e) => !e.total.parts.length).map((e) => e.year);
  return {
    ...b,
    line: `${describeFit(b)}${skipped.length ? ` (${skipped.join(", ")}: no observed channel, left out.)` : ""}`,
    rationing: explanations[0]?.rationing.rule ?? rationing,
  };
}
