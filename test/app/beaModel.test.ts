import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { beaModel } from "../../src/app/beaModel.ts";
import { saveImportedModel } from "../../src/app/modelImport.ts";
import { requireSolvable } from "../../src/app/solvable.ts";
import { scratch } from "../support/scratch.ts";
import {
  allocationFromTechnical,
  columnSums,
  createLeontiefSystem,
  ghoshOutput,
  hypotheticalExtraction,
  linkages,
  outputMultipliers,
  productivityCheck,
  satelliteMultipliers,
  totalFinalDemand,
} from "../../src/engine/index.ts";
import type { EconomyModel } from "../../src/engine/index.ts";
import { assertClose } from "../support/assertClose.ts";
import { DATA, fixtureJson } from "../paths.ts";

// Reference figures: test/fixtures/bea2017_reference.json, written by scripts/fixtures/bea_reference.py, which
// reads the same CSV files with Python's csv module and computes with numpy (L = inv(I − A), as pymrio does).
const BEA = join(DATA, "us_bea");
const fx = fixtureJson("bea2017_reference.json");

function vaIntensity(m: EconomyModel): Float64Array {
  const out = new Float64Array(m.x.length);
  for (let j = 0; j < out.length; j++) {
    let s = 0;
    // BEA's value-added rows V001–V003 (not the primary-input rows of commodities no industry makes)
    for (let r = 0; r < m.valueAdded.rows; r++)
      if (/^V\d/.test(m.valueAddedRows[r])) s += m.valueAdded.data[r * m.valueAdded.cols + j];
    out[j] = s / m.x[j];
  }
  return out;
}

for (const [key, level, domestic] of [
  ["summary_total", "summary", false],
  ["summary_domestic", "summary", true],
  ["detail_domestic", "detail", true],
] as const) {
  const ref = fx[key];
  test(`BEA 2017 ${level} ${domestic ? "domestic" : "total"}: industries, output reproduced and multipliers match numpy`, () => {
    const m = beaModel({ dir: BEA, year: 2017, level, domestic });
    assert.deepEqual(
      m.sectors.map((s) => s.code),
      ref.codes,
    );
    assertClose(Array.from(m.x), ref.x_table, { rel: 1e-12 });
    const sys = createLeontiefSystem(m.A, { labels: ref.codes });
    const sol = sys.solve(totalFinalDemand(m));
    assert.ok(sol.converged && sol.residual <= 1e-10, `${sol.status} ${sol.residual}`);
    assertClose(Array.from(sol.x), ref.x_from_final_demand, { rel: 1e-9 });
    // The table's own gross output from its final demand: within BEA's rounding (whole $M).
    let worst = 0;
    for (let i = 0; i < m.x.length; i++) worst = Math.max(worst, Math.abs(sol.x[i] - m.x[i]) / m.x[i]);
    assert.ok(worst <= (level === "summary" ? 0.001 : 0.005), `largest relative error ${worst}`);
    const mult = outputMultipliers(sys);
    assert.ok(mult.solve.converged);
    assertClose(Array.from(mult.values), ref.output_multipliers, { rel: 1e-9 });
    assertClose(Array.from(satelliteMultipliers(sys, vaIntensity(m)).values), ref.value_added_multipliers, {
      rel: 1e-9,
    });
    const l = linkages(sys, m.x);
    assertClose(Array.from(l.backward), ref.backward_linkage, { rel: 1e-9 });
    assertClose(Array.from(l.forward), ref.forward_linkage, { rel: 1e-9 });
    assertClose(Array.from(l.forwardGhosh), ref.forward_linkage_ghosh, { rel: 1e-9 });
    assert.deepEqual(l.keySector, ref.key_sector);
    const p = productivityCheck(m.A, ref.codes);
    assert.ok(p.productive);
    assert.ok(
      p.spectralRadius.lower <= ref.spectral_radius + 1e-12 && ref.spectral_radius <= p.spectralRadius.upper + 1e-12,
    );
  });
}

test("BEA 2017 detail: S00201 (state and local passenger transit) sums above 1, and the economy is still productive", () => {
  const m = beaModel({ dir: BEA, year: 2017, level: "detail", domestic: false });
  const p = productivityCheck(
    m.A,
    m.sectors.map((s) => s.code),
  );
  assert.deepEqual(
    p.columnsSummingToOneOrMore.map((c) => c.code),
    ["S00201"],
  );
  assert.ok(p.productive);
});

for (const key of ["summary_total", "summary_domestic"] as const) {
  test(`BEA 2017 ${key.replace("_", " ")}: hypothetical extractions and the Ghosh model match brute-force numpy`, () => {
    const ref = fx[key];
    const m = beaModel({ dir: BEA, year: 2017, level: "summary", domestic: key === "summary_domestic" });
    const sys = createLeontiefSystem(m.A);
    const f = totalFinalDemand(m);
    const ex = hypotheticalExtraction(sys, f);
    assert.ok(ex.converged);
    assertClose(Array.from(ex.total), ref.extraction_total, { rel: 1e-7, abs: 1e-4 });
    assertClose(Array.from(ex.backward), ref.extraction_backward, { rel: 1e-7, abs: 1e-4 });
    assertClose(Array.from(ex.forward), ref.extraction_forward, { rel: 1e-7, abs: 1e-4 });
    // Ghosh: allocation coefficients from the solved output; its primary inputs v_j = x_j·(1 − Σ_i a_ij) give x back
    const x = sys.solve(f).x;
    const B = allocationFromTechnical(m.A, x);
    const colSums = columnSums(m.A);
    const v = Float64Array.from(x, (xj, j) => xj * (1 - colSums[j]));
    const g = ghoshOutput(B, v);
    assert.ok(g.converged);
    assertClose(Array.from(g.x), ref.ghosh_output_from_primary_inputs, { rel: 1e-8 });
    assertClose(Array.from(g.x), Array.from(x), { rel: 1e-8 });
  });
}

test("BEA 2023 summary, domestic: the make table's published −28 (GFE × 4A0) is kept with a warning naming the cell; the economy is productive", () => {
  const m = beaModel({ dir: BEA, year: 2023, level: "summary", domestic: true });
  const warning = m.notes.find((n) => n.startsWith("Warning: "));
  assert.match(warning ?? "", /industry GFE × commodity 4A0 is -28 \(negative, as BEA publishes it\): kept/);
  const r = saveImportedModel(m, join(scratch(), "bea2023"));
  assert.ok(r.issues.some((i) => i.severity === "warning" && /GFE × commodity 4A0 is -28/.test(i.message)));
  assert.deepEqual(requireSolvable(m).warnings, []);
});
