import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { validateModelDir } from "../../src/app/modelValidation.ts";
import { wiodModel } from "../../src/app/wiodModel.ts";
import { createLeontiefSystem, denseMatrix, forEachEntry, totalFinalDemand } from "../../src/engine/index.ts";
import type { EconomyModel } from "../../src/engine/index.ts";
import { readModel, writeModel } from "../../src/formats/dataPackage.ts";
import { ModelFileError } from "../../src/formats/modelIssues.ts";
import { forEachLine } from "../../src/formats/lineReader.ts";
import { assertClose } from "../support/assertClose.ts";
import { DATA, EXAMPLES } from "../paths.ts";
import { copyModel, editLine, scratch } from "../support/scratch.ts";

function entries(m: EconomyModel): Map<string, number> {
  const out = new Map<string, number>();
  forEachEntry(m.A, (i, j, v) => {
    if (v !== 0) out.set(`${i},${j}`, v);
  });
  return out;
}

test("reading then writing a model gives the same files and the same doubles", () => {
  for (const name of ["bea-summary-2017", "wiod-usa-2014"]) {
    const a = readModel(join(EXAMPLES, name));
    const dir = join(scratch(), name);
    writeModel(a, dir);
    for (const f of readdirSync(join(EXAMPLES, name))) {
      assert.equal(
        readFileSync(join(dir, f), "utf8"),
        readFileSync(join(EXAMPLES, name, f), "utf8"),
        `${name}/${f} differs after a round trip`,
      );
    }
    const b = readModel(dir);
    assert.deepEqual(entries(b), entries(a));
    assert.deepEqual(Array.from(b.x), Array.from(a.x));
    assert.deepEqual(
      b.satellites.map((s) => [s.code, s.unit, Array.from(s.values)]),
      a.satellites.map((s) => [s.code, s.unit, Array.from(s.values)]),
    );
    assert.deepEqual(
      [b.finalDemandCategories, Array.from(b.finalDemand.data)],
      [a.finalDemandCategories, Array.from(a.finalDemand.data)],
    );
    assert.deepEqual(
      [b.valueAddedRows, Array.from(b.valueAdded.data)],
      [a.valueAddedRows, Array.from(a.valueAdded.data)],
    );
    assert.deepEqual(
      [b.baseYear, b.unit, b.licence, b.notes, b.sources],
      [a.baseYear, a.unit, a.licence, a.notes, a.sources],
    );
  }
});

test("the WIOD example keeps its licence and the attribution WIOD requires", () => {
  const m = readModel(join(EXAMPLES, "wiod-usa-2014"));
  assert.equal(m.licence?.name, "CC-BY-4.0");
  assert.match(m.licence?.attribution ?? "", /Timmer, M\. P\., Dietzenbacher.*doi:10\.34894\/PJ2M1C/);
});

test("shipped examples reproduce their tables' gross output from final demand (WIOD 1e-9, BEA within its rounding)", () => {
  const cases = [
    ["wiod-usa-2014", 1e-9],
    ["bea-summary-2017", 0.001],
    ["bea-detail-2017", 0.005],
  ] as const;
  for (const [name, tol] of cases) {
    const m = readModel(join(EXAMPLES, name));
    const s = createLeontiefSystem(m.A).solve(totalFinalDemand(m));
    assert.ok(s.converged, `${name}: ${s.status}`);
    let worst = 0;
    for (let i = 0; i < m.x.length; i++) if (m.x[i] > 0) worst = Math.max(worst, Math.abs(s.x[i] - m.x[i]) / m.x[i]);
    assert.ok(worst <= tol, `${name}: largest relative error ${worst} > ${tol}`);
  }
});

test("the examples are what the build script makes from the raw tables (WIOD rebuilt and compared)", async () => {
  const fresh = await wiodModel({
    xlsx: join(DATA, "wiod2016", "USA_NIOT_nov16.xlsx"),
    year: 2014,
    sea: join(DATA, "wiod2016", "sea_CAN_DEU_FRA_GBR_USA_2000_2014.csv"),
  });
  const shipped = readModel(join(EXAMPLES, "wiod-usa-2014"));
  assert.deepEqual(entries(shipped), entries(fresh));
  assert.deepEqual(Array.from(shipped.x), Array.from(fresh.x));
});

test("validation reports every problem with file, line, column, sector and value, and loads nothing", () => {
  const dir = copyModel(join(EXAMPLES, "wiod-usa-2014"));
  editLine(join(dir, "sectors.csv"), 3, (l) => l.replace(/,[^,]*$/, ",12x"));
  editLine(join(dir, "sectors.csv"), 5, () => "A01,Duplicate,1");
  editLine(join(dir, "coefficients.csv"), 4, (l) => l.replace(/^[^,]+/, "ZZZ"));
  editLine(join(dir, "coefficients.csv"), 6, (l) => l.replace(/,[^,]*$/, ",-0.5"));
  editLine(join(dir, "coefficients.csv"), 8, (l) => l + ",extra");
  editLine(join(dir, "coefficients.csv"), 10, (l) => l.replace(/,[^,]*$/, ",  "));
  editLine(join(dir, "coefficients.csv"), 12, (l) => l.replace(/,[^,]*$/, ",0.1234567890123456789x"));
  editLine(join(dir, "final_demand.csv"), 2, (l) => l.replace(/,[^,]*$/, ",abc"));
  const r = validateModelDir(dir);
  assert.equal(r.ok, false);
  assert.equal(r.model, undefined);
  const has = (re: RegExp, line?: number) =>
    r.issues.some(
      (i) =>
        i.severity === "error" &&
        re.test(`${i.file}|${i.column}|${i.sector}|${i.value}|${i.message}`) &&
        (line === undefined || i.line === line),
    );
  assert.ok(has(/sectors\.csv\|output\|A02\|12x\|"12x" is not a number/, 3), "non-numeric output");
  assert.ok(has(/sectors\.csv\|code\|A01\|.*duplicate sector code \(first on line 2\)/, 5), "duplicate code");
  assert.ok(has(/coefficients\.csv\|row\|ZZZ\|.*unknown sector code/, 4), "unknown code");
  assert.ok(has(/coefficients\.csv\|value\|.*\|-0\.5\|negative/, 6), "negative coefficient");
  assert.ok(has(/coefficients\.csv\|.*row has 4 cells; expected 3/, 8), "ragged row");
  assert.ok(has(/coefficients\.csv\|value\|.*not a number/, 10), "blank value");
  assert.ok(has(/coefficients\.csv\|value\|.*\|0\.1234567890123456789x\|.*is not a number/, 12), "long bad number");
  assert.ok(has(/final_demand\.csv\|EXP\|A01\|abc\|"abc" is not a number/, 2), "non-numeric final demand");
  assert.throws(
    () => readModel(dir),
    (e: unknown) => e instanceof ModelFileError && /cannot be read: \d+ errors/.test(e.message),
  );
});

test("validation: a broken datapackage.json names the field; a missing resource file is named", () => {
  const dir = copyModel(join(EXAMPLES, "wiod-usa-2014"));
  const pkg = JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8"));
  pkg.ioplan.baseYear = "2014";
  writeFileSync(join(dir, "datapackage.json"), JSON.stringify(pkg));
  const r = validateModelDir(dir);
  assert.ok(
    r.issues.some((i) => i.column === "ioplan.baseYear" && /expected number/.test(i.message)),
    JSON.stringify(r.issues),
  );
  pkg.ioplan.baseYear = 2014;
  pkg.resources.find((x: { name: string }) => x.name === "final_demand").path = "missing.csv";
  writeFileSync(join(dir, "datapackage.json"), JSON.stringify(pkg));
  const r2 = validateModelDir(dir);
  assert.ok(r2.issues.some((i) => /missing\.csv$/.test(i.file) && /its file is missing/.test(i.message)));
  pkg.resources[0].path = "../../etc/passwd";
  writeFileSync(join(dir, "datapackage.json"), JSON.stringify(pkg));
  assert.ok(validateModelDir(dir).issues.some((i) => /must stay inside the package/.test(i.message)));
});

test("validation: unbalanced rows and zero output are warnings with the largest offenders; an unproductive economy is an error", () => {
  const dir = copyModel(join(EXAMPLES, "wiod-usa-2014"));
  // WIOD's columns balance to ~1e-8: with a stricter tolerance the largest offenders are listed, largest first
  const strict = validateModelDir(dir, { balanceTolerance: 1e-12, largest: 3 });
  assert.equal(strict.ok, true);
  const cols = strict.issues.filter((i) => /^column balance: output/.test(i.message));
  assert.equal(cols.length, 3);
  const gaps = cols.map((i) => Math.abs(Number(i.value)) / Number(/output ([\d.e+]+)/.exec(i.message)![1]));
  assert.ok(gaps[0] >= gaps[1] && gaps[1] >= gaps[2], `largest first: ${gaps}`);
  assert.ok(strict.issues.some((i) => /^column balance: \d+ more columns do not balance/.test(i.message)));
  assert.ok(strict.issues.some((i) => i.sector === "U" && /zero output/.test(i.message)));
  // make the economy unproductive: every coefficient times 5
  const coef = join(dir, "coefficients.csv");
  const lines = readFileSync(coef, "utf8").trim().split("\n");
  writeFileSync(
    coef,
    [lines[0], ...lines.slice(1).map((l) => l.replace(/,([^,]*)$/, (_, v) => `,${Number(v) * 5}`))].join("\n") + "\n",
  );
  const bad = validateModelDir(dir);
  assert.equal(bad.ok, false);
  assert.ok(
    bad.issues.some((i) => i.severity === "error" && /not productive: spectral radius of A in \[/.test(i.message)),
  );
});

test("a write that fails leaves no partial model and the existing one intact", () => {
  const dir = join(scratch(), "m");
  const m = readModel(join(EXAMPLES, "wiod-usa-2014"));
  writeModel(m, dir);
  const before = readFileSync(join(dir, "coefficients.csv"), "utf8");
  const smaller: EconomyModel = { ...m, name: "changed" };
  assert.throws(
    () =>
      writeModel(smaller, dir, {
        hooks: {
          afterFile: (f) => {
            if (f.endsWith("final_demand.csv")) throw new Error("disk full");
          },
        },
      }),
    /disk full/,
  );
  assert.equal(readFileSync(join(dir, "coefficients.csv"), "utf8"), before);
  assert.equal(readModel(dir).name, "WIOD USA 2014");
  assert.deepEqual(
    readdirSync(join(dir, "..")).filter((f) => f.startsWith(".")),
    [],
    "no temporary folders left",
  );
});

test("the line reader handles lines across chunk boundaries, CRLF and a missing final newline", () => {
  const f = join(scratch(), "t.csv");
  const text =
    "\ufeffrow,column,value\r\n" + Array.from({ length: 500 }, (_, i) => `s${i},é${i},${i / 7}`).join("\r\n");
  writeFileSync(f, text);
  const seen: string[] = [];
  forEachLine(
    f,
    (l, n) => {
      assert.equal(n, seen.length + 1);
      seen.push(l);
    },
    37,
  );
  assert.equal(seen.length, 501);
  assert.equal(seen[0], "row,column,value");
  assert.equal(seen[500], `s499,é499,${499 / 7}`);
});

test("a model given as flows gets A = Z·diag(x)⁻¹", () => {
  const dir = join(scratch(), "flows");
  const m: EconomyModel = {
    name: "mb2",
    sectors: [
      { code: "S1", name: "one" },
      { code: "S2", name: "two" },
    ],
    A: denseMatrix([
      [0.15, 0.25],
      [0.2, 0.05],
    ]),
    x: Float64Array.from([1000, 2000]),
    finalDemand: denseMatrix([[350], [1700]]),
    finalDemandCategories: ["F"],
    valueAdded: denseMatrix(0, 2),
    valueAddedRows: [],
    satellites: [],
    allowNegativeCoefficients: false,
    baseYear: 2009,
    unit: "$",
    sources: [],
    notes: [],
  };
  writeModel(m, dir);
  const pkg = JSON.parse(readFileSync(join(dir, "datapackage.json"), "utf8"));
  pkg.resources[1].name = "flows";
  pkg.resources[1].path = "flows.csv";
  writeFileSync(join(dir, "datapackage.json"), JSON.stringify(pkg));
  writeFileSync(join(dir, "flows.csv"), "row,column,value\nS1,S1,150\nS1,S2,500\nS2,S1,200\nS2,S2,100\n");
  const back = readModel(dir);
  const A: number[] = [];
  forEachEntry(back.A, (i, j, v) => (A[i * 2 + j] = v));
  assertClose(A, [0.15, 0.25, 0.2, 0.05], { rel: 1e-15 });
  assert.ok(existsSync(join(dir, "coefficients.csv")));
});
