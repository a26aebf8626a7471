#!/usr/bin/env python3
"""The peers ioplan's benchmarks run against, in the same run, on the same numbers.

dense DIR METHOD   METHOD: numpy-solve (x = solve(I-A, d); m = solve((I-A).T, 1))
                           pymrio     (L = inv(I-A), as pymrio.calc_L; x = L @ d; m = L.sum(0))
sparse DIR METHOD  METHOD: gmres | bicgstab | spsolve (scipy.sparse.linalg), to relative residual 1e-10,
                   for x and for the multipliers (transposed system)

Prints one JSON line: seconds (solve only, data already in memory), true relative residuals, iterations,
peak and baseline resident memory (VmHWM / VmRSS from /proc/self/status, bytes).
"""
import json
import os
import sys
import time

import numpy as np
from procmem import rss
import scipy
import scipy.sparse as sp
import scipy.sparse.linalg as spla




def rel(M, x, b):
    return float(np.linalg.norm(M @ x - b) / np.linalg.norm(b))


kind, folder, method = sys.argv[1], sys.argv[2], sys.argv[3]
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
if kind == "dense":
    n = int(open(os.path.join(folder, "shape.txt")).read().split()[0])
    A = np.fromfile(os.path.join(folder, "A.f64")).reshape(n, n)
    d = np.fromfile(os.path.join(folder, "d.f64"))
    M = np.eye(n) - A
    ones = np.ones(n)
    base = rss("VmRSS")
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        if method == "numpy-solve":
            x = np.linalg.solve(M, d)
            m = np.linalg.solve(M.T, ones)
        else:
            L = np.linalg.inv(M)
            x = L @ d
            m = L.sum(axis=0)
        times.append(time.perf_counter() - t0)
    res = {"seconds": float(np.median(times)), "residual_x": rel(M, x, d), "residual_m": rel(M.T, m, ones), "iterations": 0}
else:
    n, nnz = map(int, open(os.path.join(folder, "shape.txt")).read().split())
    indptr = np.fromfile(os.path.join(folder, "indptr.i32"), dtype=np.int32)
    indices = np.fromfile(os.path.join(folder, "indices.i32"), dtype=np.int32)
    data = np.fromfile(os.path.join(folder, "data.f64"))
    d = np.fromfile(os.path.join(folder, "d.f64"))
    A = sp.csr_matrix((data, indices, indptr), shape=(n, n))
    M = (sp.identity(n, format="csr") - A).tocsr()
    MT = M.T.tocsr()
    ones = np.ones(n)
    base = rss("VmRSS")
    its = [0, 0]
    times = []
    for _ in range(reps):
        its = [0, 0]
        t0 = time.perf_counter()
        if method == "spsolve":
            x = spla.spsolve(M.tocsc(), d)
            m = spla.spsolve(MT.tocsc(), ones)
        else:
            solver = spla.gmres if method == "gmres" else spla.bicgstab
            cb0 = lambda *_: its.__setitem__(0, its[0] + 1)
            cb1 = lambda *_: its.__setitem__(1, its[1] + 1)
            kw = {"restart": 30, "callback_type": "legacy"} if method == "gmres" else {}
            x, i0 = solver(M, d, rtol=1e-10, atol=0.0, maxiter=10000, callback=cb0, **kw)
            m, i1 = solver(MT, ones, rtol=1e-10, atol=0.0, maxiter=10000, callback=cb1, **kw)
        times.append(time.perf_counter() - t0)
    res = {"seconds": float(np.median(times)), "residual_x": rel(M, x, d), "residual_m": rel(MT, m, ones), "iterations": its[0] + its[1]}
res.update({"peak_rss": rss("VmHWM"), "base_rss": base, "numpy": np.__version__, "scipy": scipy.__version__})
print(json.dumps(res))
