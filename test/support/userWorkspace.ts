/**
 * A workspace as a user makes one, not the repository's example: a BEA model imported from the real tables
 * (../shared/data/us_bea, 2022, summary level, domestic requirements, as `ioplan model import bea … --domestic`
 * writes it), a plan written against it, and one plan file that does not fit its schema.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beaModel } from "../../src/app/beaModel.ts";
import { saveImportedModel } from "../../src/app/modelImport.ts";
import { DATA } from "../paths.ts";
import { scratch } from "./scratch.ts";

/** The user's plan (as in issue #22's try-out): three targets, an import limit, one scenario. */
export const USER_PLAN = `name: US 2023–2027 test plan
model: ../bea-2022
period: { start: 2023, end: 2027 }
capacity:
  initial: 1.03
  depreciation: 0.05
  investment: { capitalOutputRatio: 2.0, leadTime: 1 }
targets:
  - { id: metals, label: Primary metals output, sector: "331", values: { growth: 0.06 }, weight: 3, rank: 1 }
  - { id: chips, label: Computer and electronic products output, sector: "334", values: { growth: 0.08 }, weight: 3, rank: 1 }
  - { id: housing, label: Housing final deliveries, sector: HS, on: final, values: { growth: 0.02 }, weight: 1, rank: 2 }
limits:
  - { id: imports, label: imported inputs, satellite: IMP, values: { growth: -0.02 }, weight: 20 }
baseline:
  finalDemand: { growth: 0.01 }
  weight: 0.5
  rank: 3
  # floors at 85 % of the base year's final deliveries; at the default 90 % the imports' 2 % yearly cut leaves no
  # plan that meets them all (plan check names the floor and by how much it gives)
  floor: 0.85
scenarios:
  - name: import-squeeze
    shocks:
      - { kind: importCap, limit: imports, values: { "2024": 500000, "2025": 500000 }, label: import cap }
`;

/** A plan file whose period ends before it starts. */
export const BROKEN_PLAN = `name: Broken plan
model: ../bea-2022
period: { start: 2023, end: 2020 }
targets:
  - { id: metals, sector: "331", values: { growth: 0.06 } }
`;

/** Builds the workspace in a fresh temporary folder and returns its path (blocking: reads the BEA tables). */
export function userWorkspace(): string {
  const root = scratch("ioplan-user-ws-");
  saveImportedModel(
    beaModel({ dir: join(DATA, "us_bea"), year: 2022, level: "summary", domestic: true }),
    join(root, "bea-2022"),
  );
  mkdirSync(join(root, "plans"));
  writeFileSync(join(root, "plans", "us-2023-2027.yaml"), USER_PLAN);
  writeFileSync(join(root, "plans", "broken.yaml"), BROKEN_PLAN);
  return root;
}
