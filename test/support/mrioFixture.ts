import type { MrioModel } from "../../src/engine/index.ts";
import { denseMatrix, mrioFromFlows } from "../../src/engine/index.ts";
import { fixtureJson } from "../paths.ts";

/** test/fixtures/mrio_reference.json, written by scripts/fixtures/mrio_reference.py (numpy, pymrio's method). */
export interface ReferenceAccounts {
  x: number[];
  xFromDemand: number[];
  stressors: Record<
    "S" | "M" | "MDown" | "Dcba" | "Dpba" | "Dimp" | "Dexp" | "DcbaReg" | "DpbaReg" | "DimpReg" | "DexpReg",
    number[]
  >[];
  grossTrade: { bilateral: number[][]; exports: number[]; imports: number[] };
}

export interface ReferenceInterregional {
  total: number[];
  intraregional: number[];
  ownRegionOnly: number[];
  feedback: number[];
  spillover: number[];
  toRegion: number[][];
  interdependence: number[];
  L?: number[][];
}

export interface MrioReference {
  synthetic: {
    regions: string[];
    sectors: string[];
    categories: string[];
    Z: number[][];
    Y: number[][];
    F: number[][];
    FY: number[][];
    accounts: ReferenceAccounts;
    interregional: ReferenceInterregional;
    aggregated: { regions: string[]; sectors: string[]; accounts: ReferenceAccounts & { A: number[][] } };
  };
  millerBlair: { Z: number[][]; Y: number[][]; A: number[][]; interregional: ReferenceInterregional };
}

export const reference = fixtureJson("mrio_reference.json") as MrioReference;

/** The fixture's synthetic MRIO (3 regions × 4 sectors, 2 categories, 2 stressors with F_Y). */
export function syntheticMrio(): MrioModel {
  const s = reference.synthetic;
  return mrioFromFlows({
    name: "synthetic 3 × 4",
    regions: s.regions,
    sectors: s.sectors.map((code) => ({ code, name: code })),
    Z: denseMatrix(s.Z),
    Y: denseMatrix(s.Y),
    finalDemandCategories: s.categories,
    stressors: s.F.map((F, k) => ({ code: `e${k}`, unit: "t", F, FY: s.FY[k] })),
  });
}

/** A two-region example shaped like Miller & Blair's §3.3 illustration (flows from memory, not checked against the book), region s padded with an empty third sector (see the Python script). */
export function millerBlairMrio(): MrioModel {
  const mb = reference.millerBlair;
  return mrioFromFlows({
    name: "Miller & Blair two-region example",
    regions: ["r", "s"],
    sectors: ["1", "2", "3"].map((code) => ({ code, name: `sector ${code}` })),
    Z: denseMatrix(mb.Z),
    Y: denseMatrix(mb.Y),
    finalDemandCategories: ["final demand"],
  });
}
