/** A figure as reconciliation sees it: value, kind and source, with what orders figures of one kind. */
export interface SourcedFigure {
  id: number;
  indicator: string;
  period: string;
  value: number | null;
  unit: string;
  kind: "reported" | "estimate" | "projection" | "target";
  sourceName: string;
  published: string | null;
  revision: number;
}

/** One step of a source-precedence rule: figures matching it rank above those matching later steps. */
export interface PrecedenceStep {
  /** A name for the step, shown in results ("statistics offices and central banks"). */
  label: string;
  kind?: SourcedFigure["kind"];
  /** Regular expression (case-insensitive) the source name must match. */
  source?: string;
}

/**
 * The default rule: estimates of statistics offices and central banks first, then figures ioplan derived from
 * them (labelled "ioplan derivation" with their formula), then other estimates, then the government's own claims
 * ("reported"), then projections. Targets are goals, not measurements, and never chosen as a best estimate. A plan
 * may name its own rule (`review.precedence`), e.g. to say whose central bank an estimate comes from.
 * @example
 * ```ts
 * console.log(DEFAULT_PRECEDENCE.map((s) => s.label).join("; ")); // statistics offices and central banks; ioplan derivations; independent estimates; own claims; projections
 * ```
 */
export const DEFAULT_PRECEDENCE: readonly PrecedenceStep[] = [
  { label: "statistics offices and central banks", kind: "estimate", source: "statistics|bank of korea|\\bbok\\b|kostat|central bank" },
  { label: "ioplan derivations", kind: "estimate", source: "ioplan derivation" },
  { label: "independent estimates", kind: "estimate" },
  { label: "own claims", kind: "reported" },
  { label: "projections", kind: "projection" },
];

/** The reconciled view of one indicator and period. */
export interface Reconciliation {
  indicator: string;
  period: string;
  unit: string;
  /** The figure the rule selects, and why. */
  best: SourcedFigure & { rule: string };
  /** Lowest and highest outcome across sources: estimates and reported figures (projections only where nothing else exists; targets never). */
  range: { min: number; max: number };
  sources: number;
  /** Figures that disagree with the best one (beyond the tolerance), with their sources. */
  conflicts: (SourcedFigure & { rule: string; difference: number })[];
}

/**
 * Reconciles figures from several sources: for each indicator and period, the best estimate under a
 * source-precedence rule (ties broken by the latest publication date, then the latest revision), the range
 * across sources, and every disagreeing figure listed — disagreement is shown, never averaged away. Figures of
 * different units for one indicator and period are reconciled separately (they cannot be compared).
 * O(figures · log figures).
 * @example
 * ```ts
 * const [r] = reconcile([
 *   { id: 1, indicator: "gdp_growth", period: "2016", value: 3.9, unit: "percent", kind: "estimate", sourceName: "Bank of Korea", published: "2017-07-21", revision: 0 },
 *   { id: 2, indicator: "gdp_growth", period: "2016", value: 5.1, unit: "percent", kind: "reported", sourceName: "the government", published: null, revision: 0 },
 * ]);
 * console.log(r.best.value, r.best.rule, r.range, r.conflicts.length); // 3.9 statistics offices and central banks { min: 3.9, max: 5.1 } 1
 * ```
 */
export function reconcile(figures: readonly SourcedFigure[], rule: readonly PrecedenceStep[] = DEFAULT_PRECEDENCE, tolerance = 1e-9): Reconciliation[] {
  const steps = rule.map((s) => ({ ...s, re: s.source ? new RegExp(s.source, "i") : undefined }));
  const rank = (f: SourcedFigure) => steps.findIndex((s) => (!s.kind || s.kind === f.kind) && (!s.re || s.re.test(f.sourceName)));
  const groups = new Map<string, SourcedFigure[]>();
  for (const f of figures) {
    if (f.value === null || f.kind === "target") continue;
    const k = `${f.indicator}\u241f${f.period}\u241f${f.unit}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(f);
  }
  const out: Reconciliation[] = [];
  for (const g of groups.values()) {
    const ranked = g.map((f) => ({ f, r: rank(f) })).filter((x) => x.r >= 0);
    if (!ranked.length) continue;
    ranked.sort((a, b) => a.r - b.r || (b.f.published ?? "").localeCompare(a.f.published ?? "") || b.f.revision - a.f.revision || b.f.id - a.f.id);
    const best = ranked[0];
    // the range is of outcomes: projections (forecasts made before the outcome) enter only when nothing else exists
    const outcomes = g.filter((f) => f.kind !== "projection");
    const values = (outcomes.length ? outcomes : g).map((f) => f.value as number);
    const scale = Math.max(Math.abs(best.f.value as number), 1);
    out.push({
      indicator: best.f.indicator,
      period: best.f.period,
      unit: best.f.unit,
      best: { ...best.f, rule: steps[best.r].label },
      range: { min: Math.min(...values), max: Math.max(...values) },
      sources: new Set(g.map((f) => f.sourceName)).size,
      conflicts: g
        .filter((f) => f !== best.f && Math.abs((f.value as number) - (best.f.value as number)) > tolerance * scale)
        .map((f) => ({ ...f, rule: steps[rank(f)]?.label ?? "not ranked by the rule", difference: (f.value as number) - (best.f.value as number) })),
    });
  }
  out.sort((a, b) => a.indicator.localeCompare(b.indicator) || a.period.localeCompare(b.period));
  return out;
}
