import type { SourceType } from "./reconcile.ts";

/**
 * Observations as the monitoring side of ioplan knows them: a reported figure with its source, kind and status, and
 * the rules for its period and identity. Pure (no I/O); the store keeps them, file formats read them.
 */

/** What kind of figure an observation is. */
export type ObservationKind = "reported" | "estimate" | "projection" | "target";
/** How final the figure is. */
export type ObservationStatus = "provisional" | "revised" | "estimated";

/**
 * Every kind of figure: reported (by whoever publishes it), estimated, projected before the outcome, or a target.
 * @example
 * ```ts
 * console.log(OBSERVATION_KINDS.join(", ")); // reported, estimate, projection, target
 * ```
 */
export const OBSERVATION_KINDS: readonly ObservationKind[] = ["reported", "estimate", "projection", "target"];

/**
 * Every status of a figure.
 * @example
 * ```ts
 * console.log(OBSERVATION_STATUSES.join(", ")); // provisional, revised, estimated
 * ```
 */
export const OBSERVATION_STATUSES: readonly ObservationStatus[] = ["provisional", "revised", "estimated"];

/** A reported figure as it enters the store: one row of an observations file. */
export interface ObservationInput {
  indicator: string;
  /** "2019", "2019-Q2", "2019-05", a span "2021-2025", or "" for an undated figure (a goal with no year). */
  period: string;
  /** The number, or null for a figure given only as text (unit "text"). */
  value: number | null;
  text: string | null;
  unit: string;
  kind: ObservationKind;
  sourceName: string;
  /** The source's declared type (`source_type` in the file), or null when the file declares none. */
  sourceType: SourceType | null;
  sourceUrl: string | null;
  /** Publication date of the source, YYYY-MM-DD, if known. */
  published: string | null;
  status: ObservationStatus;
  note: string | null;
  /** Where it came from: file and line, for error messages and provenance. */
  origin: { file: string; line: number };
}

/** A stored observation: one revision of one figure. */
export interface Observation extends Omit<ObservationInput, "origin"> {
  id: number;
  /** Identity of the figure: indicator, period, source, kind and publication date. */
  seriesKey: string;
  /** 1 for the first figure, then 2, 3… for each revision appended. */
  revision: number;
  batchId: number;
  recordedAt: string;
}

/**
 * What a period may be, in words, for error messages.
 * @example
 * ```ts
 * console.log(PERIOD_FORMS.startsWith("a year (2019)")); // true
 * ```
 */
export const PERIOD_FORMS =
  "a year (2019), a quarter (2019-Q2, or pandas' 2019Q2), a month (2019-05), " +
  "a span of years (2021-2025) or nothing (undated)";

/**
 * A period in ioplan's spelling, or null when it is not one: "2019", "2019-Q2" (also read as pandas writes it,
 * "2019Q2", and in lower case), "2019-05", "2021-2025" (a span, first year not after the last) or "" (undated).
 * @example
 * ```ts
 * console.log(normalisePeriod("2024Q1"), normalisePeriod("2021-2025")); // 2024-Q1 2021-2025
 * console.log(normalisePeriod("2025-2021")); // null
 * ```
 */
export function normalisePeriod(text: string): string | null {
  const t = text.trim();
  const quarter = /^(\d{4})-?[Qq]([1-4])$/.exec(t);
  if (quarter) return `${quarter[1]}-Q${quarter[2]}`;
  if (!/^(\d{4}(-(0[1-9]|1[0-2])|-\d{4})?)?$/.test(t)) return null;
  const span = /^(\d{4})-(\d{4})$/.exec(t);
  if (span && Number(span[2]) < Number(span[1])) return null;
  return t;
}

/**
 * The identity of a figure: the same indicator and period from the same source, kind and publication date.
 * @example
 * ```ts
 * const key = seriesKey({ indicator: "gdp", period: "2020", sourceName: "BoK", kind: "estimate", published: null });
 * console.log(key.split("\u241f")); // [ 'gdp', '2020', 'BoK', 'estimate', '' ]
 * ```
 */
export function seriesKey(
  o: Pick<ObservationInput, "indicator" | "period" | "sourceName" | "kind" | "published">,
): string {
  return [o.indicator, o.period, o.sourceName, o.kind, o.published ?? ""].join("\u241f");
}

/**
 * Whether two figures say the same thing (value or text, unit, status, note and the source's declared type).
 * @example
 * ```ts
 * const f = { value: 1.5, text: null, unit: "percent", status: "estimated" as const, note: null, sourceType: null };
 * console.log(sameFigure(f, { ...f }), sameFigure(f, { ...f, value: 1.6 })); // true false
 * ```
 */
export function sameFigure(
  a: Pick<ObservationInput, "value" | "text" | "unit" | "status" | "note" | "sourceType">,
  b: Pick<ObservationInput, "value" | "text" | "unit" | "status" | "note" | "sourceType">,
): boolean {
  return (
    a.value === b.value &&
    (a.text ?? null) === (b.text ?? null) &&
    a.unit === b.unit &&
    a.status === b.status &&
    (a.note ?? null) === (b.note ?? null) &&
    (a.sourceType ?? null) === (b.sourceType ?? null)
  );
}
