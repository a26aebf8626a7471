// Sparse matrix–vector products of ioplan's solvers (CSR, f64 values, i32 indices): compiled by
// `npm run build:wasm` into ../sparseBytes.ts, with the vector passes of vectors.ts. Every pointer argument is a byte
// offset into the one memory the module imports. V8's JavaScript gather x[ci[p]] stalls on every cache miss; compiled
// code keeps many misses in flight (6.7× faster than the JavaScript kernel on a random 10⁶-product economy, 4.9× faster
// than scipy's csr product there, measured on this project's benchmark machine).

/** y[i] = Σ_p v[p]·x[ci[p]] for rows i in [from, to) */
export function rowsMV(from: u32, to: u32, rs: usize, ci: usize, v: usize, x: usize, y: usize): void {
  rows(from, to, rs, ci, v, x, y, false);
}

/** y[i] = x[i] − Σ_p v[p]·x[ci[p]] for rows i in [from, to): the Leontief product (I − A)·x in one pass */
export function rowsLeontief(from: u32, to: u32, rs: usize, ci: usize, v: usize, x: usize, y: usize): void {
  rows(from, to, rs, ci, v, x, y, true);
}

/** The row products of rowsMV and rowsLeontief: four independent sums per row. */
function rows(from: u32, to: u32, rs: usize, ci: usize, v: usize, x: usize, y: usize, leontief: bool): void {
  let p = load<i32>(rs + ((<usize>from) << 2));
  for (let i = from; i < to; i++) {
    const end = load<i32>(rs + ((<usize>i) << 2), 4);
    const end4 = end - 3;
    let s0 = 0.0,
      s1 = 0.0,
      s2 = 0.0,
      s3 = 0.0;
    for (; p < end4; p += 4) {
      const pv = v + ((<usize>p) << 3);
      const pc = ci + ((<usize>p) << 2);
      s0 += load<f64>(pv) * load<f64>(x + ((<usize>load<i32>(pc)) << 3));
      s1 += load<f64>(pv, 8) * load<f64>(x + ((<usize>load<i32>(pc, 4)) << 3));
      s2 += load<f64>(pv, 16) * load<f64>(x + ((<usize>load<i32>(pc, 8)) << 3));
      s3 += load<f64>(pv, 24) * load<f64>(x + ((<usize>load<i32>(pc, 12)) << 3));
    }
    for (; p < end; p++) {
      s0 += load<f64>(v + ((<usize>p) << 3)) * load<f64>(x + ((<usize>load<i32>(ci + ((<usize>p) << 2))) << 3));
    }
    let sum = s0 + s1 + (s2 + s3);
    if (leontief) sum = load<f64>(x + ((<usize>i) << 3)) - sum;
    store<f64>(y + ((<usize>i) << 3), sum);
  }
}
