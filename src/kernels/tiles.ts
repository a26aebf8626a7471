/**
 * A tiled layout of a sparse matrix for the compiled products (the `tilesMV` / `tilesMVT` kernels,
 * src/kernels/assembly/tiles.ts): the matrix is cut into blocks of 2^rowBits rows × 2^colBits columns; each tile's
 * entries are stored together, sorted by row, with the local row and column packed into one u32 (r << colBits | c) and
 * the value as an f64. That is the 12 bytes a non-zero of CSR takes, and it serves both directions.
 *
 * Products run through the tiles column block by column block: the block of the vector met at random (x forward,
 * y transposed) stays in cache while the other is streamed in order, row block after row block. A CSR gather on a
 * random 10⁶-product economy misses the cache at nearly every non-zero, and a transposed product by scattering
 * misses twice; tiled, on two threads, both take 38–44 ms there (native C on the same tiles: 28–38 ms), against
 * 53–84 ms and 180–200 ms. (Row block by row block instead, the forward product fetched each tile's block of x at
 * random: 95–140 ms.)
 *
 * The shape (see {@link tileShape}) weighs two things: a column block small enough to stay in cache, and tiles
 * dense enough (about half a non-zero per row of a tile, or more) that the streamed vector's cache lines are each
 * used several times. At 10⁷ products blocks of 2¹⁵ columns held 0.07 non-zeros a row, every streamed line was
 * fetched for one entry, and a product took 3.5 s; the shape now widens the column blocks to 2¹⁸ there.
 *
 * {@link tileInPlace} reorders a CSR matrix's column indices and values into this layout where they lie (a stable
 * counting sort within each block of rows, with a scratch of one block's entries), so the tiled matrix needs no
 * second copy. The tile table and the two lists of tiles are small (24 bytes a tile).
 */

/** The shape of a tiling: blocks of 2^rowBits rows and 2^colBits columns (rowBits + colBits ≤ 32). */
export interface TileShape {
  rows: number;
  cols: number;
  rowBits: number;
  colBits: number;
  rowBlocks: number;
  colBlocks: number;
  /** rowBlocks × colBlocks */
  tiles: number;
}

/** Column blocks of 2¹⁵ doubles (256 KiB) stay in a core's own cache here; wider ones only when density asks. */
export const CACHE_TILE_BITS = 15;

/**
 * Block sides for a matrix of `nnz` non-zeros: about 32 blocks each way (so that two threads can split the work
 * evenly; at most 2¹⁵ rows, at least 2⁶), and column blocks of at most 2¹⁵ unless tiles would hold fewer than
 * half a non-zero a row; then as wide as that takes (up to 2²²).
 */
export function tileShape(rows: number, cols: number, nnz: number): TileShape {
  const balance = (k: number) => Math.max(6, Math.ceil(Math.log2(Math.max(1, k) / 32)));
  const dense = Math.ceil(Math.log2(Math.max(1, (0.5 * cols * rows) / Math.max(1, nnz))));
  const colBits = Math.min(22, Math.max(Math.min(CACHE_TILE_BITS, balance(cols)), dense));
  const rowBits = Math.min(32 - colBits, CACHE_TILE_BITS, balance(rows));
  const rowBlocks = Math.max(1, Math.ceil(rows / 2 ** rowBits));
  const colBlocks = Math.max(1, Math.ceil(cols / 2 ** colBits));
  return { rows, cols, rowBits, colBits, rowBlocks, colBlocks, tiles: rowBlocks * colBlocks };
}

/** A tiled matrix: views (in a WebAssembly memory, for the kernels) of its tile table, list and entries. */
export interface TiledMatrix {
  shape: TileShape;
  /** per tile t = rowBlock · colBlocks + colBlock: first row, first column, first entry, last entry + 1 */
  table: Int32Array;
  /**
   * The order of forward products: the tiles of row blocks [0, rowSplit) column block by column block, then those
   * of [rowSplit, rowBlocks) (each thread writes only its own rows).
   */
  forward: Int32Array;
  /** The order of transposed products: all tiles column block by column block. */
  transposed: Int32Array;
  /** The row block where the second half of the non-zeros starts (see {@link halfway}). */
  rowSplit: number;
  /** packed (local row << colBits | local column) */
  entries: Uint32Array;
  values: Float64Array;
  /** non-zeros in each block of rows and of columns (to split the work between threads) */
  rowBlockNnz: Float64Array;
  colBlockNnz: Float64Array;
}

/**
 * Reorders the CSR matrix (rowStarts, colIndices, values) into tiles in place: afterwards `colIndices` holds the
 * packed entries (read them through the returned `entries`) and the CSR form is gone. `table` (4 × tiles i32)
 * and `lists` (2 × tiles i32: the forward and the transposed order) are filled.
 */
export function tileInPlace(
  shape: TileShape,
  rowStarts: Int32Array,
  colIndices: Int32Array,
  values: Float64Array,
  table: Int32Array,
  lists: Int32Array,
): TiledMatrix {
  const { rows, cols, rowBits, colBits, rowBlocks: nr, colBlocks: nc } = shape;
  if (rowStarts.length !== rows + 1)
    throw new RangeError(`rowStarts has ${rowStarts.length} entries; ${rows} rows need ${rows + 1}`);
  if (table.length !== 4 * shape.tiles || lists.length !== 2 * shape.tiles)
    throw new RangeError(`the tile table needs ${4 * shape.tiles} and the lists ${2 * shape.tiles} entries`);
  const nnz = rowStarts[rows];
  if (colIndices.length < nnz || values.length < nnz)
    throw new RangeError(`${nnz} non-zeros, but ${colIndices.length} column indices and ${values.length} values`);
  const entries = new Uint32Array(colIndices.buffer, colIndices.byteOffset, colIndices.length);
  const rowBlockNnz = new Float64Array(nr);
  const colBlockNnz = new Float64Array(nc);
  let most = 0;
  for (let b = 0; b < nr; b++)
    most = Math.max(most, rowStarts[Math.min(rows, (b + 1) << rowBits)] - rowStarts[b << rowBits]);
  const tmpE = new Int32Array(most); // (the packed bits, written through Int32 arithmetic: no conversions)
  const tmpV = new Float64Array(most);
  const count = new Int32Array(nc + 1);
  const rowMask = (1 << rowBits) - 1;
  const colMask = (1 << colBits) - 1;
  for (let b = 0; b < nr; b++) {
    const r0 = b << rowBits;
    const r1 = Math.min(rows, r0 + (1 << rowBits));
    const p0 = rowStarts[r0];
    const p1 = rowStarts[r1];
    count.fill(0);
    for (let p = p0; p < p1; p++) {
      const c = colIndices[p];
      if (!(c >= 0 && c < cols)) throw new RangeError(`column index ${c} at entry ${p} is outside 0..${cols - 1}`);
      count[(c >> colBits) + 1]++;
    }
    for (let k = 0; k < nc; k++) {
      colBlockNnz[k] += count[k + 1];
      count[k + 1] += count[k];
    }
    for (let k = 0; k < nc; k++) {
      const t = b * nc + k;
      table[4 * t] = r0;
      table[4 * t + 1] = k << colBits;
      table[4 * t + 2] = p0 + count[k];
      table[4 * t + 3] = p0 + count[k + 1];
    }
    // stable: rows stay in order within each tile
    for (let i = r0; i < r1; i++) {
      const local = (i & rowMask) << colBits;
      for (let p = rowStarts[i]; p < rowStarts[i + 1]; p++) {
        const c = colIndices[p];
        const q = count[c >> colBits]++;
        tmpE[q] = local | (c & colMask);
        tmpV[q] = values[p];
      }
    }
    colIndices.set(tmpE.subarray(0, p1 - p0), p0);
    values.set(tmpV.subarray(0, p1 - p0), p0);
    rowBlockNnz[b] = p1 - p0;
  }
  const forward = lists.subarray(0, shape.tiles);
  const transposed = lists.subarray(shape.tiles);
  const rowSplit = halfway(rowBlockNnz);
  let k = 0;
  for (const [b0, b1] of [
    [0, rowSplit],
    [rowSplit, nr],
  ])
    for (let cb = 0; cb < nc; cb++) for (let rb = b0; rb < b1; rb++) forward[k++] = rb * nc + cb;
  k = 0;
  for (let cb = 0; cb < nc; cb++) for (let rb = 0; rb < nr; rb++) transposed[k++] = rb * nc + cb;
  return { shape, table, forward, transposed, rowSplit, entries, values, rowBlockNnz, colBlockNnz };
}

/** The block where the cumulative count first reaches half of the total (a split of the work in two). */
export function halfway(blockNnz: Float64Array): number {
  let total = 0;
  for (const v of blockNnz) total += v;
  let acc = 0;
  for (let b = 0; b < blockNnz.length; b++) {
    if (acc + blockNnz[b] / 2 >= total / 2) return b;
    acc += blockNnz[b];
  }
  return blockNnz.length;
}
