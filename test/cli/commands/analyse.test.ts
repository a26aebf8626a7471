import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { EXAMPLES, FIXTURES, ROOT } from "../../paths.ts";
import { assertClose } from "../../support/assertClose.ts";

const run = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, "bin", "ioplan.js"), ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, TZ: "UTC" },
  });
const BEA = join(EXAMPLES, "bea-summary-2017");
// the BEA case of scripts/fixtures/single_region_reference.py (numpy, from the model's CSV files)
const ref = JSON.parse(readFileSync(join(FIXTURES, "single_region_reference.json"), "utf8")).cases[3];

test("analyse --dispersion --mpm --field-of-influence --extraction --convention fio --json gives each section, named by its convention", () => {
  const r = run(
    "analyse",
    BEA,
    "--dispersion",
    "--mpm",
    "--top",
    "5",
    "--field-of-influence",
    "331,3361MV",
    "--extraction",
    "--convention",
    "fio",
    "--json",
  );
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.convention, "fio");
  assert.ok(
    a.conventionNotes.some((n: string) => /fio has none/.test(n)),
    "the MPM note",
  );
  assert.equal(a.dispersion.convention, "fio");
  assert.match(a.dispersion.definition, /fio's and leontief's power_dispersion_cv/);
  assertClose(
    a.rows.map((x: { powerDispersionCV: number }) => x.powerDispersionCV),
    ref.dispersion.peer.power,
    { rel: 1e-12 },
  );
  assertClose(
    a.rows.map((x: { sensitivityDispersionCV: number }) => x.sensitivityDispersionCV),
    ref.dispersion.peer.sensitivity,
    { rel: 1e-12 },
  );
  assert.equal(a.multiplierProduct.convention, "ioplan");
  assertClose(a.multiplierProduct.total, ref.mpm.total, { rel: 1e-12 });
  assert.equal(a.multiplierProduct.largest.length, 5);
  assert.deepEqual(
    a.multiplierProduct.largest.map((e: { row: string; column: string }) => [e.row, e.column]),
    ref.mpm.largest.slice(0, 5).map((e: { row: number; column: number }) => [ref.codes[e.row], ref.codes[e.column]]),
  );
  const f = a.fieldOfInfluence;
  assert.deepEqual([f.row, f.column, f.convention, f.epsilon], ["331", "3361MV", "fio", 0.001]);
  assertClose(f.lji, ref.field.lji, { rel: 1e-12 });
  assertClose(f.finiteDifferenceSumOfSquares, ref.field.fio.value, { rel: 1e-9 });
  assert.equal(f.leontiefColumn.length, 71);
  assert.equal(a.extraction.convention, "ioplan");
  assert.match(a.extraction.fio.definition, /diagonal included/);
  assertClose(
    a.rows.map((x: { extractionFio: { backward: number } }) => x.extractionFio.backward),
    ref.fioExtraction.backward,
    { rel: 1e-9, abs: 1e-6 },
  );
  for (const row of a.rows) {
    for (const k of ["forwardLinkageGhosh", "powerDispersionCV", "sensitivityDispersionCV"])
      assert.equal(typeof row[k], "number", `${row.code} ${k}`);
    for (const k of ["total", "backward", "forward"])
      assert.equal(typeof row.extraction[k], "number", `${row.code} extraction.${k}`);
  }
});

test("analyse --convention leontief gives A's column and row sums beside the Ghosh linkage and the transposed MPM, and the text names it", () => {
  const j = run("analyse", BEA, "--mpm", "--convention", "leontief", "--json");
  assert.equal(j.status, 0, j.stderr);
  const a = JSON.parse(j.stdout);
  assert.equal(a.multiplierProduct.convention, "leontief");
  assertClose(
    a.rows.map((x: { forwardLinkageLeontief: number }) => x.forwardLinkageLeontief),
    ref.leontiefLinkages.forward,
    { rel: 1e-12, abs: 1e-15 },
  );
  assertClose(
    a.rows.map((x: { backwardLinkageLeontief: number }) => x.backwardLinkageLeontief),
    ref.leontiefLinkages.backward,
    { rel: 1e-12, abs: 1e-15 },
  );
  const t = run("analyse", BEA, "--mpm", "--dispersion", "--convention", "leontief", "--top", "3");
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /fwd Ghosh +bwd ΣA col +fwd ΣA row +bwd CV +fwd CV/);
  assert.match(t.stdout, /Multiplier product matrix \(convention leontief\): leontief's multiplier_product_matrix/);
  assert.match(t.stdout, /bwd CV, fwd CV \(convention leontief\)/);
  assert.match(
    t.stdout,
    /\nConvention leontief:\n {2}linkages: leontief's backward_linkage and forward_linkage are the column and row sums of A/,
  );
});

test("analyse prints a field of influence and extraction with their conventions; without options its text is as before", () => {
  const t = run("analyse", BEA, "--field-of-influence", "331,3361MV", "--extraction", "--top", "3");
  assert.equal(t.status, 0, t.stderr);
  assert.match(
    t.stdout,
    /Field of influence of a_ij, i = 331 \(supplying\), j = 3361MV \(buying\), convention ioplan: first order/,
  );
  assert.match(t.stdout, /L_ji = 0\.01621; Σ F = 3\.641/);
  assert.match(t.stdout, /Hypothetical extraction \(convention ioplan\)/);
  assert.doesNotMatch(t.stdout, /fio backward/);
  const plain = run("analyse", BEA, "--top", "3");
  assert.doesNotMatch(plain.stdout, /convention|fwd Ghosh|Field of influence/i);
});

test("a --field-of-influence code that is not a sector exits 2 naming it and the valid codes; a malformed one says the form", () => {
  const r = run("analyse", BEA, "--field-of-influence", "331,3361mv");
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /column \(the buying sector\) "3361mv" is not a sector of model US BEA summary 2017 \(domestic\) \(did you mean "3361MV"\?\); its 71 sector codes are 111CA, 113FF, .*, GSLE/,
  );
  const bad = run("analyse", BEA, "--field-of-influence", "331");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--field-of-influence "331" is not rowCode,colCode/);
  const eps = run("analyse", BEA, "--field-of-influence", "331,3361MV", "--epsilon", "-1");
  assert.equal(eps.status, 2);
  assert.match(eps.stderr, /--epsilon -1 is not a number ≥ 0/);
  const conv = run("analyse", BEA, "--convention", "pymrio");
  assert.equal(conv.status, 2);
  assert.match(conv.stderr, /Allowed choices are ioplan, fio, leontief/);
});
