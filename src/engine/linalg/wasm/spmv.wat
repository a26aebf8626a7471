;; Compiled kernels of ioplan's solvers: sparse matrix–vector products (CSR, f64 values, i32 indices) and the
;; fused vector passes of the two-thread BiCGSTAB and of PDLP, compiled to
;; spmvBytes.ts by `npm run build:wasm`. All arguments after the row range are byte offsets into the shared
;; memory. V8's JavaScript gather x[ci[p]] stalls on every cache miss; compiled code keeps many misses in flight
;; (6.7× faster than the JavaScript kernel on a random 10⁶-product economy, 4.9× faster than scipy's csr product
;; there, measured on this project's benchmark machine).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; y[i] = Σ_p v[p]·x[ci[p]] for rows i in [from, to)
  (func (export "rowsMV") (param $from i32) (param $to i32) (param $rs i32) (param $ci i32) (param $v i32) (param $x i32) (param $y i32)
    (call $rows (local.get $from) (local.get $to) (local.get $rs) (local.get $ci) (local.get $v) (local.get $x) (local.get $y) (i32.const 0)))

  ;; y[i] = x[i] − Σ_p v[p]·x[ci[p]] for rows i in [from, to): the Leontief product (I − A)·x in one pass
  (func (export "rowsLeontief") (param $from i32) (param $to i32) (param $rs i32) (param $ci i32) (param $v i32) (param $x i32) (param $y i32)
    (call $rows (local.get $from) (local.get $to) (local.get $rs) (local.get $ci) (local.get $v) (local.get $x) (local.get $y) (i32.const 1)))

  ;; the row products of rowsMV (leontief = 0) and rowsLeontief (leontief = 1); four independent sums per row
  (func $rows (param $from i32) (param $to i32) (param $rs i32) (param $ci i32) (param $v i32) (param $x i32) (param $y i32) (param $leontief i32)
    (local $sum f64)
    (local $i i32) (local $p i32) (local $end i32) (local $end4 i32) (local $pv i32) (local $pc i32)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64)
    (local.set $i (local.get $from))
    (local.set $p (i32.load (i32.add (local.get $rs) (i32.shl (local.get $from) (i32.const 2)))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
        (local.set $end (i32.load offset=4 (i32.add (local.get $rs) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $end4 (i32.sub (local.get $end) (i32.const 3)))
        (local.set $s0 (f64.const 0)) (local.set $s1 (f64.const 0)) (local.set $s2 (f64.const 0)) (local.set $s3 (f64.const 0))
        (block $b4 (loop $l4
          (br_if $b4 (i32.ge_s (local.get $p) (local.get $end4)))
          (local.set $pv (i32.add (local.get $v) (i32.shl (local.get $p) (i32.const 3))))
          (local.set $pc (i32.add (local.get $ci) (i32.shl (local.get $p) (i32.const 2))))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (local.get $pv))
            (f64.load (i32.add (local.get $x) (i32.shl (i32.load (local.get $pc)) (i32.const 3)))))))
          (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (local.get $pv))
            (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=4 (local.get $pc)) (i32.const 3)))))))
          (local.set $s2 (f64.add (local.get $s2) (f64.mul (f64.load offset=16 (local.get $pv))
            (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=8 (local.get $pc)) (i32.const 3)))))))
          (local.set $s3 (f64.add (local.get $s3) (f64.mul (f64.load offset=24 (local.get $pv))
            (f64.load (i32.add (local.get $x) (i32.shl (i32.load offset=12 (local.get $pc)) (i32.const 3)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $l4)))
        (block $b1 (loop $l1
          (br_if $b1 (i32.ge_s (local.get $p) (local.get $end)))
          (local.set $s0 (f64.add (local.get $s0) (f64.mul
            (f64.load (i32.add (local.get $v) (i32.shl (local.get $p) (i32.const 3))))
            (f64.load (i32.add (local.get $x) (i32.shl (i32.load (i32.add (local.get $ci) (i32.shl (local.get $p) (i32.const 2)))) (i32.const 3)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $l1)))
        (local.set $sum (f64.add (f64.add (local.get $s0) (local.get $s1)) (f64.add (local.get $s2) (local.get $s3))))
        (if (local.get $leontief) (then
          (local.set $sum (f64.sub (f64.load (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3)))) (local.get $sum)))))
        (f64.store (i32.add (local.get $y) (i32.shl (local.get $i) (i32.const 3))) (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; Tiled products (tiles.ts): tile t is four i32 at tiles + 16·t (first row, first column, first and last + 1
  ;; entry); entry p packs (local row << cb | local column) as a u32 at e + 4·p (cb: the column bits), its value a
  ;; f64 at v + 8·p; a tile's entries are sorted by row. The lists run through the tiles column block by column block, so that the
  ;; block of the vector met at random (x forward, y transposed) stays in the core's own cache while the other
  ;; is streamed in order. Outputs are not cleared.

  ;; y[row0 + r] += s·v·x[col0 + c] over the entries of tiles list[from], …, list[to − 1]
  (func (export "tilesMV") (param $tiles i32) (param $list i32) (param $from i32) (param $to i32) (param $e i32) (param $v i32) (param $x i32) (param $y i32) (param $s f64) (param $cb i32)
    (local $k i32) (local $ta i32)
    (local.set $k (local.get $from))
    (block $done (loop $tl
      (br_if $done (i32.ge_u (local.get $k) (local.get $to)))
      (local.set $ta (i32.add (local.get $tiles) (i32.shl (i32.load (i32.add (local.get $list) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 4))))
      (call $tileForward (i32.load offset=8 (local.get $ta)) (i32.load offset=12 (local.get $ta)) (local.get $e) (local.get $v)
        (i32.add (local.get $x) (i32.shl (i32.load offset=4 (local.get $ta)) (i32.const 3)))
        (i32.add (local.get $y) (i32.shl (i32.load offset=0 (local.get $ta)) (i32.const 3)))
        (local.get $s) (local.get $cb))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $tl))))

  ;; y[col0 + c] += s·v·x[row0 + r] over the entries of tiles list[from], …, list[to − 1] (the transposed product)
  (func (export "tilesMVT") (param $tiles i32) (param $list i32) (param $from i32) (param $to i32) (param $e i32) (param $v i32) (param $x i32) (param $y i32) (param $s f64) (param $cb i32)
    (local $k i32) (local $ta i32)
    (local.set $k (local.get $from))
    (block $done (loop $tl
      (br_if $done (i32.ge_u (local.get $k) (local.get $to)))
      (local.set $ta (i32.add (local.get $tiles) (i32.shl (i32.load (i32.add (local.get $list) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 4))))
      (call $tileTransposed (i32.load offset=8 (local.get $ta)) (i32.load offset=12 (local.get $ta)) (local.get $e) (local.get $v)
        (i32.add (local.get $x) (i32.shl (i32.load offset=0 (local.get $ta)) (i32.const 3)))
        (i32.add (local.get $y) (i32.shl (i32.load offset=4 (local.get $ta)) (i32.const 3)))
        (local.get $s) (local.get $cb))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $tl))))

  ;; The entries of one tile, p in [p, end): w = e[p] packs the local row (w >> cb) and column (w & (2^cb − 1)).
  ;; Forward: yb[row] += s·v[p]·xb[column]. Four entries a turn, by pointers stepping through e and v; a kernel for
  ;; each direction, so that each index is one shift or one mask (a shared kernel with shifts and masks for
  ;; arguments was 10–15 % slower on the 10⁶-product economy).
  (func $tileForward (param $p i32) (param $end i32) (param $e i32) (param $v i32) (param $xb i32) (param $yb i32) (param $s f64) (param $cb i32)
    (local $w i32) (local $ya i32) (local $pe i32) (local $pv i32) (local $last i32) (local $m i32)
    (local.set $m (i32.sub (i32.shl (i32.const 1) (local.get $cb)) (i32.const 1)))
    (local.set $pe (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 2))))
    (local.set $pv (i32.add (local.get $v) (i32.shl (local.get $p) (i32.const 3))))
    (local.set $last (i32.add (local.get $e) (i32.shl (local.get $end) (i32.const 2))))
    (block $b (loop $l
      (br_if $b (i32.gt_u (i32.add (local.get $pe) (i32.const 16)) (local.get $last)))
      (local.set $w (i32.load offset=0 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=0 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3)))))))
      (local.set $w (i32.load offset=4 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=8 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3)))))))
      (local.set $w (i32.load offset=8 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=16 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3)))))))
      (local.set $w (i32.load offset=12 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=24 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3)))))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 16)))
      (local.set $pv (i32.add (local.get $pv) (i32.const 32)))
      (br $l)))
    (block $d (loop $r
      (br_if $d (i32.ge_u (local.get $pe) (local.get $last)))
      (local.set $w (i32.load offset=0 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=0 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3)))))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 4)))
      (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
      (br $r))))

  ;; Transposed: yb[column] += s·v[p]·xb[row].
  (func $tileTransposed (param $p i32) (param $end i32) (param $e i32) (param $v i32) (param $xb i32) (param $yb i32) (param $s f64) (param $cb i32)
    (local $w i32) (local $ya i32) (local $pe i32) (local $pv i32) (local $last i32) (local $m i32)
    (local.set $m (i32.sub (i32.shl (i32.const 1) (local.get $cb)) (i32.const 1)))
    (local.set $pe (i32.add (local.get $e) (i32.shl (local.get $p) (i32.const 2))))
    (local.set $pv (i32.add (local.get $v) (i32.shl (local.get $p) (i32.const 3))))
    (local.set $last (i32.add (local.get $e) (i32.shl (local.get $end) (i32.const 2))))
    (block $b (loop $l
      (br_if $b (i32.gt_u (i32.add (local.get $pe) (i32.const 16)) (local.get $last)))
      (local.set $w (i32.load offset=0 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=0 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3)))))))
      (local.set $w (i32.load offset=4 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=8 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3)))))))
      (local.set $w (i32.load offset=8 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=16 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3)))))))
      (local.set $w (i32.load offset=12 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=24 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3)))))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 16)))
      (local.set $pv (i32.add (local.get $pv) (i32.const 32)))
      (br $l)))
    (block $d (loop $r
      (br_if $d (i32.ge_u (local.get $pe) (local.get $last)))
      (local.set $w (i32.load offset=0 (local.get $pe)))
      (local.set $ya (i32.add (local.get $yb) (i32.shl (i32.and (local.get $w) (local.get $m)) (i32.const 3))))
      (f64.store (local.get $ya) (f64.add (f64.load (local.get $ya))
        (f64.mul (f64.mul (local.get $s) (f64.load offset=0 (local.get $pv)))
          (f64.load (i32.add (local.get $xb) (i32.shl (i32.shr_u (local.get $w) (local.get $cb)) (i32.const 3)))))))
      (local.set $pe (i32.add (local.get $pe) (i32.const 4)))
      (local.set $pv (i32.add (local.get $pv) (i32.const 8)))
      (br $r))))

  ;; Vector kernels of the two-thread BiCGSTAB (ParallelCsr.solve): whole vectors of n doubles at byte offsets,
  ;; each fused into one pass, with two independent sums (V8's JavaScript loops run one dependent add at a time).

  ;; Σ a[i]·b[i]
  (func (export "dot") (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $i i32) (local $s0 f64) (local $s1 f64) (local $o i32)
    (block $done (loop $l
      (br_if $done (i32.ge_s (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
      (local.set $o (i32.shl (local.get $i) (i32.const 3)))
      (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (f64.load (i32.add (local.get $b) (local.get $o))))))
      (local.set $s1 (f64.add (local.get $s1) (f64.mul (f64.load offset=8 (i32.add (local.get $a) (local.get $o))) (f64.load offset=8 (i32.add (local.get $b) (local.get $o))))))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $l)))
    (if (i32.lt_s (local.get $i) (local.get $n)) (then
      (local.set $o (i32.shl (local.get $i) (i32.const 3)))
      (local.set $s0 (f64.add (local.get $s0) (f64.mul (f64.load (i32.add (local.get $a) (local.get $o))) (f64.load (i32.add (local.get $b) (local.get $o))))))))
    (f64.add (local.get $s0) (local.get $s1)))

  ;; p = r + β·(p − ω·v)
  (func (export "bicgP") (param $p i32) (param $r i32) (param $v i32) (param $beta f64) (param $omega f64) (param $n i32)
    (local $i i32) (local $o i32) (local $e i32)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (f64.store (i32.add (local.get $p) (local.get $o))
        (f64.add (f64.load (i32.add (local.get $r) (local.get $o)))
          (f64.mul (local.get $beta) (f64.sub (f64.load (i32.add (local.get $p) (local.get $o)))
            (f64.mul (local.get $omega) (f64.load (i32.add (local.get $v) (local.get $o))))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l))))

  ;; s = r − α·v; returns Σ s²
  (func (export "bicgS") (param $s i32) (param $r i32) (param $v i32) (param $alpha f64) (param $n i32) (result f64)
    (local $o i32) (local $e i32) (local $si f64) (local $ss f64)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $si (f64.sub (f64.load (i32.add (local.get $r) (local.get $o))) (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $v) (local.get $o))))))
      (f64.store (i32.add (local.get $s) (local.get $o)) (local.get $si))
      (local.set $ss (f64.add (local.get $ss) (f64.mul (local.get $si) (local.get $si))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
    (local.get $ss))

  ;; x += α·p + ω·s; r = s − ω·t; returns Σ r² and stores Σ rh·r at out
  (func (export "bicgX") (param $x i32) (param $r i32) (param $p i32) (param $s i32) (param $t i32) (param $alpha f64) (param $omega f64) (param $n i32) (param $rh i32) (param $out i32) (result f64)
    (local $o i32) (local $e i32) (local $si f64) (local $ri f64) (local $rr f64) (local $hr f64)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $si (f64.load (i32.add (local.get $s) (local.get $o))))
      (f64.store (i32.add (local.get $x) (local.get $o))
        (f64.add (f64.load (i32.add (local.get $x) (local.get $o)))
          (f64.add (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $p) (local.get $o)))) (f64.mul (local.get $omega) (local.get $si)))))
      (local.set $ri (f64.sub (local.get $si) (f64.mul (local.get $omega) (f64.load (i32.add (local.get $t) (local.get $o))))))
      (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
      (local.set $rr (f64.add (local.get $rr) (f64.mul (local.get $ri) (local.get $ri))))
      (local.set $hr (f64.add (local.get $hr) (f64.mul (local.get $ri) (f64.load (i32.add (local.get $rh) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
    (f64.store (local.get $out) (local.get $hr))
    (local.get $rr))

  ;; returns Σ t² and stores Σ t·s at out
  (func (export "dot2") (param $t i32) (param $s i32) (param $n i32) (param $out i32) (result f64)
    (local $o i32) (local $e i32) (local $ti f64) (local $tt f64) (local $ts f64)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $ti (f64.load (i32.add (local.get $t) (local.get $o))))
      (local.set $tt (f64.add (local.get $tt) (f64.mul (local.get $ti) (local.get $ti))))
      (local.set $ts (f64.add (local.get $ts) (f64.mul (local.get $ti) (f64.load (i32.add (local.get $s) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
    (f64.store (local.get $out) (local.get $ts))
    (local.get $tt))

  ;; r = b − r (r holding (I − A)·x); returns Σ r²
  (func (export "residual") (param $r i32) (param $b i32) (param $n i32) (result f64)
    (local $o i32) (local $e i32) (local $ri f64) (local $rr f64)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $ri (f64.sub (f64.load (i32.add (local.get $b) (local.get $o))) (f64.load (i32.add (local.get $r) (local.get $o)))))
      (f64.store (i32.add (local.get $r) (local.get $o)) (local.get $ri))
      (local.set $rr (f64.add (local.get $rr) (f64.mul (local.get $ri) (local.get $ri))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l)))
    (local.get $rr))

  ;; y = x + α·p
  (func (export "axpy") (param $x i32) (param $p i32) (param $alpha f64) (param $n i32)
    (local $o i32) (local $e i32)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (f64.store (i32.add (local.get $x) (local.get $o))
        (f64.add (f64.load (i32.add (local.get $x) (local.get $o))) (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $p) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l))))

  ;; PDHG kernels of ioplan's PDLP (engine/plan/pdlp.ts), the same operations in the same order as its JavaScript
  ;; loops (so both give the same iterates), one pass each.

  ;; x̂ = proj[l,u](x − τ(c − Aᵀy)); xbar = 2x̂ − x; returns ‖x − x̂‖²
  (func (export "pdhgPrimal") (param $x i32) (param $c i32) (param $aty i32) (param $l i32) (param $u i32) (param $tau f64) (param $xh i32) (param $xb i32) (param $n i32) (result f64)
    (local $o i32) (local $e i32) (local $xj f64) (local $v f64) (local $lj f64) (local $uj f64) (local $h f64) (local $d f64) (local $dx2 f64)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l1
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $xj (f64.load (i32.add (local.get $x) (local.get $o))))
      (local.set $v (f64.sub (local.get $xj) (f64.mul (local.get $tau)
        (f64.sub (f64.load (i32.add (local.get $c) (local.get $o))) (f64.load (i32.add (local.get $aty) (local.get $o)))))))
      (local.set $lj (f64.load (i32.add (local.get $l) (local.get $o))))
      (local.set $uj (f64.load (i32.add (local.get $u) (local.get $o))))
      (local.set $h (select (local.get $lj) (select (local.get $uj) (local.get $v) (f64.gt (local.get $v) (local.get $uj))) (f64.lt (local.get $v) (local.get $lj))))
      (f64.store (i32.add (local.get $xh) (local.get $o)) (local.get $h))
      (f64.store (i32.add (local.get $xb) (local.get $o)) (f64.sub (f64.mul (f64.const 2) (local.get $h)) (local.get $xj)))
      (local.set $d (f64.sub (local.get $xj) (local.get $h)))
      (local.set $dx2 (f64.add (local.get $dx2) (f64.mul (local.get $d) (local.get $d))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l1)))
    (local.get $dx2))

  ;; ŷ = y + σ(lo − A x̄) clipped to ≥ 0 plus y + σ(hi − A x̄) clipped to ≤ 0; returns ‖y − ŷ‖² and stores
  ;; Σ (y − ŷ)·(Ax − A x̄)/2 at out
  (func (export "pdhgDual") (param $y i32) (param $axb i32) (param $ax i32) (param $lo i32) (param $hi i32) (param $sigma f64) (param $yh i32) (param $out i32) (param $m i32) (result f64)
    (local $o i32) (local $e i32) (local $a f64) (local $yi f64) (local $p f64) (local $q f64) (local $v f64) (local $dy f64) (local $dy2 f64) (local $cross f64)
    (local.set $e (i32.shl (local.get $m) (i32.const 3)))
    (block $done (loop $l1
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (local.set $a (f64.load (i32.add (local.get $axb) (local.get $o))))
      (local.set $yi (f64.load (i32.add (local.get $y) (local.get $o))))
      (local.set $p (f64.add (local.get $yi) (f64.mul (local.get $sigma) (f64.sub (f64.load (i32.add (local.get $lo) (local.get $o))) (local.get $a)))))
      (local.set $q (f64.add (local.get $yi) (f64.mul (local.get $sigma) (f64.sub (f64.load (i32.add (local.get $hi) (local.get $o))) (local.get $a)))))
      (local.set $v (f64.add (select (local.get $p) (f64.const 0) (f64.gt (local.get $p) (f64.const 0))) (select (local.get $q) (f64.const 0) (f64.lt (local.get $q) (f64.const 0)))))
      (f64.store (i32.add (local.get $yh) (local.get $o)) (local.get $v))
      (local.set $dy (f64.sub (local.get $yi) (local.get $v)))
      (local.set $dy2 (f64.add (local.get $dy2) (f64.mul (local.get $dy) (local.get $dy))))
      (local.set $cross (f64.add (local.get $cross) (f64.mul (local.get $dy) (f64.div (f64.sub (f64.load (i32.add (local.get $ax) (local.get $o))) (local.get $a)) (f64.const 2)))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l1)))
    (f64.store (local.get $out) (local.get $cross))
    (local.get $dy2))

  ;; the reflected Halpern step z = wk·(2ẑ − z) + wa·z⁰ on one block of the vectors
  (func (export "halpern") (param $z i32) (param $zh i32) (param $z0 i32) (param $wk f64) (param $wa f64) (param $n i32)
    (local $o i32) (local $e i32)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l1
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (f64.store (i32.add (local.get $z) (local.get $o))
        (f64.add (f64.mul (local.get $wk) (f64.sub (f64.mul (f64.const 2) (f64.load (i32.add (local.get $zh) (local.get $o)))) (f64.load (i32.add (local.get $z) (local.get $o)))))
          (f64.mul (local.get $wa) (f64.load (i32.add (local.get $z0) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l1))))

  ;; w = a·u + b·v (the products' part of the Halpern step: A z = wk·A x̄ + wa·A z⁰)
  (func (export "combine") (param $w i32) (param $a f64) (param $u i32) (param $b f64) (param $v i32) (param $n i32)
    (local $o i32) (local $e i32)
    (local.set $e (i32.shl (local.get $n) (i32.const 3)))
    (block $done (loop $l1
      (br_if $done (i32.ge_u (local.get $o) (local.get $e)))
      (f64.store (i32.add (local.get $w) (local.get $o))
        (f64.add (f64.mul (local.get $a) (f64.load (i32.add (local.get $u) (local.get $o)))) (f64.mul (local.get $b) (f64.load (i32.add (local.get $v) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $l1))))
)
