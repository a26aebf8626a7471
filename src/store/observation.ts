/** What kind of figure an observation is. */
export type ObservationKind = "reported" | "estimate" | "projection" | "target";
/** How final the figure is. */
export type ObservationStatus = "provisional" | "revised" | "estimated";

export const OBSERVATION_KINDS: readonly ObservationKind[] = ["reported", "estimate", "projection", "target"];
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

/** The identity of a figure: the same indicator and period from the same source, kind and publication date. */
export function seriesKey(o: Pick<ObservationInput, "indicator" | "period" | "sourceName" | "kind" | "published">): string {
  return [o.indicator, o.period, o.sourceName, o.kind, o.published ?? ""].join("\u241f");
}

/** Whether two figures say the same thing (value or text, unit, status and note). */
export function sameFigure(a: Pick<ObservationInput, "value" | "text" | "unit" | "status" | "note">, b: Pick<ObservationInput, "value" | "text" | "unit" | "status" | "note">): boolean {
  return a.value === b.value && (a.text ?? null) === (b.text ?? null) && a.unit === b.unit && a.status === b.status && (a.note ?? null) === (b.note ?? null);
}
