/**
 * The bundle objective's columns (one fulfilment per rank and year) and targets grouped by sector, for the plan
 * program.
 */
import type { LpBuilder } from "./linearProgram.ts";
import type { PlanSpec } from "./planSpec.ts";
import type { PlanIndex, PlanProgramMode } from "./planIndex.ts";

/**
 * The bundle objective: one fulfilment column φ per (rank, year), on every target row of that rank and year
 * (x − T·φ ≥ 0), worth 1 in the objective (so the optimum maximises Σ_t φ_t); uncapped unless the mode caps at
 * the target or a target in the bundle is exact.
 */
export function addBundles(
  b: LpBuilder,
  plan: PlanSpec,
  idx: PlanIndex,
  mode: PlanProgramMode,
  rankRows: Map<number, number>,
): void {
  const T = idx.T;
  const rankSet = mode.kind === "harmony" && mode.ranks ? new Set(mode.ranks) : undefined;
  const ranks = [...new Set(plan.targets.map((tg) => tg.rank))].sort((a, c) => a - c);
  for (const rank of ranks) {
    for (let t = 0; t < T; t++) {
      const members = plan.targets.flatMap((tg, m) => (tg.rank === rank && idx.targetRow[m * T + t] >= 0 ? [m] : []));
      if (!members.length) continue;
      for (const m of members) b.entry(idx.targetRow[m * T + t], -plan.targets[m].values[t]);
      const fixed = rankRows.get(rank);
      if (fixed !== undefined) b.entry(fixed, 1);
      const capped =
        (mode.kind === "harmony" && mode.capAtTarget) || members.some((m) => plan.targets[m].kind === "exact");
      const col = b.endCol(
        () => `phi[rank ${rank},${plan.years[t]}]`,
        !rankSet || rankSet.has(rank) ? 1 : 0,
        0,
        capped ? 1 : Infinity,
      );
      for (const m of members) idx.segmentCol[m * T + t] = col;
    }
  }
}

/** Targets on `on` grouped by sector: target indices list[starts[i] .. starts[i + 1]) are on sector i. */
export function groupBySector(
  n: number,
  targets: PlanSpec["targets"],
  on: "output" | "final",
): { starts: Int32Array; list: Int32Array } {
  const starts = new Int32Array(n + 1);
  for (const tg of targets) if (tg.on === on) starts[tg.sector + 1]++;
  for (let i = 0; i < n; i++) starts[i + 1] += starts[i];
  const list = new Int32Array(starts[n]);
  const fill = starts.slice(0, n);
  targets.forEach((tg, m) => {
    if (tg.on === on) list[fill[tg.sector]++] = m;
  });
  return { starts, list };
}
