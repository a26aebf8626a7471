import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.ts";
import { norm2 } from "./operator.ts";

/** Options of {@link gmres}. */
export interface GmresOptions extends IterativeOptions {
  /** Krylov subspace size before a restart (default 30). Memory is (restart + 2)·n values. */
  restart?: number;
}

/**
 * Restarted GMRES(m) for M·x = b: modified Gram–Schmidt Arnoldi with Givens rotations
 * (Saad & Schultz 1986; Saad, *Iterative Methods for Sparse Linear Systems*, 2nd ed., Alg. 6.9).
 * The residual it tracks is exact in exact arithmetic; at each restart the true residual is recomputed.
 * Blocking: O(iterations · (cost of M + m·n)) time.
 *
 * Non-convergence is a status (`max-iterations`, `stagnated`) with the residual reached, never an exception.
 * @example
 * ```ts
 * // (I − A)·x = d given by its action only
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const apply = (x: Float64Array, y: Float64Array) => {
 *   matVec(A, x, y);
 *   for (let i = 0; i < 2; i++) y[i] = x[i] - y[i];
 * };
 * const op = { n: 2, apply };
 * const r = gmres(op, new Float64Array([600, 1500]));
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // converged [ '1247.52', '1841.58' ]
 * ```
 */
export function gmres(op: LinearOperator, b: Float64Array, options: GmresOptions = {}): IterativeResult {
  const n = op.n;
  const tol = options.tolerance ?? 1e-10;
  const m = Math.max(1, Math.min(options.restart ?? 30, n));
  const maxIter = options.maxIterations ?? Math.max(1000, 10 * m);
  const x = options.initialGuess ? Float64Array.from(options.initialGuess) : new Float64Array(n);
  const bnorm = norm2(b);
  if (bnorm === 0) return { x: new Float64Array(n), iterations: 0, residual: 0, status: "converged" };

  const kr: Krylov = {
    n,
    m,
    V: Array.from({ length: m + 1 }, () => new Float64Array(n)),
    H: new Float64Array((m + 1) * m), // H[i*m + j], column j of the Hessenberg matrix
    cs: new Float64Array(m),
    sn: new Float64Array(m),
    g: new Float64Array(m + 1),
  };
  const { V, g } = kr;
  const w = new Float64Array(n);
  let iter = 0;
  let rel: number;
  let lastRestartRel = Infinity;

  while (true) {
    // r = b − M·x
    op.apply(x, w);
    const r = V[0];
    for (let i = 0; i < n; i++) r[i] = b[i] - w[i];
    const beta = norm2(r);
    rel = beta / bnorm;
    options.onIteration?.(iter, rel);
    if (rel <= tol) return { x, iterations: iter, residual: rel, status: "converged" };
    if (iter >= maxIter) return { x, iterations: iter, residual: rel, status: "max-iterations" };
    if (rel >= lastRestartRel * (1 - 1e-12)) return { x, iterations: iter, residual: rel, status: "stagnated" };
    lastRestartRel = rel;
    for (let i = 0; i < n; i++) r[i] /= beta;
    g.fill(0);
    g[0] = beta;
    let k = 0;
    for (; k < m && iter < maxIter; k++) {
      iter++;
      const hn = arnoldiStep(op, kr, k);
      rel = Math.abs(g[k + 1]) / bnorm;
      options.onIteration?.(iter, rel);
      if (rel <= tol || hn === 0) {
        k++;
        break;
      }
    }
    addCorrection(kr, x, k);
  }
}

/** The Krylov basis of one cycle, its Hessenberg matrix reduced by Givens rotations, and the rotated residual g. */
interface Krylov {
  n: number;
  m: number;
  V: Float64Array[];
  H: Float64Array;
  cs: Float64Array;
  sn: Float64Array;
  g: Float64Array;
}

/**
 * Step k of the Arnoldi process: v_{k+1} = M·v_k orthogonalised against v_0..v_k (modified Gram–Schmidt) and
 * normalised, column k of H rotated by the earlier rotations and a new one, g updated. Returns h_{k+1,k}.
 */
function arnoldiStep(op: LinearOperator, { n, m, V, H, cs, sn, g }: Krylov, k: number): number {
  const vk = V[k];
  const vn = V[k + 1];
  op.apply(vk, vn);
  for (let j = 0; j <= k; j++) {
    const vj = V[j];
    let h = 0;
    for (let i = 0; i < n; i++) h += vn[i] * vj[i];
    H[j * m + k] = h;
    for (let i = 0; i < n; i++) vn[i] -= h * vj[i];
  }
  const hn = norm2(vn);
  H[(k + 1) * m + k] = hn;
  if (hn !== 0) for (let i = 0; i < n; i++) vn[i] /= hn;
  for (let j = 0; j < k; j++) {
    const a = H[j * m + k];
    const c = H[(j + 1) * m + k];
    H[j * m + k] = cs[j] * a + sn[j] * c;
    H[(j + 1) * m + k] = -sn[j] * a + cs[j] * c;
  }
  const a = H[k * m + k];
  const c = H[(k + 1) * m + k];
  const d = Math.hypot(a, c);
  cs[k] = d === 0 ? 1 : a / d;
  sn[k] = d === 0 ? 0 : c / d;
  H[k * m + k] = d;
  H[(k + 1) * m + k] = 0;
  g[k + 1] = -sn[k] * g[k];
  g[k] = cs[k] * g[k];
  return hn;
}

/** Solves the k × k upper-triangular system H·y = g and adds V·y to x. */
function addCorrection({ n, m, V, H, g }: Krylov, x: Float64Array, k: number): void {
  const y = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let s = g[i];
    for (let j = i + 1; j < k; j++) s -= H[i * m + j] * y[j];
    const hii = H[i * m + i];
    y[i] = hii === 0 ? 0 : s / hii;
  }
  for (let j = 0; j < k; j++) {
    const vj = V[j];
    const yj = y[j];
    for (let i = 0; i < n; i++) x[i] += yj * vj[i];
  }
}
