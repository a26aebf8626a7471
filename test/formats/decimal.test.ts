import assert from "node:assert/strict";
import { readFileSync as readFileBytes, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { loadPlan } from "../../src/app/planning.ts";
import { readDemandCsv } from "../../src/app/solveDemand.ts";
import { decimalOf, notADecimal } from "../../src/formats/decimal.ts";
import { parseNumberCell } from "../../src/formats/csv.ts";
import { PlanFileError } from "../../src/formats/planFile.ts";
import { readModel } from "../../src/formats/dataPackage.ts";
import { readLabelledTable } from "../../src/formats/labelledMatrix.ts";
import { readObservationsCsv } from "../../src/formats/observationsCsv.ts";
import { EXAMPLES } from "../paths.ts";
import { copyModel, scratch } from "../support/scratch.ts";

test("decimalOf reads plain decimals, and thousands separators only where they group thousands and are allowed", () => {
  for (const [text, want] of [
    ["12.5", 12.5],
    ["-3e-4", -3e-4],
    [".5", 0.5],
    ["+7", 7],
    ["  42 ", 42],
    ["1e5", 1e5],
  ] as const)
    assert.equal(decimalOf(text), want, text);
  assert.equal(decimalOf("1,234,567.5", { thousands: true }), 1234567.5);
  assert.ok(Number.isNaN(decimalOf("1,234")), "separators only where the reader allows them");
  // silent corruption before: "1,5" read as 15; hex, binary and octal as numbers; Infinity as a value
  for (const text of [
    "1,5",
    "12,34",
    "1,2345",
    "0x1F",
    "0b11",
    "0o7",
    "Infinity",
    "-Infinity",
    "NaN",
    "",
    " ",
    "1e999",
    "1.2.3",
    "12abc",
    "١٢",
  ])
    assert.ok(Number.isNaN(decimalOf(text, { thousands: true })), `"${text}" is not a number`);
  assert.match(notADecimal("1,5"), /a decimal comma\? write 1\.5/);
  assert.match(notADecimal("1.234,5"), /a decimal comma\? write 1234\.5/);
  assert.match(notADecimal("0x1F"), /hexadecimal, binary and octal are not read/);
});

test("every reader refuses a decimal comma and a hexadecimal value, naming where", () => {
  assert.throws(
    () => parseNumberCell("1,5", "t.csv", 3, "output", false),
    /t\.csv.*3.*column output: "1,5" is not a number: a decimal comma\? write 1\.5/,
  );
  // observations
  const obs = join(scratch(), "obs.csv");
  writeFileSync(
    obs,
    'indicator,period,value,unit,kind,source_name,source_url,published,status,note\nsteel,2020,"1,5",Mt,estimate,Office,,,estimated,\n',
  );
  assert.throws(
    () => readObservationsCsv(obs),
    /line 2, value = "1,5": "1,5" is not a number: a decimal comma\? write 1\.5/,
  );
  writeFileSync(
    obs,
    'indicator,period,value,unit,kind,source_name,source_url,published,status,note\nsteel,2020,"1,500",Mt,estimate,Office,,,estimated,\n',
  );
  assert.equal(readObservationsCsv(obs).rows[0].value, 1500);
  // a model folder: a coefficient in hexadecimal
  const dir = copyModel(join(EXAMPLES, "dprk", "model"));
  const f = join(dir, "coefficients.csv");
  const lines = readFileSync(f).split("\n");
  lines[2] = lines[2].replace(/,[^,]*$/, ",0x1F");
  writeFileSync(f, lines.join("\n"));
  assert.throws(
    () => readModel(dir),
    /coefficients\.csv:3, column value, sector MIN→AGR: "0x1F" is not a decimal number/,
  );
  // a demand file
  const m = readModel(join(EXAMPLES, "dprk", "model"));
  const d = join(scratch(), "d.csv");
  writeFileSync(d, "sector,value\nAGR,0b11\n");
  assert.throws(() => readDemandCsv(d, m), /d\.csv:2: value for AGR: "0b11" is not a decimal number/);
});

test("a coefficient given twice is refused with both lines, not summed", () => {
  const dir = copyModel(join(EXAMPLES, "dprk", "model"));
  const f = join(dir, "coefficients.csv");
  const lines = readFileSync(f).trimEnd().split("\n");
  writeFileSync(f, [...lines, lines[1]].join("\n") + "\n");
  assert.throws(
    () => readModel(dir),
    new RegExp(`coefficients\\.csv:${lines.length + 1}, sector AGR→AGR: coefficient given twice \\(first on line 2\\)`),
  );
});

test("plan files: dates that do not exist and numbers that are not finite are refused by field", () => {
  const dir = scratch();
  const model = join(EXAMPLES, "dprk", "model");
  const head = `name: x\nmodel: ${model}\nperiod: { start: 2021, end: 2022 }\ntargets: [{ id: t, sector: AGR, values: { growth: 0 } }]\n`;
  const shock = (start: string) =>
    `${head}limits: [{ id: imports, satellite: IMP, values: { growth: 0 } }]\nscenarios: [{ name: s, shocks: [{ kind: borderClosure, limit: imports, start: ${start} }] }]\n`;
  for (const bad of ["2017-13-45", "2017-02-31", "2021-00-10"]) {
    const f = join(dir, `d${bad}.yaml`);
    writeFileSync(f, shock(bad));
    assert.throws(
      () => loadPlan(f, "s"),
      (e: unknown) =>
        e instanceof PlanFileError && /scenarios\.0\.shocks\.0\.start: .*a date that exists/.test(e.message),
      bad,
    );
  }
  const ok = join(dir, "ok.yaml");
  writeFileSync(ok, shock("2020-02-29"));
  assert.equal(loadPlan(ok, "s").spec.years.length, 2);
  for (const [name, text] of [
    ["inf", `${head.replace("values: { growth: 0 }", 'values: { "2021": .inf }')}`],
    ["weight", `${head.replace("growth: 0 }", "growth: 0 }, weight: .inf")}`],
    ["overflow", `${head.replace("growth: 0 }", "growth: 0 }, weight: 1e999")}`],
  ] as const) {
    const f = join(dir, `${name}.yaml`);
    writeFileSync(f, text);
    assert.throws(
      () => loadPlan(f),
      (e: unknown) =>
        e instanceof PlanFileError &&
        /targets\.0\.(values\.2021|weight): Infinity is not a finite number/.test(e.message),
      name,
    );
  }
});

test("a plan figure far beyond the model's scale (1e308 typed for 1.308) is refused by field, not passed to the solver", () => {
  const f = join(scratch(), "huge.yaml");
  writeFileSync(
    f,
    `name: x\nmodel: ${join(EXAMPLES, "dprk", "model")}\nperiod: { start: 2021, end: 2022 }\ntargets: [{ id: t, sector: AGR, values: { "2021": 1e308, "2022": 1 } }]\n`,
  );
  assert.throws(
    () => loadPlan(f),
    (e: unknown) =>
      e instanceof PlanFileError &&
      /targets\.0\.values\.2021: 1\.000e\+308 \(model units\) is over 1e\+12 times the model's largest output \([\d.]+ KRW trillion\): a typo\?/.test(
        e.message,
      ),
  );
});

function readFileSync(f: string): string {
  return readFileBytes(f, "utf8");
}

test("an output so small that a flow divided by it overflows is refused, not read as an Infinity coefficient", async () => {
  const f = join(scratch(), "tiny.csv");
  writeFileSync(f, "code,name,S1,S2,final,output\nS1,one,150,500,350,1000\nS2,two,200,100,1700,1e-320\n");
  await assert.rejects(
    readLabelledTable(f, { name: "t", baseYear: 2020, unit: "USD" }),
    /gross output of sector S2 \(index 1\) \(which divides the flow from S1 \(index 0\)\): value 1e-320 is not allowed; expected an output large enough that every input coefficient is a finite number/,
  );
});
