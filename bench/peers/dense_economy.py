#!/usr/bin/env python3
"""Writes a dense synthetic economy: n × n row-major A with column sums uniform in [0.3, 0.9] (every
entry non-zero) and a final-demand vector, raw float64, for the dense benchmarks. Seeded.

usage: dense_economy.py OUT_DIR N [SEED=1]
"""
import os
import sys

import numpy as np

out, n = sys.argv[1], int(sys.argv[2])
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = np.random.default_rng(seed)
A = rng.uniform(0, 1, size=(n, n))
A *= rng.uniform(0.3, 0.9, size=n) / A.sum(axis=0)
d = rng.uniform(0.0, 100.0, size=n)
os.makedirs(out, exist_ok=True)
np.ascontiguousarray(A).tofile(os.path.join(out, "A.f64"))
d.tofile(os.path.join(out, "d.f64"))
with open(os.path.join(out, "shape.txt"), "w") as fh:
    fh.write(f"{n}\n")
print(f"wrote {out}: n={n}")
