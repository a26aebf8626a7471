import type { CsrMatrix, DenseMatrix } from "../../src/engine/index.ts";
import { csrFromTriplets, denseMatrix } from "../../src/engine/index.ts";

/** A deterministic pseudo-random generator (Park–Miller), so property tests and fixtures repeat exactly. */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/**
 * A random productive economy: n sectors, each column with non-negative coefficients at the given density,
 * scaled so the column sums lie in [minSum, maxSum] (< 1: productive by the column-sum condition).
 */
export function randomEconomy(n: number, seed: number, density = 0.5, minSum = 0.3, maxSum = 0.95): DenseMatrix {
  const r = lcg(seed);
  const A = denseMatrix(n, n);
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      if (r() < density || i === (j + 1) % n) {
        const v = r();
        A.data[i * n + j] = v;
        s += v;
      }
    }
    const target = minSum + (maxSum - minSum) * r();
    for (let i = 0; i < n; i++) A.data[i * n + j] *= target / s;
  }
  return A;
}

/**
 * A random sparse productive economy: n sectors, k inputs each from random suppliers, coefficients uniform in
 * [0, sum/k) (column sums below `sum` < 1). With the generator `rand` (an {@link lcg}) it repeats exactly.
 */
export function sparseEconomy(n: number, k: number, rand: () => number, sum = 0.9): CsrMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let j = 0; j < n; j++)
    for (let q = 0; q < k; q++) {
      rows.push(Math.floor(rand() * n));
      cols.push(j);
      values.push((sum / k) * rand());
    }
  return csrFromTriplets(n, n, { rows, cols, values });
}
