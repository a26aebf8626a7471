import assert from "node:assert/strict";
import { test } from "node:test";
import { DimensionError, InvalidValueError, LpBuilder, checkProgram, solvePdlp } from "../../../src/engine/index.ts";
import type { LinearProgram } from "../../../src/engine/index.ts";

/** maximise x + y subject to x + 2y ≤ 4 and 3x + y ≤ 6 (the optimum x = 1.6, y = 1.2) */
function small(): LinearProgram {
  const b = new LpBuilder();
  const r1 = b.addRow("r1", -Infinity, 4);
  const r2 = b.addRow("r2", -Infinity, 6);
  b.addCol("x", 1, 0, Infinity, [
    [r1, 1],
    [r2, 3],
  ]);
  b.addCol("y", 1, 0, Infinity, [
    [r1, 2],
    [r2, 1],
  ]);
  return b.build("maximize");
}

test("a program whose parts fit passes, and one whose bounds cross is left to the solver (infeasible is a status)", () => {
  checkProgram(small());
  checkProgram({ ...small(), rowLower: Float64Array.of(5, -Infinity), rowUpper: Float64Array.of(4, 6) });
});

test("a matrix that declares fewer rows than the program's row bounds is refused before PDLP solves it to NaN", () => {
  const lp = small();
  // the shape of bench/levers' eliminated program before its fix: two more row bounds than the matrix's rows
  const wrong = { ...lp, rowLower: Float64Array.of(-Infinity, -Infinity, 0, 0), rowUpper: Float64Array.of(4, 6, 9, 9) };
  assert.throws(
    () => checkProgram(wrong),
    (e: unknown) =>
      e instanceof DimensionError && /4 lower row bounds; its matrix has 2 rows/.test((e as Error).message),
  );
  assert.throws(() => solvePdlp(wrong), DimensionError);
});

test("entries outside the rows, column starts that do not reach the entries, NaN and shut-out bounds are named", () => {
  const lp = small();
  const M = lp.matrix;
  const cases: [LinearProgram, RegExp, typeof DimensionError | typeof InvalidValueError][] = [
    [
      { ...lp, matrix: { ...M, rowIndices: Int32Array.of(0, 7, 0, 1) } },
      /column x has an entry in row 7; the program has 2 rows/,
      DimensionError,
    ],
    [{ ...lp, matrix: { ...M, colStarts: Int32Array.of(0, 2, 3) } }, /column starts from 0 to 3/, DimensionError],
    [{ ...lp, cost: Float64Array.of(1, NaN) }, /cost of column y: value NaN/, InvalidValueError],
    [{ ...lp, matrix: { ...M, values: Float64Array.of(1, Infinity, 2, 1) } }, /column x, row r2/, InvalidValueError],
    [{ ...lp, rowUpper: Float64Array.of(NaN, 6) }, /upper bound of row r1: value NaN/, InvalidValueError],
    [{ ...lp, colLower: Float64Array.of(Infinity, 0) }, /lower bound of column x/, InvalidValueError],
    [{ ...lp, cost: Float64Array.of(1) }, /the program has 1 costs; its matrix has 2 columns/, DimensionError],
  ];
  for (const [bad, message, kind] of cases)
    assert.throws(
      () => checkProgram(bad),
      (e: unknown) => e instanceof kind && message.test((e as Error).message),
      String(message),
    );
});
