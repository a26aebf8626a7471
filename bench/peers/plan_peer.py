#!/usr/bin/env python3
"""Peer for the plan benchmark: reads the program from the MPS file ioplan writes (`--write-mps`,
src/formats/mps.ts; names by role, sector and year) with the MPS reader of ioplan's native solver
(src/solvers/native/highs_scipy.py, written from the format's definition) and solves it with scipy's
linprog(method="highs") (native HiGHS), ranged rows as A_ub/A_eq. Prints JSON: seconds (the solve only; reading
the file is timed apart), status, objective, peak RSS. usage: plan_peer.py PROGRAM.mps [highs-ds|highs-ipm|highs]"""
import json
import math
import os
import sys
import time

import numpy as np
import scipy
import scipy.sparse as sp
from scipy.optimize import linprog

from procmem import rss

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "solvers", "native"))
from highs_scipy import read_mps  # noqa: E402

path = sys.argv[1]
t_read = time.perf_counter()
sense, c, A, lo, up, bounds, offset = read_mps(path)
read_seconds = time.perf_counter() - t_read
m, n = A.shape
eq = np.isfinite(lo) & np.isfinite(up) & (lo == up)
ub = np.isfinite(up) & ~eq
lb = np.isfinite(lo) & ~eq
A_ub = sp.vstack([A[ub], -A[lb]]).tocsc()
b_ub = np.concatenate([up[ub], -lo[lb]])
bounds = [(None if not math.isfinite(a) else a, None if not math.isfinite(b) else b) for a, b in bounds]
base = rss("VmRSS")
t0 = time.perf_counter()
# the same choice ioplan makes: dual simplex up to 20,000 columns, interior point beyond
method = sys.argv[2] if len(sys.argv) > 2 else ("highs-ds" if n <= 20_000 else "highs-ipm")
res = linprog(sense * c, A_ub=A_ub, b_ub=b_ub, A_eq=A[eq].tocsc(), b_eq=lo[eq], bounds=bounds, method=method)
secs = time.perf_counter() - t0
obj = sense * float(res.fun) + offset if res.status == 0 else float("nan")
print(json.dumps({"seconds": secs, "read_seconds": read_seconds, "method": method, "status": res.message, "objective": obj,
                  "rows": m, "cols": n, "nnz": int(A.nnz), "peak_rss": rss("VmHWM"), "base_rss": base, "scipy": scipy.__version__}))
