/**
 * A technology of the counterfactual runs (counterfactualWorlds.ts): its supply model, the responses of every piece
 * of final demand under it, and its budgets.
 */
import type { ResourceBudget, SupplyModel } from "../analysis/supplyConstrained.ts";
import type { ExplainInput } from "./counterfactual.ts";

/** One technology of the runs: its supply model, the responses of every final-demand piece, its budgets. */
export interface Technology {
  model: SupplyModel;
  otherR: Float64Array[];
  fd: ({ pr: Float64Array[]; or: Float64Array[] } | null)[];
  budgets: ResourceBudget[];
}

/** A final-demand channel's planned and observed pieces per rationing class, and their common ratio (or null). */
export interface FinalDemandPieces {
  p: Float64Array[];
  o: Float64Array[];
  ratio: number | null;
}

/**
 * The technology of a supply model: the responses of the other final demand and of each final-demand channel, planned
 * and observed, per rationing class.
 */
export function technologyOf(
  mdl: SupplyModel,
  budgets: ResourceBudget[],
  other: Float64Array[],
  fdDemand: (FinalDemandPieces | null)[],
): Technology {
  const respond = (cls: Float64Array[]) => cls.map((d) => mdl.respond(d));
  return {
    model: mdl,
    otherR: respond(other),
    // a category observed as its plan times one ratio (the usual case) responds in proportion: no second solve
    fd: fdDemand.map((e) => {
      if (!e) return null;
      const pr = respond(e.p);
      return { pr, or: e.ratio === null ? respond(e.o) : pr.map((v) => v.map((q) => q * e.ratio!)) };
    }),
    budgets,
  };
}

/** The responses of a world's final deliveries (per class) under a technology: its pieces summed for the mask. */
export function responsesOf(inp: ExplainInput, t: Technology, mask: number): Float64Array[] {
  const resp = t.otherR.map((r) => Float64Array.from(r));
  const n = resp[0]?.length ?? 0;
  inp.channels.forEach((c, k) => {
    if (c.kind !== "final-demand") return;
    const on = (mask >> k) & 1;
    const e = t.fd[k]!;
    for (let q = 0; q < resp.length; q++) {
      const r = on ? e.or[q] : e.pr[q];
      for (let i = 0; i < n; i++) resp[q][i] += r[i];
    }
  });
  return resp;
}
