// Fused vector passes of the two-thread BiCGSTAB (ParallelCsr.solve) and of PDLP's PDHG steps (engine/plan/pdlp.ts):
// whole vectors of n doubles at byte offsets into the imported memory, each fused into one pass. The PDHG passes do
// the same operations in the same order as pdlp.ts's JavaScript loops, so that both give the same iterates.

/** Σ a[i]·b[i], with two independent sums (V8's JavaScript loops run one dependent add at a time) */
export function dot(a: usize, b: usize, n: i32): f64 {
  let s0 = 0.0,
    s1 = 0.0;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = (<usize>i) << 3;
    s0 += load<f64>(a + o) * load<f64>(b + o);
    s1 += load<f64>(a + o, 8) * load<f64>(b + o, 8);
  }
  if (i < n) {
    const o = (<usize>i) << 3;
    s0 += load<f64>(a + o) * load<f64>(b + o);
  }
  return s0 + s1;
}

/** p = r + β·(p − ω·v) */
export function bicgP(p: usize, r: usize, v: usize, beta: f64, omega: f64, n: u32): void {
  const e = (<usize>n) << 3;
  for (let o: usize = 0; o < e; o += 8) {
    store<f64>(p + o, load<f64>(r + o) + beta * (load<f64>(p + o) - omega * load<f64>(v + o)));
  }
}

/** s = r − α·v; returns Σ s² */
export function bicgS(s: usize, r: usize, v: usize, alpha: f64, n: u32): f64 {
  const e = (<usize>n) << 3;
  let ss = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const si = load<f64>(r + o) - alpha * load<f64>(v + o);
    store<f64>(s + o, si);
    ss += si * si;
  }
  return ss;
}

/** x += α·p + ω·s; r = s − ω·t; returns Σ r² and stores Σ rh·r at out */
export function bicgX(
  x: usize,
  r: usize,
  p: usize,
  s: usize,
  t: usize,
  alpha: f64,
  omega: f64,
  n: u32,
  rh: usize,
  out: usize,
): f64 {
  const e = (<usize>n) << 3;
  let rr = 0.0,
    hr = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const si = load<f64>(s + o);
    store<f64>(x + o, load<f64>(x + o) + (alpha * load<f64>(p + o) + omega * si));
    const ri = si - omega * load<f64>(t + o);
    store<f64>(r + o, ri);
    rr += ri * ri;
    hr += ri * load<f64>(rh + o);
  }
  store<f64>(out, hr);
  return rr;
}

/** returns Σ t² and stores Σ t·s at out */
export function dot2(t: usize, s: usize, n: u32, out: usize): f64 {
  const e = (<usize>n) << 3;
  let tt = 0.0,
    ts = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const ti = load<f64>(t + o);
    tt += ti * ti;
    ts += ti * load<f64>(s + o);
  }
  store<f64>(out, ts);
  return tt;
}

/** r = b − r (r holding (I − A)·x); returns Σ r² */
export function residual(r: usize, b: usize, n: u32): f64 {
  const e = (<usize>n) << 3;
  let rr = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const ri = load<f64>(b + o) - load<f64>(r + o);
    store<f64>(r + o, ri);
    rr += ri * ri;
  }
  return rr;
}

/** x += α·p */
export function axpy(x: usize, p: usize, alpha: f64, n: u32): void {
  const e = (<usize>n) << 3;
  for (let o: usize = 0; o < e; o += 8) store<f64>(x + o, load<f64>(x + o) + alpha * load<f64>(p + o));
}

/** x̂ = proj[l,u](x − τ(c − Aᵀy)); x̄ = 2x̂ − x; returns ‖x − x̂‖² */
export function pdhgPrimal(
  x: usize,
  c: usize,
  aty: usize,
  l: usize,
  u: usize,
  tau: f64,
  xh: usize,
  xb: usize,
  n: u32,
): f64 {
  const e = (<usize>n) << 3;
  let dx2 = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const xj = load<f64>(x + o);
    const v = xj - tau * (load<f64>(c + o) - load<f64>(aty + o));
    const lj = load<f64>(l + o);
    const uj = load<f64>(u + o);
    const h = select<f64>(lj, select<f64>(uj, v, v > uj), v < lj);
    store<f64>(xh + o, h);
    store<f64>(xb + o, 2 * h - xj);
    const d = xj - h;
    dx2 += d * d;
  }
  return dx2;
}

/**
 * ŷ = y + σ(lo − A x̄) clipped to ≥ 0 plus y + σ(hi − A x̄) clipped to ≤ 0; returns ‖y − ŷ‖² and stores
 * Σ (y − ŷ)·(Ax − A x̄)/2 at out
 */
export function pdhgDual(
  y: usize,
  axb: usize,
  ax: usize,
  lo: usize,
  hi: usize,
  sigma: f64,
  yh: usize,
  out: usize,
  m: u32,
): f64 {
  const e = (<usize>m) << 3;
  let dy2 = 0.0,
    cross = 0.0;
  for (let o: usize = 0; o < e; o += 8) {
    const a = load<f64>(axb + o);
    const yi = load<f64>(y + o);
    const p = yi + sigma * (load<f64>(lo + o) - a);
    const q = yi + sigma * (load<f64>(hi + o) - a);
    const v = select<f64>(p, 0, p > 0) + select<f64>(q, 0, q < 0);
    store<f64>(yh + o, v);
    const dy = yi - v;
    dy2 += dy * dy;
    cross += dy * ((load<f64>(ax + o) - a) / 2);
  }
  store<f64>(out, cross);
  return dy2;
}

/** the reflected Halpern step z = wk·(2ẑ − z) + wa·z⁰ on one block of the vectors */
export function halpern(z: usize, zh: usize, z0: usize, wk: f64, wa: f64, n: u32): void {
  const e = (<usize>n) << 3;
  for (let o: usize = 0; o < e; o += 8) {
    store<f64>(z + o, wk * (2 * load<f64>(zh + o) - load<f64>(z + o)) + wa * load<f64>(z0 + o));
  }
}

/** w = a·u + b·v (the products' part of the Halpern step: A z = wk·A x̄ + wa·A z⁰) */
export function combine(w: usize, a: f64, u: usize, b: f64, v: usize, n: u32): void {
  const e = (<usize>n) << 3;
  for (let o: usize = 0; o < e; o += 8) store<f64>(w + o, a * load<f64>(u + o) + b * load<f64>(v + o));
}
