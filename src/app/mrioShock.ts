/**
 * Trade shocks on an MRIO: the flows from one region's sectors to another region (its industries' inputs and its
 * final demand) scaled by a factor, and the Leontief model solved again, so that the change reaches the sectors of
 * every region (Miller & Blair 2009, ch. 3: the interregional model's x = (I − A)⁻¹ y with A and y changed).
 */
import type { MrioModel } from "../engine/index.ts";
import { IoplanError, denseMatrix, forEachEntry, solveLeontief } from "../engine/index.ts";
import { loadMrioModel } from "./mrio.ts";

/** Flows from `origin`'s sectors (all, or those listed) to `destination` multiplied by `factor` (0: cut off). */
export interface TradeShock {
  origin: string;
  destination: string;
  sectors?: string[];
  factor: number;
}

/**
 * Where the trade that is cut is replaced from: `outside` (imports from outside the model: a leakage, the default) or
 * `domestic` (the destination region's own sector of the same kind produces it instead).
 */
export type Substitution = "outside" | "domestic";

/** A shock that names a region, sector or factor the model does not have. */
export class ShockError extends IoplanError {
  constructor(message: string) {
    super("bad-shock", message);
  }
}

/** Output before and after, per (region, sector), and per region with each stressor's change. */
export interface MrioShockResult {
  regions: {
    code: string;
    name: string;
    before: number;
    after: number;
    change: number;
    stressors: { code: string; unit: string; before: number; change: number }[];
  }[];
  sectors: { region: string; sector: string; name: string; before: number; after: number; change: number }[];
  /** ‖(I − A)x − y‖/‖y‖ of the two solves. */
  residual: number;
  substitution: Substitution;
  unit: string;
}

/** Parses `ORIGIN>DEST[:S1,S2]=FACTOR` (e.g. `DPRK>CHN:MIN,LGT=0`), checked against the model's regions and sectors. */
export function parseTradeShock(text: string, m: MrioModel): TradeShock {
  const r = /^([^>]+)>([^:=]+)(?::([^=]+))?=(.+)$/.exec(text.trim());
  if (!r)
    throw new ShockError(
      `--cut "${text}": expected ORIGIN>DESTINATION[:SECTOR,…]=FACTOR, e.g. ` +
        `${m.regions[0]}>${m.regions[1] ?? m.regions[0]}:${m.sectors[0]?.code}=0`,
    );
  const factor = Number(r[4]);
  if (!Number.isFinite(factor) || factor < 0)
    throw new ShockError(
      `--cut "${text}": factor ${r[4]} is not a number ≥ 0 ` + "(0 cuts the flows off, 0.5 halves them)",
    );
  const shock: TradeShock = { origin: r[1], destination: r[2], factor, sectors: r[3]?.split(",").map((s) => s.trim()) };
  checkShock(shock, m, `--cut "${text}"`);
  return shock;
}

function checkShock(s: TradeShock, m: MrioModel, where: string): void {
  for (const reg of [s.origin, s.destination])
    if (!m.regions.includes(reg))
      throw new ShockError(`${where}: region ${reg} is not in the model (regions: ${m.regions.join(", ")})`);
  if (s.origin === s.destination)
    throw new ShockError(`${where}: origin and destination are both ${s.origin}; a trade shock is between two regions`);
  const unknown = (s.sectors ?? []).filter((c) => !m.sectors.some((x) => x.code === c));
  if (unknown.length)
    throw new ShockError(
      `${where}: sector${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} not in the model (sectors: ` +
        `${m.sectors.map((x) => x.code).join(", ")})`,
    );
}

/** A and Y with the shocks applied (copies; the model is not changed). */
export function shockedSystem(m: MrioModel, shocks: TradeShock[], substitution: Substitution = "outside") {
  const S = m.sectors.length;
  const R = m.regions.length;
  const N = R * S;
  const K = m.finalDemandCategories.length;
  const A = denseMatrix(N, N);
  forEachEntry(m.A, (i, j, v) => (A.data[i * N + j] += v));
  const Y = denseMatrix(N, R * K, m.Y.data.slice());
  for (const s of shocks) {
    checkShock(s, m, "shock");
    const o = m.regions.indexOf(s.origin);
    const d = m.regions.indexOf(s.destination);
    const rows = (s.sectors ?? m.sectors.map((x) => x.code)).map((c) => m.sectors.findIndex((x) => x.code === c));
    for (const i of rows) {
      const from = o * S + i;
      const home = d * S + i;
      for (let j = d * S; j < (d + 1) * S; j++) {
        const cut = A.data[from * N + j] * (1 - s.factor);
        A.data[from * N + j] -= cut;
        if (substitution === "domestic") A.data[home * N + j] += cut;
      }
      for (let c = d * K; c < (d + 1) * K; c++) {
        const cut = Y.data[from * R * K + c] * (1 - s.factor);
        Y.data[from * R * K + c] -= cut;
        if (substitution === "domestic") Y.data[home * R * K + c] += cut;
      }
    }
  }
  return { A, Y };
}

const rowSums = (Y: { rows: number; cols: number; data: Float64Array }) =>
  Float64Array.from({ length: Y.rows }, (_, i) =>
    Y.data.subarray(i * Y.cols, (i + 1) * Y.cols).reduce((a, b) => a + b, 0),
  );

/**
 * Solves the model before and after the shocks: output per (region, sector) and per region, and each stressor's
 * change per region (its coefficients F/x times the change in output). Dense LU for the model's size.
 */
export function mrioShock(m: MrioModel, shocks: TradeShock[], substitution: Substitution = "outside"): MrioShockResult {
  const S = m.sectors.length;
  const before = solveLeontief(m.A, rowSums(m.Y), { method: "lu" });
  const { A, Y } = shockedSystem(m, shocks, substitution);
  const after = solveLeontief(A, rowSums(Y), { method: "lu" });
  const sectors = Array.from(before.x, (b, k) => ({
    region: m.regions[Math.floor(k / S)],
    sector: m.sectors[k % S].code,
    name: m.sectors[k % S].name,
    before: b,
    after: after.x[k],
    change: after.x[k] - b,
  }));
  const regions = m.regions.map((code, r) => {
    const part = sectors.slice(r * S, (r + 1) * S);
    const sum = (f: (s: (typeof part)[number]) => number) => part.reduce((a, s) => a + f(s), 0);
    const stressors = m.stressors.map((st) => {
      let b = 0;
      let c = 0;
      for (let k = r * S; k < (r + 1) * S; k++) {
        const coef = m.x[k] > 0 ? st.F[k] / m.x[k] : 0;
        b += coef * before.x[k];
        c += coef * (after.x[k] - before.x[k]);
      }
      return { code: st.code, unit: st.unit, before: b, change: c };
    });
    return {
      code,
      name: m.regionNames[r] ?? code,
      before: sum((s) => s.before),
      after: sum((s) => s.after),
      change: sum((s) => s.change),
      stressors,
    };
  });
  return { regions, sectors, residual: Math.max(before.residual, after.residual), substitution, unit: m.unit };
}

/** `ioplan mrio shock`: reads the model, parses the cuts against it, and solves before and after. */
export function mrioShockReport(path: string, cuts: string[], substitution: Substitution = "outside"): MrioShockResult {
  const m = loadMrioModel(path);
  return mrioShock(
    m,
    cuts.map((c) => parseTradeShock(c, m)),
    substitution,
  );
}
