/**
 * Use cases on the observations store that the CLI and the server share: open the store, import a file or a batch of
 * rows, list, indicators, and reconcile the stored figures under the precedence in force (--precedence, the
 * workspace's ioplan.json, or the default), said beside the result.
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import type { Observation, ObservationInput, Reconciliation } from "../engine/index.ts";
import { reconcile } from "../engine/index.ts";
import { readObservationsCsv } from "../formats/observationsCsv.ts";
import { openStore } from "../store/openStore.ts";
import type { ImportSummary, ObservationStore } from "../store/store.ts";
import { choosePrecedence } from "./precedence.ts";

export type { ImportSummary, ObservationStore };

/**
 * Opens the observations store: a SQLite file, `:memory:`, or a postgres:// URL (default: $IOPLAN_DB, else
 * .ioplan/ioplan.sqlite).
 */
export function openObservationStore(location?: string): Promise<ObservationStore> {
  return openStore(location);
}

/**
 * Imports an observations CSV in one transaction (nothing stored when a row is bad); provenance names the file
 * absolutely, since a relative path means nothing from another working folder.
 */
export async function importObservationsFile(
  store: ObservationStore,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const { rows, sha256 } = readObservationsCsv(file);
  return store.importObservations(rows, { file: resolve(file), sha256 }, onProgress);
}

/**
 * Imports a batch of rows sent through the API (`batch` names it; provenance `api:<batch>`, line = position in the
 * batch).
 */
export async function importObservationRows(
  store: ObservationStore,
  batch: string,
  rows: readonly Omit<ObservationInput, "origin">[],
): Promise<ImportSummary> {
  const inputs: ObservationInput[] = rows.map((r, k) => ({ ...r, origin: { file: batch, line: k + 1 } }));
  const sha256 = createHash("sha256").update(JSON.stringify(rows)).digest("hex");
  return store.importObservations(inputs, { file: `api:${batch}`, sha256 });
}

/** Stored observations (current revisions unless `allRevisions`), one indicator or all. */
export function listObservations(
  store: ObservationStore,
  o: { indicator?: string; allRevisions?: boolean } = {},
): Promise<Observation[]> {
  return store.list(o);
}

/** The indicators stored, each with its unit and how many figures it has, by name. */
export async function listIndicators(
  store: ObservationStore,
): Promise<{ indicator: string; unit: string; figures: number }[]> {
  const by = new Map<string, { indicator: string; unit: string; figures: number }>();
  for (const r of await store.list()) {
    const e = by.get(r.indicator) ?? { indicator: r.indicator, unit: r.unit, figures: 0 };
    e.figures++;
    by.set(r.indicator, e);
  }
  return [...by.values()].sort((a, b) => a.indicator.localeCompare(b.indicator));
}

/** The best estimates and the rule that chose them. */
export interface ReconciledFigures {
  /** Where the rule came from ("--precedence", a path to ioplan.json, "ioplan's default"). */
  rule: string;
  /** The rule's steps, first first. */
  order: string[];
  /** Figures whose file declared no source type (ranked after every declared outcome). */
  undeclared: number;
  reconciliations: Reconciliation[];
}

/**
 * Reconciles the stored figures (one indicator, or all) under `precedence` (types, comma-separated) or the workspace's
 * rule.
 */
export async function reconcileStored(
  store: ObservationStore,
  o: { indicator?: string; precedence?: string; dir?: string } = {},
): Promise<ReconciledFigures> {
  const chosen = choosePrecedence({ flag: o.precedence, dir: o.dir });
  const figures = await store.list({ indicator: o.indicator });
  return {
    rule: chosen.from,
    order: [...new Set(chosen.steps.map((s) => s.label))],
    undeclared: figures.filter((f) => !f.sourceType && f.kind !== "target").length,
    reconciliations: reconcile(figures, chosen.steps),
  };
}
