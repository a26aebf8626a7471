import assert from "node:assert/strict";

/** Tolerances for {@link assertClose}: passes when |a − e| ≤ abs + rel·|e|. */
export interface Tolerance {
  rel?: number;
  abs?: number;
}

/**
 * Compares numbers, arrays of numbers or nested objects of them with a tolerance, reporting the path of the
 * first mismatch and the difference. Never `===` on floats (STYLE.md §5).
 */
export function assertClose(actual: unknown, expected: unknown, tol: Tolerance = {}, path = "value"): void {
  const rel = tol.rel ?? 1e-9;
  const abs = tol.abs ?? 0;
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${path}: expected a number, got ${typeof actual}`);
    const a = actual as number;
    if (Number.isNaN(expected)) {
      assert.ok(Number.isNaN(a), `${path}: expected NaN, got ${a}`);
      return;
    }
    const diff = Math.abs(a - expected);
    if (!(diff <= abs + rel * Math.abs(expected))) {
      assert.fail(
        `${path}: ${a} differs from expected ${expected} by ${diff.toExponential(3)} (relative ${(diff / Math.abs(expected)).toExponential(3)}; allowed rel ${rel}, abs ${abs})`,
      );
    }
    return;
  }
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const e = expected as ArrayLike<unknown>;
    const a = actual as ArrayLike<unknown>;
    assert.ok(a && typeof a === "object" && "length" in a, `${path}: expected an array`);
    assert.equal(a.length, e.length, `${path}: length ${a.length}, expected ${e.length}`);
    for (let i = 0; i < e.length; i++) assertClose(a[i], e[i], tol, `${path}[${i}]`);
    return;
  }
  if (expected && typeof expected === "object") {
    for (const [k, v] of Object.entries(expected))
      assertClose((actual as Record<string, unknown>)[k], v, tol, `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}
