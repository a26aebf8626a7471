import { norm2 } from "../linalg/operator.ts";
import type { CscMatrix } from "../linalg/sparse.ts";
import { cscToCsr } from "../linalg/sparse.ts";
import type { LinearProgram, LpSolution } from "./linearProgram.ts";

/** Options of {@link solvePdlp}. */
export interface PdlpOptions {
  /** Stop when the relative primal residual, dual residual and duality gap are all at most this (default 1e-4). */
  tolerance?: number;
  maxIterations?: number;
  timeLimitSeconds?: number;
  /** Iterations between evaluations of the stopping and restart criteria (default 64). */
  checkEvery?: number;
  /** Called at every evaluation with the current (unscaled) residuals. */
  onProgress?: (p: PdlpProgress) => void;
  /** Clock in ms (default Date.now; tests pass their own). */
  now?: () => number;
}

/** Where a first-order solve stands: relative residuals and gap of the best candidate, in the original units. */
export interface PdlpProgress {
  iteration: number;
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
  restarts: number;
  seconds: number;
}

/** The scaled problem PDHG works on: A in CSC and CSR, bounds, cost, and the scalings to undo. */
interface Scaled {
  m: number;
  n: number;
  csc: { starts: Int32Array; idx: Int32Array; val: Float64Array };
  csr: { starts: Int32Array; idx: Int32Array; val: Float64Array };
  c: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  l: Float64Array;
  u: Float64Array;
  /** Original x = colScale · scaled x; original y = rowScale · scaled y. */
  colScale: Float64Array;
  rowScale: Float64Array;
}


/**
 * Diagonal preconditioning as PDLP does it: ten Ruiz equilibration passes (rows and columns by the square root
 * of their largest entry), then one Pock–Chambolle pass (α = 1: by the square root of the absolute sums).
 */
function scale(lp: LinearProgram): Scaled {
  const M: CscMatrix = lp.matrix;
  const m = M.rows;
  const n = M.cols;
  const val = Float64Array.from(M.values);
  const idx = Int32Array.from(M.rowIndices);
  const starts = Int32Array.from(M.colStarts);
  const R = new Float64Array(m).fill(1);
  const C = new Float64Array(n).fill(1);
  const rowMax = new Float64Array(m);
  const apply = (r: Float64Array, cs: Float64Array) => {
    for (let j = 0; j < n; j++) for (let k = starts[j]; k < starts[j + 1]; k++) val[k] *= r[idx[k]] * cs[j];
    for (let i = 0; i < m; i++) R[i] *= r[i];
    for (let j = 0; j < n; j++) C[j] *= cs[j];
  };  // magnitude scaling first: each column in units of the size its rows and bounds imply (a sector's output
  // in units of its capacity), so that variables of 1 and of 10⁶ become alike before equilibration
  {
    const mag = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let best = 0;
      for (let k = starts[j]; k < starts[j + 1]; k++) {
        const i = idx[k];
        const a = Math.abs(val[k]);
        for (const b of [lp.rowLower[i], lp.rowUpper[i]]) if (Number.isFinite(b) && b !== 0 && a > 0) best = Math.max(best, Math.abs(b) / a);
      }
      for (const b of [lp.colLower[j], lp.colUpper[j]]) if (Number.isFinite(b) && b !== 0) best = Math.max(best, Math.abs(b));
      mag[j] = best > 0 ? best : 1;
    }
    apply(new Float64Array(m).fill(1), mag);
  }

  for (let pass = 0; pass < 10; pass++) {
    rowMax.fill(0);
    const cs = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let mx = 0;
      for (let k = starts[j]; k < starts[j + 1]; k++) {
        const a = Math.abs(val[k]);
        if (a > mx) mx = a;
        if (a > rowMax[idx[k]]) rowMax[idx[k]] = a;
      }
      cs[j] = mx > 0 ? 1 / Math.sqrt(mx) : 1;
    }
    const r = Float64Array.from(rowMax, (v) => (v > 0 ? 1 / Math.sqrt(v) : 1));
    apply(r, cs);
  }
  {
    const rowSum = new Float64Array(m);
    const cs = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = starts[j]; k < starts[j + 1]; k++) {
        const a = Math.abs(val[k]);
        s += a;
        rowSum[idx[k]] += a;
      }
      cs[j] = s > 0 ? 1 / Math.sqrt(s) : 1;
    }
    apply(Float64Array.from(rowSum, (v) => (v > 0 ? 1 / Math.sqrt(v) : 1)), cs);
  }
  const sign = lp.sense === "maximize" ? -1 : 1;
  const csc = { starts, idx, val };
  const t = cscToCsr({ kind: "csc", rows: m, cols: n, colStarts: starts, rowIndices: idx, values: val });
  return {
    m,
    n,
    csc,
    csr: { starts: t.rowStarts, idx: t.colIndices, val: t.values },
    c: Float64Array.from(lp.cost, (v, j) => sign * v * C[j]),
    lo: Float64Array.from(lp.rowLower, (v, i) => v * R[i]),
    hi: Float64Array.from(lp.rowUpper, (v, i) => v * R[i]),
    l: Float64Array.from(lp.colLower, (v, j) => v / C[j]),
    u: Float64Array.from(lp.colUpper, (v, j) => v / C[j]),
    colScale: C,
    rowScale: R,
  };
}

/** y = A x (CSR gather). */
function mulA(s: Scaled, x: Float64Array, y: Float64Array): void {
  const { starts, idx, val } = s.csr;
  for (let i = 0; i < s.m; i++) {
    let acc = 0;
    for (let k = starts[i]; k < starts[i + 1]; k++) acc += val[k] * x[idx[k]];
    y[i] = acc;
  }
}

/** x = Aᵀ y (CSC gather). */
function mulAt(s: Scaled, y: Float64Array, x: Float64Array): void {
  const { starts, idx, val } = s.csc;
  for (let j = 0; j < s.n; j++) {
    let acc = 0;
    for (let k = starts[j]; k < starts[j + 1]; k++) acc += val[k] * y[idx[k]];
    x[j] = acc;
  }
}


/** ‖A‖₂ of the scaled matrix by power iteration on AᵀA (an upper estimate after 30 steps, times 1.01). */
function normEstimate(s: Scaled): number {
  let x = new Float64Array(s.n).fill(1 / Math.sqrt(Math.max(1, s.n)));
  const y = new Float64Array(s.m);
  const z = new Float64Array(s.n);
  let lambda = 1;
  for (let it = 0; it < 30; it++) {
    mulA(s, x, y);
    mulAt(s, y, z);
    lambda = norm2(z);
    if (!(lambda > 0)) return 1;
    x = z.map((v) => v / lambda);
  }
  return Math.sqrt(lambda) * 1.01;
}

/**
 * KKT quantities of a point (x, y), measured in the scaled problem (every variable in units of its own size,
 * rows and columns equilibrated), where a relative residual of 1e-4 means the same for every variable; the
 * objectives are in the original units.
 */
interface Kkt {
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
}

/**
 * Solves a linear program with ioplan's own first-order method: PDLP-style restarted primal–dual hybrid
 * gradient (Applegate et al. 2021; Lu & Yang's cuPDLP restarts), with Ruiz and Pock–Chambolle diagonal
 * preconditioning, a primal weight updated at restarts, and restarts to the current or the averaged iterate by
 * the KKT error. Pure and single-threaded; memory is A twice (CSC and CSR) plus a dozen vectors. Every
 * evaluation reports the relative primal residual (‖Ax − proj[lo,hi](Ax)‖ / (1 + ‖finite row bounds‖)), dual
 * residual (reduced costs no bound can absorb, / (1 + ‖c‖)) and duality gap (|p − d| / (1 + |p| + |d|)).
 *
 * Status: "optimal" when all three are within `tolerance`; "iteration-limit" or "time-limit" otherwise
 * (the best point found is returned with its residuals). Duals follow HiGHS's sign convention.
 */
export function solvePdlp(lp: LinearProgram, options: PdlpOptions = {}): LpSolution {
  const now = options.now ?? Date.now;
  const t0 = now();
  const eps = options.tolerance ?? 1e-4;
  const maxIt = options.maxIterations ?? 1_000_000;
  const every = options.checkEvery ?? 64;
  const timeLimit = options.timeLimitSeconds ?? Infinity;
  const s = scale(lp);
  const { m, n, c, lo, hi, l, u, colScale: C, rowScale: R } = s;
  const sign = lp.sense === "maximize" ? -1 : 1;
  const eta = 0.95 / normEstimate(s);
  // primal weight: ‖c‖ / ‖b‖ in the scaled problem
  const cs = norm2(c);
  let bs = 0;
  for (let i = 0; i < m; i++) bs += (Number.isFinite(lo[i]) ? lo[i] ** 2 : 0) + (Number.isFinite(hi[i]) && hi[i] !== lo[i] ? hi[i] ** 2 : 0);
  bs = Math.sqrt(bs);
  let omega = cs > 1e-10 && bs > 1e-10 ? cs / bs : 1;

  const clampX = (v: number, j: number) => (v < l[j] ? l[j] : v > u[j] ? u[j] : v);
  let x = Float64Array.from({ length: n }, (_, j) => clampX(0, j));
  let y = new Float64Array(m);
  const xNew = new Float64Array(n);
  const xBar = new Float64Array(n);
  const Ax = new Float64Array(m);
  const Aty = new Float64Array(n);
  const xSum = new Float64Array(n);
  const ySum = new Float64Array(m);
  let weight = 0;
  let xLast = Float64Array.from(x);
  let yLast = Float64Array.from(y);
  const tmpM = new Float64Array(m);
  const tmpN = new Float64Array(n);
  const AxCur = new Float64Array(m);

  /** KKT measures of (px, py) in original units. */
  const kkt = (px: Float64Array, py: Float64Array): Kkt => {
    mulA(s, px, tmpM);
    let rp = 0;
    let pobj = 0;
    for (let i = 0; i < m; i++) {
      const a = tmpM[i];
      const v = a < lo[i] ? lo[i] - a : a > hi[i] ? a - hi[i] : 0;
      rp += v * v;
    }
    mulAt(s, py, tmpN);
    let rd = 0;
    let dobj = 0;
    for (let j = 0; j < n; j++) {
      pobj += c[j] * px[j];
      const lam = c[j] - tmpN[j]; // reduced cost (scaled)
      let absorbed = 0;
      if (lam > 0) absorbed = Number.isFinite(l[j]) ? lam : 0;
      else if (lam < 0) absorbed = Number.isFinite(u[j]) ? lam : 0;
      const viol = lam - absorbed;
      rd += viol * viol;
      if (absorbed > 0) dobj += absorbed * l[j];
      else if (absorbed < 0) dobj += absorbed * u[j];
    }
    for (let i = 0; i < m; i++) {
      const v = py[i];
      if (v > 0 && Number.isFinite(lo[i])) dobj += v * lo[i];
      else if (v < 0 && Number.isFinite(hi[i])) dobj += v * hi[i];
    }
    const offset = lp.offset ?? 0;
    return { primalResidual: Math.sqrt(rp) / (1 + bs), dualResidual: Math.sqrt(rd) / (1 + cs), gap: Math.abs(pobj - dobj) / (1 + Math.abs(pobj) + Math.abs(dobj)), primalObjective: sign * pobj + offset, dualObjective: sign * dobj + offset };
  };
  const score = (k: Kkt) => Math.hypot(k.primalResidual, k.dualResidual, k.gap);

  let it = 0;
  let stepTries = 0;
  let restarts = 0;
  let sinceRestart = 0;
  let lastRestartScore = Infinity;
  let prevCandScore = Infinity;
  let best: { x: Float64Array; y: Float64Array; k: Kkt } | undefined;
  let status: LpSolution["status"] = "iteration-limit";
  mulAt(s, y, Aty);
  mulA(s, x, AxCur);
  let step = eta;
  const yNew = new Float64Array(m);
  while (it < maxIt) {
    // adaptive step (PDLP): accept η when η ≤ ‖Δz‖²_ω / (2 |Δyᵀ A Δx|), then grow or shrink it
    for (;;) {
      stepTries++;
      const tau = step / omega;
      const sigma = step * omega;
      for (let j = 0; j < n; j++) {
        const v = clampX(x[j] - tau * (c[j] - Aty[j]), j);
        xNew[j] = v;
        xBar[j] = 2 * v - x[j];
      }
      mulA(s, xBar, Ax);
      let dx2 = 0;
      let dy2 = 0;
      let inter = 0;
      for (let i = 0; i < m; i++) {
        const a = Ax[i];
        const y0 = y[i];
        const p = y0 + sigma * (lo[i] - a);
        const q = y0 + sigma * (hi[i] - a);
        const v = (p > 0 ? p : 0) + (q < 0 ? q : 0);
        yNew[i] = v;
        const dy = v - y0;
        dy2 += dy * dy;
        // A Δx = A x' − A x = (A x̄ − A x) / 2
        inter += dy * ((a - AxCur[i]) / 2);
      }
      for (let j = 0; j < n; j++) dx2 += (xNew[j] - x[j]) ** 2;
      const movement = 0.5 * (omega * dx2 + dy2 / omega);
      const limit = Math.abs(inter) > 1e-300 ? movement / Math.abs(inter) : Infinity;
      const k = stepTries;
      const next = Math.min((1 - (k + 1) ** -0.3) * limit, (1 + (k + 1) ** -0.6) * step);
      if (step <= limit) {
        step = Number.isFinite(next) ? next : step;
        for (let i = 0; i < m; i++) AxCur[i] = (Ax[i] + AxCur[i]) / 2;
        y.set(yNew);
        break;
      }
      step = next;
    }
    x.set(xNew);
    mulAt(s, y, Aty);
    it++;
    sinceRestart++;
    for (let j = 0; j < n; j++) xSum[j] += x[j];
    for (let i = 0; i < m; i++) ySum[i] += y[i];
    weight++;
    if (it % every !== 0 && it !== maxIt) continue;
    const kc = kkt(x, y);
    const xa = xSum.map((v) => v / weight);
    const ya = ySum.map((v) => v / weight);
    const ka = kkt(xa, ya);
    const useAvg = score(ka) < score(kc);
    const cand = useAvg ? { x: xa, y: ya, k: ka } : { x: Float64Array.from(x), y: Float64Array.from(y), k: kc };
    if (!best || score(cand.k) < score(best.k)) best = cand;
    const seconds = (now() - t0) / 1000;
    options.onProgress?.({ iteration: it, ...cand.k, restarts, seconds });
    if (cand.k.primalResidual <= eps && cand.k.dualResidual <= eps && cand.k.gap <= eps) {
      best = cand;
      status = "optimal";
      break;
    }
    if (seconds > timeLimit) {
      status = "time-limit";
      break;
    }
    const sc = score(cand.k);
    if (sc <= 0.2 * lastRestartScore || (sc <= 0.8 * lastRestartScore && sc > prevCandScore) || sinceRestart >= 0.36 * it) {
      // restart at the candidate, and rebalance primal and dual step sizes by how far each moved
      let dx = 0;
      let dy = 0;
      for (let j = 0; j < n; j++) dx += (cand.x[j] - xLast[j]) ** 2;
      for (let i = 0; i < m; i++) dy += (cand.y[i] - yLast[i]) ** 2;
      dx = Math.sqrt(dx);
      dy = Math.sqrt(dy);
      if (dx > 1e-10 && dy > 1e-10) omega = Math.exp(0.5 * Math.log(dy / dx) + 0.5 * Math.log(omega));
      x = Float64Array.from(cand.x);
      y = Float64Array.from(cand.y);
      xLast = Float64Array.from(x);
      yLast = Float64Array.from(y);
      mulAt(s, y, Aty);
      mulA(s, x, AxCur);
      xSum.fill(0);
      ySum.fill(0);
      weight = 0;
      sinceRestart = 0;
      lastRestartScore = sc;
      prevCandScore = Infinity;
      restarts++;
    } else prevCandScore = sc;
  }
  const b = best ?? { x, y, k: kkt(x, y) };
  // unscale: x = C x̃, y = R ỹ; HiGHS's duals are ∂objective/∂bound, in the problem's sense
  const X = Float64Array.from(b.x, (v, j) => v * C[j]);
  const Y = Float64Array.from(b.y, (v, i) => sign * v * R[i]);
  mulA(s, b.x, tmpM);
  const rowActivity = Float64Array.from(tmpM, (v, i) => v / R[i]);
  mulAt(s, b.y, tmpN);
  const colDual = Float64Array.from(tmpN, (v, j) => (sign * (c[j] - v)) / C[j]);
  let viol = 0;
  for (let i = 0; i < m; i++) viol = Math.max(viol, lp.rowLower[i] - rowActivity[i], rowActivity[i] - lp.rowUpper[i]);
  return {
    status,
    detail: `ioplan PDLP: ${it} iterations (${stepTries} steps tried), ${restarts} restarts; relative primal residual ${b.k.primalResidual.toExponential(2)}, dual residual ${b.k.dualResidual.toExponential(2)}, gap ${b.k.gap.toExponential(2)}`,
    objective: b.k.primalObjective,
    x: X,
    rowActivity,
    rowDual: Y,
    colDual,
    primalResidual: Math.max(0, viol),
    gap: b.k.gap,
    method: "ioplan-pdlp",
    seconds: (now() - t0) / 1000,
  };
}
