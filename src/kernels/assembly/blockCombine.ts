// The kernel of ioplan's block Leontief solves (engine/mrio/blockKernels.ts), compiled by `npm run build:wasm` into
// ../blockCombineBytes.ts: rows of a row-major block of m columns combined with 128-bit SIMD, two doubles an
// instruction, four source rows a pass. V8 neither vectorises JavaScript nor drops its bounds checks; on the 49 × 163
// MRIO bench one sweep's interregional products took 3.4–4.5× less time here than in the JavaScript loop (same machine,
// same run). All pointers are byte offsets into the imported memory; m2 is the number of column pairs (m even).

/**
 * For rows r of a CSR (starts, idx, vals) from `from` to `to` − 1 (or downwards when descending ≠ 0):
 *   dst row (r − dstOff) = [init row r, when init ≠ 0] + Σ_p vals[p] · src row idx[p]
 * then, when invDiag ≠ 0, that row times invDiag[r]. Rows are done in order, so src may be dst (triangular solves).
 */
export function combine(
  from: i32,
  to: i32,
  descending: i32,
  starts: usize,
  idx: usize,
  vals: usize,
  src: usize,
  dst: usize,
  dstOff: i32,
  m2: u32,
  init: usize,
  invDiag: usize,
): void {
  const n = to - from;
  const rowBytes = (<usize>m2) << 4;
  for (let k = 0; k < n; k++) {
    const r = descending ? to - 1 - k : from + k;
    combineRow(r, starts, idx, vals, src, dst + <usize>(r - dstOff) * rowBytes, rowBytes, init, invDiag);
  }
}

function combineRow(
  r: i32,
  starts: usize,
  idx: usize,
  vals: usize,
  src: usize,
  d: usize,
  rowBytes: usize,
  init: usize,
  invDiag: usize,
): void {
  const dend = d + rowBytes;
  if (init) {
    const from = init + <usize>r * rowBytes;
    for (let dk = d, sk = from; dk < dend; dk += 16, sk += 16) v128.store(dk, v128.load(sk));
  }
  let p = load<i32>(starts + ((<usize>r) << 2));
  const end = load<i32>(starts + ((<usize>(r + 1)) << 2));
  // four source rows a pass: the target row is loaded and stored once for four of them
  for (; p + 4 <= end; p += 4) {
    const pv = vals + ((<usize>p) << 3);
    const a0 = v128.load64_splat(pv, 0);
    const a1 = v128.load64_splat(pv, 8);
    const a2 = v128.load64_splat(pv, 16);
    const a3 = v128.load64_splat(pv, 24);
    const s0 = sourceRow(idx, p, src, rowBytes);
    const s1 = sourceRow(idx, p + 1, src, rowBytes);
    const s2 = sourceRow(idx, p + 2, src, rowBytes);
    const s3 = sourceRow(idx, p + 3, src, rowBytes);
    for (let o: usize = 0; o < rowBytes; o += 16) {
      const sum01 = f64x2.add(v128.load(d + o), f64x2.mul(a0, v128.load(s0 + o)));
      const sum23 = f64x2.add(f64x2.mul(a2, v128.load(s2 + o)), f64x2.mul(a3, v128.load(s3 + o)));
      v128.store(d + o, f64x2.add(sum01, f64x2.add(f64x2.mul(a1, v128.load(s1 + o)), sum23)));
    }
  }
  for (; p < end; p++) {
    const a0 = v128.load64_splat(vals + ((<usize>p) << 3));
    const s0 = sourceRow(idx, p, src, rowBytes);
    for (let o: usize = 0; o < rowBytes; o += 16)
      v128.store(d + o, f64x2.add(v128.load(d + o), f64x2.mul(a0, v128.load(s0 + o))));
  }
  if (invDiag) {
    const a0 = v128.load64_splat(invDiag + ((<usize>r) << 3));
    for (let o: usize = 0; o < rowBytes; o += 16) v128.store(d + o, f64x2.mul(a0, v128.load(d + o)));
  }
}

/** the address of source row idx[p] */
function sourceRow(idx: usize, p: i32, src: usize, rowBytes: usize): usize {
  return src + <usize>load<i32>(idx + ((<usize>p) << 2)) * rowBytes;
}
