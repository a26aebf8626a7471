#!/usr/bin/env python3
"""Writes a sparse synthetic economy for the benchmarks: n products, `k` inputs per product (random
suppliers), column sums uniform in [0.7, 0.95]; and a final-demand vector. Stored as CSR of A
(indptr int32, indices int32, data float64) plus d float64, raw little-endian, so ioplan and scipy read the
very same numbers. Seeded: the same arguments always give the same economy.

usage: sparse_economy.py OUT_DIR N [K=20] [SEED=1]
"""
import os
import sys

import numpy as np
import scipy.sparse as sp

out, n = sys.argv[1], int(sys.argv[2])
k = int(sys.argv[3]) if len(sys.argv) > 3 else 20
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rng = np.random.default_rng(seed)
cols = np.repeat(np.arange(n, dtype=np.int32), k)
rows = rng.integers(0, n, size=n * k, dtype=np.int32)
vals = rng.uniform(0.1, 1.0, size=n * k)
A = sp.csc_matrix((vals, (rows, cols)), shape=(n, n))
A.sum_duplicates()
colsum = np.asarray(A.sum(axis=0)).ravel()
target = rng.uniform(0.7, 0.95, size=n)
A = A @ sp.diags(target / colsum)
A = sp.csr_matrix(A)
A.sort_indices()
d = rng.uniform(0.0, 100.0, size=n)
os.makedirs(out, exist_ok=True)
A.indptr.astype(np.int32).tofile(os.path.join(out, "indptr.i32"))
A.indices.astype(np.int32).tofile(os.path.join(out, "indices.i32"))
A.data.astype(np.float64).tofile(os.path.join(out, "data.f64"))
d.tofile(os.path.join(out, "d.f64"))
with open(os.path.join(out, "shape.txt"), "w") as fh:
    fh.write(f"{n} {A.nnz}\n")
print(f"wrote {out}: n={n} nnz={A.nnz}")
