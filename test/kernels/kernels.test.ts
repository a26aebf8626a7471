import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { csrFromTriplets, matTVec, matVec } from "../../src/engine/index.ts";
import { WasmArena, tileInPlace, tileShape } from "../../src/kernels/index.ts";
import { ROOT } from "../paths.ts";
import { lcg, sparseEconomy } from "../support/economies.ts";

/** A random productive sparse economy: n sectors, k inputs each, column sums below 0.9. */
const economy = (n: number, k: number, seed: number) => sparseEconomy(n, k, lcg(seed));

test("the committed WebAssembly kernels are the ones src/kernels/assembly compiles to (npm run build:wasm)", () => {
  const r = spawnSync(process.execPath, ["scripts/build-wasm.mjs", "--check"], { encoding: "utf8", cwd: ROOT });
  assert.equal(r.status, 0, r.stderr);
});

test("the compiled single-thread kernels give the JavaScript products: CSR rows, and tiles both ways on a rectangular matrix", () => {
  const A = economy(3_000, 7, 11);
  const n = A.rows;
  const nnz = A.values.length;
  const arena = new WasmArena(WasmArena.size((n + 1) * 4, nnz * 4, nnz * 8, n * 8, n * 8));
  const rs = arena.i32(n + 1);
  const ci = arena.i32(nnz);
  const v = arena.f64(nnz);
  rs.set(A.rowStarts);
  ci.set(A.colIndices);
  v.set(A.values);
  const x = arena.f64(n);
  const y = arena.f64(n);
  x.set(Float64Array.from({ length: n }, (_, i) => Math.cos(i)));
  arena.kernels.rowsMV(0, n, rs.byteOffset, ci.byteOffset, v.byteOffset, x.byteOffset, y.byteOffset);
  const want = matVec(A, x);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - want[i]) <= 1e-13 * (1 + Math.abs(want[i])));
  assert.throws(() => arena.f64(n), /arena is full/);
  assert.throws(() => new WasmArena(2 ** 33), /do not fit in a WebAssembly memory \(4 GiB\)/);

  // tiled products both ways against the JavaScript ones, on rectangular matrices with ragged last blocks: 5,000 ×
  // 2,100 in tiles of 2⁸ rows × 2⁹ columns, with empty rows and a dense row; and a very sparse 1,000 × 2,000,000,
  // whose column blocks widen to 2¹⁹ (local column in 19 bits, row in 13)
  const rand = lcg(5);
  const wide = { rows: [] as number[], cols: [] as number[], values: [] as number[] };
  for (let q = 0; q < 2_000; q++) {
    wide.rows.push(Math.floor(rand() * 1_000));
    wide.cols.push(q === 0 ? 1_999_999 : Math.floor(rand() * 2_000_000));
    wide.values.push(rand() - 0.5);
  }
  const trip = { rows: [] as number[], cols: [] as number[], values: [] as number[] };
  for (let i = 0; i < 5_000; i++) {
    const k = i % 97 === 0 ? 0 : i === 2_500 ? 2_100 : 1 + Math.floor(rand() * 6);
    for (let q = 0; q < k; q++) {
      trip.rows.push(i);
      trip.cols.push(i === 2_500 ? q : Math.floor(rand() * 2_100));
      trip.values.push(rand() - 0.5);
    }
  }
  for (const [R, C, t, bits] of [
    [5_000, 2_100, trip, [8, 9, 20, 5]],
    [1_000, 2_000_000, wide, [6, 19, 16, 4]],
  ] as const) {
    const M = csrFromTriplets(R, C, t, { allowNegative: true });
    const shape = tileShape(R, C, M.values.length);
    assert.deepEqual([shape.rowBits, shape.colBits, shape.rowBlocks, shape.colBlocks], bits);
    const m = M.values.length;
    const a2 = new WasmArena(
      WasmArena.size((R + 1) * 4, m * 4, m * 8, shape.tiles * 16, shape.tiles * 8, C * 8, R * 8, R * 8, C * 8),
    );
    const [mrs, mci, mv] = [a2.i32(R + 1), a2.i32(m), a2.f64(m)];
    mrs.set(M.rowStarts);
    mci.set(M.colIndices);
    mv.set(M.values);
    const T = tileInPlace(shape, mrs, mci, mv, a2.i32(shape.tiles * 4), a2.i32(2 * shape.tiles));
    assert.equal(
      T.rowBlockNnz.reduce((p, q) => p + q, 0),
      m,
    );
    assert.equal(
      T.colBlockNnz.reduce((p, q) => p + q, 0),
      m,
    );
    const [xc, yr, xr, yc] = [a2.f64(C), a2.f64(R), a2.f64(R), a2.f64(C)];
    xc.set(Float64Array.from({ length: C }, (_, j) => Math.sin(j)));
    xr.set(Float64Array.from({ length: R }, (_, i) => Math.cos(i)));
    const k2 = a2.kernels;
    yr.fill(1);
    k2.tilesMV(
      T.table.byteOffset,
      T.forward.byteOffset,
      0,
      shape.tiles,
      T.entries.byteOffset,
      T.values.byteOffset,
      xc.byteOffset,
      yr.byteOffset,
      -1,
      shape.colBits,
    );
    const wantF = matVec(M, xc);
    for (let i = 0; i < R; i++)
      assert.ok(Math.abs(yr[i] - (1 - wantF[i])) <= 1e-13 * (1 + Math.abs(wantF[i])), `row ${i}`);
    yc.fill(0);
    k2.tilesMVT(
      T.table.byteOffset,
      T.transposed.byteOffset,
      0,
      shape.tiles,
      T.entries.byteOffset,
      T.values.byteOffset,
      xr.byteOffset,
      yc.byteOffset,
      1,
      shape.colBits,
    );
    const wantB = matTVec(M, xr);
    for (let j = 0; j < C; j++)
      assert.ok(Math.abs(yc[j] - wantB[j]) <= 1e-13 * (1 + Math.abs(wantB[j])), `column ${j}`);
  }
  // a bad column index is named, and the tiles are not built
  const bad = csrFromTriplets(2, 3, { rows: [0, 1], cols: [1, 2], values: [1, 1] });
  bad.colIndices[1] = 7;
  const s3 = tileShape(2, 3, 2);
  assert.throws(
    () =>
      tileInPlace(
        s3,
        bad.rowStarts,
        bad.colIndices,
        bad.values,
        new Int32Array(4 * s3.tiles),
        new Int32Array(2 * s3.tiles),
      ),
    /column index 7 at entry 1 is outside 0\.\.2/,
  );
});
