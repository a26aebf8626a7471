/**
 * Use cases on the observations store that the CLI and the server share: reconcile the stored figures under the
 * precedence in force (--precedence, the workspace's ioplan.json, or the default), said beside the result.
 */
import type { Reconciliation } from "../engine/index.ts";
import { reconcile } from "../engine/index.ts";
import type { ObservationStore } from "../store/store.ts";
import { choosePrecedence } from "./precedence.ts";

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

/** Reconciles the stored figures (one indicator, or all) under `precedence` (types, comma-separated) or the workspace's rule. */
export async function reconcileStored(store: ObservationStore, o: { indicator?: string; precedence?: string; dir?: string } = {}): Promise<ReconciledFigures> {
  const chosen = choosePrecedence({ flag: o.precedence, dir: o.dir });
  const figures = await store.list({ indicator: o.indicator });
  return {
    rule: chosen.from,
    order: [...new Set(chosen.steps.map((s) => s.label))],
    undeclared: figures.filter((f) => !f.sourceType && f.kind !== "target").length,
    reconciliations: reconcile(figures, chosen.steps),
  };
}
