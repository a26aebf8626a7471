#!/usr/bin/env python3
"""Peer for the plan benchmark: solves the same LP (raw arrays written by bench/lpFiles.ts) with scipy's
linprog(method="highs") (native HiGHS), converting ranged rows to A_ub/A_eq. Prints JSON: seconds (solve
only), status, objective, peak RSS. usage: plan_peer.py LP_DIR [highs-ds|highs-ipm|highs]"""
import json
import os
import sys
import time

import numpy as np
from procmem import rss
import scipy
import scipy.sparse as sp
from scipy.optimize import linprog




d = sys.argv[1]
shape = json.load(open(os.path.join(d, "shape.json")))
f = lambda n, t=np.float64: np.fromfile(os.path.join(d, n), dtype=t)
A = sp.csc_matrix((f("values.f64"), f("indices.i32", np.int32), f("starts.i32", np.int32)), shape=(shape["rows"], shape["cols"])).tocsr()
lo, up = f("row_lower.f64"), f("row_upper.f64")
eq = np.isfinite(lo) & np.isfinite(up) & (lo == up)
ub = np.isfinite(up) & ~eq
lb = np.isfinite(lo) & ~eq
A_ub = sp.vstack([A[ub], -A[lb]]).tocsc()
b_ub = np.concatenate([up[ub], -lo[lb]])
c = f("cost.f64") * (-1 if shape["sense"] == "maximize" else 1)
bounds = np.column_stack([f("col_lower.f64"), f("col_upper.f64")])
bounds = [(None if not np.isfinite(a) else a, None if not np.isfinite(b) else b) for a, b in bounds]
base = rss("VmRSS")
t0 = time.perf_counter()
# the same choice ioplan makes: dual simplex up to 20,000 columns, interior point beyond
method = sys.argv[2] if len(sys.argv) > 2 else ("highs-ds" if shape["cols"] <= 20_000 else "highs-ipm")
res = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A[eq].tocsc(), b_eq=lo[eq], bounds=bounds, method=method)
secs = time.perf_counter() - t0
obj = float(res.fun) * (-1 if shape["sense"] == "maximize" else 1) if res.status == 0 else float("nan")
print(json.dumps({"seconds": secs, "method": method, "status": res.message, "objective": obj, "peak_rss": rss("VmHWM"), "base_rss": base, "scipy": scipy.__version__}))
