// Tiled sparse products (the layout of ../tiles.ts): tile t is four i32 at tiles + 16·t (first row, first column,
// first and last + 1 entry); entry p packs (local row << cb | local column) as a u32 at e + 4·p (cb: the column bits),
// its value an f64 at v + 8·p; a tile's entries are sorted by row. The lists run through the tiles column block by
// column block, so that the block of the vector met at random (x forward, y transposed) stays in the core's own cache
// while the other is streamed in order. Outputs are not cleared. Pointers are byte offsets into the imported memory.

/** y[row0 + r] += s·v·x[col0 + c] over the entries of tiles list[from], …, list[to − 1] */
export function tilesMV(
  tiles: usize,
  list: usize,
  from: u32,
  to: u32,
  e: usize,
  v: usize,
  x: usize,
  y: usize,
  s: f64,
  cb: u32,
): void {
  for (let k = from; k < to; k++) {
    const ta = tiles + ((<usize>load<u32>(list + ((<usize>k) << 2))) << 4);
    tileForward(
      load<u32>(ta, 8),
      load<u32>(ta, 12),
      e,
      v,
      x + ((<usize>load<u32>(ta, 4)) << 3),
      y + ((<usize>load<u32>(ta, 0)) << 3),
      s,
      cb,
    );
  }
}

/** y[col0 + c] += s·v·x[row0 + r] over the entries of tiles list[from], …, list[to − 1] (the transposed product) */
export function tilesMVT(
  tiles: usize,
  list: usize,
  from: u32,
  to: u32,
  e: usize,
  v: usize,
  x: usize,
  y: usize,
  s: f64,
  cb: u32,
): void {
  for (let k = from; k < to; k++) {
    const ta = tiles + ((<usize>load<u32>(list + ((<usize>k) << 2))) << 4);
    tileTransposed(
      load<u32>(ta, 8),
      load<u32>(ta, 12),
      e,
      v,
      x + ((<usize>load<u32>(ta, 0)) << 3),
      y + ((<usize>load<u32>(ta, 4)) << 3),
      s,
      cb,
    );
  }
}

// The entries of one tile, p in [p, end): w = e[p] packs the local row (w >> cb) and column (w & (2^cb − 1)).
// Forward: yb[row] += s·v[p]·xb[column]. Four entries a turn, by pointers stepping through e and v; a kernel for each
// direction, so that each index is one shift or one mask (a shared kernel with shifts and masks for arguments was
// 10–15 % slower on the 10⁶-product economy).
function tileForward(p: u32, end: u32, e: usize, v: usize, xb: usize, yb: usize, s: f64, cb: u32): void {
  const m = (1 << cb) - 1;
  let pe = e + ((<usize>p) << 2);
  let pv = v + ((<usize>p) << 3);
  const last = e + ((<usize>end) << 2);
  for (; pe + 16 <= last; pe += 16, pv += 32) {
    forwardEntry(load<u32>(pe, 0), load<f64>(pv, 0), xb, yb, s, cb, m);
    forwardEntry(load<u32>(pe, 4), load<f64>(pv, 8), xb, yb, s, cb, m);
    forwardEntry(load<u32>(pe, 8), load<f64>(pv, 16), xb, yb, s, cb, m);
    forwardEntry(load<u32>(pe, 12), load<f64>(pv, 24), xb, yb, s, cb, m);
  }
  for (; pe < last; pe += 4, pv += 8) forwardEntry(load<u32>(pe, 0), load<f64>(pv, 0), xb, yb, s, cb, m);
}

/** Transposed: yb[column] += s·v[p]·xb[row]. */
function tileTransposed(p: u32, end: u32, e: usize, v: usize, xb: usize, yb: usize, s: f64, cb: u32): void {
  const m = (1 << cb) - 1;
  let pe = e + ((<usize>p) << 2);
  let pv = v + ((<usize>p) << 3);
  const last = e + ((<usize>end) << 2);
  for (; pe + 16 <= last; pe += 16, pv += 32) {
    transposedEntry(load<u32>(pe, 0), load<f64>(pv, 0), xb, yb, s, cb, m);
    transposedEntry(load<u32>(pe, 4), load<f64>(pv, 8), xb, yb, s, cb, m);
    transposedEntry(load<u32>(pe, 8), load<f64>(pv, 16), xb, yb, s, cb, m);
    transposedEntry(load<u32>(pe, 12), load<f64>(pv, 24), xb, yb, s, cb, m);
  }
  for (; pe < last; pe += 4, pv += 8) transposedEntry(load<u32>(pe, 0), load<f64>(pv, 0), xb, yb, s, cb, m);
}

function forwardEntry(w: u32, value: f64, xb: usize, yb: usize, s: f64, cb: u32, m: u32): void {
  const ya = yb + ((<usize>(w >> cb)) << 3);
  store<f64>(ya, load<f64>(ya) + s * value * load<f64>(xb + ((<usize>(w & m)) << 3)));
}

function transposedEntry(w: u32, value: f64, xb: usize, yb: usize, s: f64, cb: u32, m: u32): void {
  const ya = yb + ((<usize>(w & m)) << 3);
  store<f64>(ya, load<f64>(ya) + s * value * load<f64>(xb + ((<usize>(w >> cb)) << 3)));
}
