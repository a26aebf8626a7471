/**
 * What a source is, as its publisher declares it in an observations file (`source_type`): a national statistics
 * office, a central bank, a figure ioplan derived by a stated formula, an independent estimate (a research institute,
 * a bank, an international organisation's estimate), the government's own claim, or a projection made before the
 * outcome. Whose statistics office or central bank it is stays in the source's name; a plan can rank by it.
 */
export type SourceType =
  "official-statistics" | "central-bank" | "derivation" | "independent-estimate" | "own-claim" | "projection";

/**
 * Every source type, in ioplan's default order of precedence.
 * @example
 * ```ts
 * console.log(SOURCE_TYPES.slice(0, 3).join(" > ")); // official-statistics > central-bank > derivation
 * console.log(SOURCE_TYPES.slice(3).join(" > ")); // independent-estimate > own-claim > projection
 * ```
 */
export const SOURCE_TYPES: readonly SourceType[] = [
  "official-statistics",
  "central-bank",
  "derivation",
  "independent-estimate",
  "own-claim",
  "projection",
];

/** A figure as reconciliation sees it: value, kind and source, with what orders figures of one kind. */
export interface SourcedFigure {
  id: number;
  indicator: string;
  period: string;
  value: number | null;
  unit: string;
  kind: "reported" | "estimate" | "projection" | "target";
  sourceName: string;
  /** The source's declared type, or null when the file did not declare it. */
  sourceType?: SourceType | null;
  published: string | null;
  revision: number;
}

/** One step of a source-precedence rule: figures matching it rank above those matching later steps. */
export interface PrecedenceStep {
  /** A name for the step, shown in results ("statistics offices and central banks"). */
  label: string;
  /** The figure's kind, or one of several. */
  kind?: SourcedFigure["kind"] | readonly SourcedFigure["kind"][];
  /** Regular expression (case-insensitive) the source name must match. */
  source?: string;
  /** The source's declared type; "undeclared" matches figures whose file declared none. */
  type?: SourceType | "undeclared";
}

const TYPE_LABELS: Record<SourceType, string> = {
  "official-statistics": "official statistics",
  "central-bank": "central banks",
  derivation: "ioplan derivations",
  "independent-estimate": "independent estimates",
  "own-claim": "own claims",
  projection: "projections",
};

/**
 * A rule from source types in order ("official-statistics", "central-bank", …), one step a type.
 * @example
 * ```ts
 * const labels = precedenceOfTypes(["central-bank", "official-statistics"]).map((s) => s.label);
 * console.log(labels); // [ 'central banks', 'official statistics' ]
 * ```
 */
export function precedenceOfTypes(types: readonly SourceType[]): PrecedenceStep[] {
  return types.map((type) => ({ label: TYPE_LABELS[type], type }));
}

/**
 * The default rule, by the type each source declares (`source_type`): official statistics, then central banks, then
 * figures ioplan derived from them (with their formula), then independent estimates, then the government's own claims,
 * then projections. Figures whose file declared no type come after every declared outcome, all in one step (their
 * kind alone cannot say whose figure is better: a statistics office's "reported" figure is not a claim), ordered by
 * publication date; undeclared projections come last. Targets are goals, not measurements, and never chosen as a best
 * estimate. Users order the types with `--precedence` or a workspace's ioplan.json; a plan may name its own rule
 * (`review.precedence`), e.g. to say whose central bank an estimate comes from.
 * @example
 * ```ts
 * const labels = DEFAULT_PRECEDENCE.map((s) => s.label);
 * console.log(labels.slice(0, 3).join("; ")); // official statistics; central banks; ioplan derivations
 * console.log(labels.slice(3, 5).join("; ")); // independent estimates; own claims
 * console.log(labels.slice(5, 7).join("; ")); // outcomes whose source type was not declared; projections
 * console.log(labels.slice(7).join("; ")); // projections whose source type was not declared
 * ```
 */
export const DEFAULT_PRECEDENCE: readonly PrecedenceStep[] = [
  ...precedenceOfTypes(["official-statistics", "central-bank", "derivation", "independent-estimate", "own-claim"]),
  { label: "outcomes whose source type was not declared", type: "undeclared", kind: ["estimate", "reported"] },
  ...precedenceOfTypes(["projection"]),
  { label: "projections whose source type was not declared", type: "undeclared", kind: "projection" },
];

/** The reconciled view of one indicator and period. */
export interface Reconciliation {
  indicator: string;
  period: string;
  unit: string;
  /** The figure the rule selects, and why. */
  best: SourcedFigure & { rule: string };
  /**
   * Lowest and highest outcome across sources: estimates and reported figures (projections only where nothing else
   * exists; targets never).
   */
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
 *   { id: 1, indicator: "gdp_growth", period: "2016", value: 3.9, unit: "percent", kind: "estimate",
 *     sourceName: "Bank of Korea", sourceType: "central-bank", published: "2017-07-21", revision: 0 },
 *   { id: 2, indicator: "gdp_growth", period: "2016", value: 5.1, unit: "percent", kind: "reported",
 *     sourceName: "the government", sourceType: "own-claim", published: null, revision: 0 },
 * ]);
 * console.log(r.best.value, r.best.rule, r.range, r.conflicts.length); // 3.9 central banks { min: 3.9, max: 5.1 } 1
 * ```
 */
export function reconcile(
  figures: readonly SourcedFigure[],
  rule: readonly PrecedenceStep[] = DEFAULT_PRECEDENCE,
  tolerance = 1e-9,
): Reconciliation[] {
  const steps = rule.map((s) => ({ ...s, re: s.source ? new RegExp(s.source, "i") : undefined }));
  const typeMatches = (s: PrecedenceStep, f: SourcedFigure) =>
    !s.type || (s.type === "undeclared" ? !f.sourceType : s.type === f.sourceType);
  const kindMatches = (s: PrecedenceStep, f: SourcedFigure) =>
    !s.kind || (typeof s.kind === "string" ? s.kind === f.kind : s.kind.includes(f.kind));
  const rank = (f: SourcedFigure) =>
    steps.findIndex((s) => kindMatches(s, f) && (!s.re || s.re.test(f.sourceName)) && typeMatches(s, f));
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
    ranked.sort(
      (a, b) =>
        a.r - b.r ||
        (b.f.published ?? "").localeCompare(a.f.published ?? "") ||
        b.f.revision - a.f.revision ||
        b.f.id - a.f.id,
    );
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
        .map((f) => ({
          ...f,
          rule: steps[rank(f)]?.label ?? "not ranked by the rule",
          difference: (f.value as number) - (best.f.value as number),
        })),
    });
  }
  out.sort((a, b) => a.indicator.localeCompare(b.indicator) || a.period.localeCompare(b.period));
  return out;
}
