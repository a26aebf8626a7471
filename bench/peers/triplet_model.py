#!/usr/bin/env python3
"""Writes a large model folder in ioplan's data-package format for the import benchmark: n products named
p0…p{n-1}, k inputs each (k distinct random suppliers, column sums 0.7–0.95), as coefficient triplets, plus sectors.csv and
final_demand.csv. Seeded. usage: triplet_model.py OUT_DIR N [K=20]
"""
import json
import os
import sys

import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
k = int(sys.argv[3]) if len(sys.argv) > 3 else 20
rng = np.random.default_rng(7)
os.makedirs(out, exist_ok=True)
codes = np.array([f"p{i}" for i in range(n)])
with open(os.path.join(out, "sectors.csv"), "w") as fh:
    fh.write("code,name,output\n")
    for lo in range(0, n, 200_000):
        hi = min(n, lo + 200_000)
        fh.write("".join(f"p{i},product {i},1\n" for i in range(lo, hi)))
with open(os.path.join(out, "final_demand.csv"), "w") as fh:
    fh.write("sector,F\n")
    d = rng.uniform(0, 100, size=n)
    for lo in range(0, n, 200_000):
        hi = min(n, lo + 200_000)
        fh.write("".join(f"p{i},{float(d[i])!r}\n" for i in range(lo, hi)))
with open(os.path.join(out, "coefficients.csv"), "w") as fh:
    fh.write("row,column,value\n")
    for lo in range(0, n, 50_000):
        hi = min(n, lo + 50_000)
        m = hi - lo
        rows = np.sort(rng.integers(0, n, size=(m, k)), axis=1)  # down each column, as ioplan writes
        # k distinct suppliers a column: a pair given twice is an error to ioplan's reader, as it should be
        while True:
            dup = np.zeros_like(rows, dtype=bool)
            dup[:, 1:] = rows[:, 1:] == rows[:, :-1]
            if not dup.any():
                break
            rows[dup] = rng.integers(0, n, size=int(dup.sum()))
            rows = np.sort(rows, axis=1)
        vals = rng.uniform(0.1, 1.0, size=(m, k))
        vals *= (rng.uniform(0.7, 0.95, size=m) / vals.sum(axis=1))[:, None]
        fh.write("".join(f"p{rows[j, q]},p{lo + j},{float(vals[j, q])!r}\n" for j in range(m) for q in range(k)))
field = lambda name, t="number": {"name": name, "type": t}
pkg = {
    "profile": "tabular-data-package",
    "name": f"synthetic-{n}",
    "title": f"Synthetic economy, {n} products, {k} inputs each",
    "ioplan": {"formatVersion": 1, "baseYear": 2020, "unit": "unit", "allowNegativeCoefficients": False, "notes": ["bench/peers/triplet_model.py, seed 7"]},
    "resources": [
        {"name": "sectors", "path": "sectors.csv", "schema": {"fields": [field("code", "string"), field("name", "string"), field("output")]}},
        {"name": "coefficients", "path": "coefficients.csv", "schema": {"fields": [field("row", "string"), field("column", "string"), field("value")]}},
        {"name": "final_demand", "path": "final_demand.csv", "schema": {"fields": [field("sector", "string"), field("F")]}},
    ],
}
json.dump(pkg, open(os.path.join(out, "datapackage.json"), "w"), indent=1)
print(f"wrote {out}: n={n}, {n * k} triplets")
