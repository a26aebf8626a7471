import type { IterativeOptions, IterativeResult, LinearOperator } from "./operator.ts";
import { dot, norm2 } from "./operator.ts";

/**
 * BiCGSTAB for M·x = b (van der Vorst 1992, SIAM J. Sci. Stat. Comput. 13: 631–644; Saad, Alg. 7.7).
 * Two operator applications an iteration and six vectors of memory. Breakdown (ρ or ω vanishing) is a
 * status, with the residual reached.
 * @example
 * ```ts
 * const A = denseMatrix([[0.15, 0.25], [0.2, 0.05]]);
 * const apply = (x: Float64Array, y: Float64Array) => {
 *   matVec(A, x, y);
 *   for (let i = 0; i < 2; i++) y[i] = x[i] - y[i];
 * };
 * const op = { n: 2, apply };
 * const r = bicgstab(op, new Float64Array([600, 1500]), { tolerance: 1e-12 });
 * console.log(r.status, Array.from(r.x, (v) => v.toFixed(2))); // converged [ '1247.52', '1841.58' ]
 * ```
 */
export function bicgstab(op: LinearOperator, b: Float64Array, options: IterativeOptions = {}): IterativeResult {
  const n = op.n;
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 1000;
  const x = options.initialGuess ? Float64Array.from(options.initialGuess) : new Float64Array(n);
  const bnorm = norm2(b);
  if (bnorm === 0) return { x: new Float64Array(n), iterations: 0, residual: 0, status: "converged" };
  const r = new Float64Array(n);
  op.apply(x, r);
  for (let i = 0; i < n; i++) r[i] = b[i] - r[i];
  const rHat = Float64Array.from(r);
  const p = new Float64Array(n);
  const v = new Float64Array(n);
  const s = new Float64Array(n);
  const t = new Float64Array(n);
  let rho = 1;
  let alpha = 1;
  let omega = 1;
  let rel = norm2(r) / bnorm;
  options.onIteration?.(0, rel);
  if (rel <= tol) return { x, iterations: 0, residual: rel, status: "converged" };
  for (let it = 1; it <= maxIter; it++) {
    const rhoNew = dot(rHat, r);
    if (rhoNew === 0 || !Number.isFinite(rhoNew)) return { x, iterations: it - 1, residual: rel, status: "breakdown" };
    const beta = (rhoNew / rho) * (alpha / omega);
    rho = rhoNew;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
    op.apply(p, v);
    const rv = dot(rHat, v);
    if (rv === 0) return { x, iterations: it - 1, residual: rel, status: "breakdown" };
    alpha = rho / rv;
    for (let i = 0; i < n; i++) s[i] = r[i] - alpha * v[i];
    const snorm = norm2(s);
    if (snorm / bnorm <= tol) {
      for (let i = 0; i < n; i++) x[i] += alpha * p[i];
      rel = snorm / bnorm;
      options.onIteration?.(it, rel);
      return { x, iterations: it, residual: rel, status: "converged" };
    }
    op.apply(s, t);
    const tt = dot(t, t);
    omega = tt === 0 ? 0 : dot(t, s) / tt;
    let rr = 0;
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i] + omega * s[i];
      const ri = s[i] - omega * t[i];
      r[i] = ri;
      rr += ri * ri;
    }
    rel = Math.sqrt(rr) / bnorm;
    options.onIteration?.(it, rel);
    if (rel <= tol) return { x, iterations: it, residual: rel, status: "converged" };
    if (omega === 0) return { x, iterations: it, residual: rel, status: "breakdown" };
  }
  return { x, iterations: maxIter, residual: rel, status: "max-iterations" };
}
