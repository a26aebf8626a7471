#!/usr/bin/env python3
"""ioplan's native HiGHS: solves a linear program given as a free-format MPS file with scipy's
linprog(method="highs") (the HiGHS library compiled into scipy; no WebAssembly memory ceiling) and prints the
solution as JSON on stdout: status, objective, x, row activity, row and column duals in HiGHS's sign convention
(the change of the objective per unit of a row's or column's active bound).

The MPS reader is written from the format's definition (free MPS: NAME, OBJSENSE, ROWS, COLUMNS, RHS, RANGES,
BOUNDS with UP, LO, FX, FR, MI, PL; the objective's RHS is minus its constant), not from ioplan's writer.

usage: highs_scipy.py PROGRAM.mps [time_limit_seconds] [ipm|simplex|auto]
"""
import json
import math
import sys
import time

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog


def read_mps(path):
    section = None
    sense = 1.0
    obj_row = None
    row_type = {}
    row_order = []
    cols = {}
    col_order = []
    cost = {}
    entries = []  # (row name, col name, value)
    rhs = {}
    ranges = {}
    lower = {}
    upper = {}
    with open(path) as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                words = line.split()
                section = words[0]
                if section == "OBJSENSE" and len(words) > 1:
                    sense = -1.0 if words[1].upper() in ("MAX", "MAXIMIZE") else 1.0
                continue
            w = line.split()
            if section == "OBJSENSE":
                sense = -1.0 if w[0].upper() in ("MAX", "MAXIMIZE") else 1.0
            elif section == "ROWS":
                t, name = w[0].upper(), w[1]
                if t == "N" and obj_row is None:
                    obj_row = name
                else:
                    row_type[name] = t
                    row_order.append(name)
            elif section == "COLUMNS":
                col = w[0]
                if col not in cols:
                    cols[col] = len(col_order)
                    col_order.append(col)
                for k in range(1, len(w) - 1, 2):
                    r, v = w[k], float(w[k + 1])
                    if r == obj_row:
                        cost[col] = cost.get(col, 0.0) + v
                    elif row_type.get(r) != "N":
                        entries.append((r, col, v))
            elif section == "RHS":
                for k in range(1, len(w) - 1, 2):
                    rhs[w[k]] = float(w[k + 1])
            elif section == "RANGES":
                for k in range(1, len(w) - 1, 2):
                    ranges[w[k]] = float(w[k + 1])
            elif section == "BOUNDS":
                t, col = w[0].upper(), w[2]
                v = float(w[3]) if len(w) > 3 else None
                if t == "UP":
                    upper[col] = v
                    if v < 0 and col not in lower:
                        lower[col] = -math.inf
                elif t == "LO":
                    lower[col] = v
                elif t == "FX":
                    lower[col] = upper[col] = v
                elif t == "FR":
                    lower[col], upper[col] = -math.inf, math.inf
                elif t == "MI":
                    lower[col] = -math.inf
                elif t == "PL":
                    upper[col] = math.inf
                else:
                    raise SystemExit(f"{path}: bound type {t} is not supported")
    rows = [r for r in row_order if row_type[r] != "N"]
    ri = {r: i for i, r in enumerate(rows)}
    m, n = len(rows), len(col_order)
    lo = np.full(m, -np.inf)
    up = np.full(m, np.inf)
    for r, i in ri.items():
        b = rhs.get(r, 0.0)
        t = row_type[r]
        R = ranges.get(r)
        if t == "E":
            lo[i] = up[i] = b
            if R is not None:
                (lo.__setitem__(i, b + R) if R < 0 else up.__setitem__(i, b + R))
        elif t == "L":
            up[i] = b
            if R is not None:
                lo[i] = b - abs(R)
        elif t == "G":
            lo[i] = b
            if R is not None:
                up[i] = b + abs(R)
    kept = [(ri[r], cols[c], v) for r, c, v in entries if r in ri]
    A = sp.csr_matrix(([v for _, _, v in kept], ([i for i, _, _ in kept], [j for _, j, _ in kept])), shape=(m, n))
    c = np.array([cost.get(col, 0.0) for col in col_order])
    bounds = [(lower.get(col, 0.0), upper.get(col, math.inf)) for col in col_order]
    offset = -rhs.get(obj_row, 0.0) if obj_row else 0.0
    return sense, c, A, lo, up, bounds, offset


def main():
    path = sys.argv[1]
    time_limit = float(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    method = {"ipm": "highs-ipm", "simplex": "highs-ds"}.get(sys.argv[3] if len(sys.argv) > 3 else "auto", "highs")
    sense, c, A, lo, up, bounds, offset = read_mps(path)
    m, n = A.shape
    eq = np.isfinite(lo) & np.isfinite(up) & (lo == up)
    ub = np.isfinite(up) & ~eq
    lb = np.isfinite(lo) & ~eq
    A_ub = sp.vstack([A[ub], -A[lb]]).tocsc()
    b_ub = np.concatenate([up[ub], -lo[lb]])
    options = {"time_limit": time_limit} if time_limit else {}
    t0 = time.perf_counter()
    res = linprog(sense * c, A_ub=A_ub if A_ub.shape[0] else None, b_ub=b_ub if A_ub.shape[0] else None,
                  A_eq=A[eq].tocsc() if eq.any() else None, b_eq=lo[eq] if eq.any() else None,
                  bounds=[(None if not math.isfinite(a) else a, None if not math.isfinite(b) else b) for a, b in bounds],
                  method=method, options=options)
    seconds = time.perf_counter() - t0
    status = {0: "optimal", 1: "iteration-limit", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    if res.status == 1 and "time" in (res.message or "").lower():
        status = "time-limit"
    out = {"status": status, "detail": res.message, "seconds": seconds, "method": f"scipy {method} (native HiGHS)"}
    if res.x is not None:
        x = np.asarray(res.x)
        activity = A @ x
        row_dual = np.zeros(m)
        # scipy's marginals are d(objective)/d(b) of the minimisation it was given; HiGHS reports the same for
        # the original sense, so maximisation flips the sign
        if res.ineqlin is not None and len(res.ineqlin.marginals):
            mg = np.asarray(res.ineqlin.marginals)
            k = int(ub.sum())
            row_dual[ub] += mg[:k]
            row_dual[lb] -= mg[k:]
        if res.eqlin is not None and len(res.eqlin.marginals):
            row_dual[eq] += np.asarray(res.eqlin.marginals)
        col_dual = np.asarray(res.lower.marginals) + np.asarray(res.upper.marginals)
        out.update({
            "objective": sense * float(res.fun) + offset,
            "x": x.tolist(),
            "rowActivity": activity.tolist(),
            "rowDual": (sense * row_dual).tolist(),
            "colDual": (sense * col_dual).tolist(),
        })
    print(json.dumps(out))


if __name__ == "__main__":
    main()
