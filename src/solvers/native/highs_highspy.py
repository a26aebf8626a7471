#!/usr/bin/env python3
"""ioplan's native HiGHS through highspy (the HiGHS project's own Python package): reads the free-format MPS file
ioplan wrote with HiGHS's own reader, solves it, and prints the same JSON as highs_scipy.py: status, objective, x,
row activity, row and column duals in HiGHS's sign convention (HiGHS reports them for the program's own sense).

usage: highs_highspy.py PROGRAM.mps [time_limit_seconds] [ipm|simplex|auto]
"""
import json
import sys
import time

import highspy


def main():
    path = sys.argv[1]
    time_limit = float(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    method = sys.argv[3] if len(sys.argv) > 3 else "auto"
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if time_limit:
        h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("solver", {"ipm": "ipm", "simplex": "simplex"}.get(method, "choose"))
    if h.readModel(path) != highspy.HighsStatus.kOk:
        raise SystemExit(f"HiGHS could not read {path}")
    t0 = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - t0
    ms = h.getModelStatus()
    S = highspy.HighsModelStatus
    status = {
        S.kOptimal: "optimal",
        S.kInfeasible: "infeasible",
        S.kUnbounded: "unbounded",
        S.kUnboundedOrInfeasible: "infeasible",
        S.kTimeLimit: "time-limit",
        S.kIterationLimit: "iteration-limit",
    }.get(ms, "error")
    out = {"status": status, "detail": h.modelStatusToString(ms), "seconds": seconds,
           "method": f"highspy {h.version()} {method if method != 'auto' else 'choose'} (native HiGHS)"}
    sol = h.getSolution()
    if sol.value_valid:
        out.update({
            "objective": h.getInfo().objective_function_value,
            "x": list(sol.col_value),
            "rowActivity": list(sol.row_value),
            "rowDual": list(sol.row_dual) if sol.dual_valid else [],
            "colDual": list(sol.col_dual) if sol.dual_valid else [],
        })
    print(json.dumps(out))


main()
