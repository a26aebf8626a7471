/** How a trade shock on a multi-regional model is printed (by `ioplan mrio shock` and `ioplan demo china`). */
import type { MrioShockResult } from "../../app/mrioShock.ts";
import { formatPercent } from "../../engine/index.ts";
import { formatTable } from "../table.ts";

/** The output change per region (with its stressors), then per region and sector, then how the cut is replaced. */
export function printShock(r: MrioShockResult, unit: string): void {
  console.log(
    formatTable(
      [
        "region",
        `output before (${unit})`,
        "change",
        "change %",
        ...r.regions[0].stressors.map((s) => `${s.code} change (${s.unit})`),
      ],
      r.regions.map((g) => [
        g.code,
        g.before,
        g.change,
        formatPercent(g.change / g.before, { signed: true, digits: 3 }),
        ...g.stressors.map((s) => s.change),
      ]),
    ),
  );
  console.log("");
  console.log(
    formatTable(
      ["region", "sector", "before", "change", "change %"],
      r.sectors.map((s) => [
        s.region,
        s.sector,
        s.before,
        s.change,
        formatPercent(s.before ? s.change / s.before : 0, { signed: true, digits: 3 }),
      ]),
    ),
  );
  console.log(
    `\nThe trade cut is replaced ` +
      `${r.substitution === "domestic" ? "by the destination's own sectors" : "from outside the model (a leakage)"}; ` +
      `solves by LU, relative residual ${r.residual.toExponential(1)}.`,
  );
}
