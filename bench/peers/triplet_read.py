#!/usr/bin/env python3
"""Peer for the import benchmark: reads the same model folder's coefficient triplets the usual Python way
(csv module, a dict from code to index, scipy.sparse.coo_matrix → CSC). Prints JSON: seconds, peak RSS.
usage: triplet_read.py MODEL_DIR
"""
import csv
import json
import os
import sys
import time

import numpy as np
from procmem import rss
import scipy.sparse as sp




d = sys.argv[1]
base = rss("VmRSS")
t0 = time.perf_counter()
with open(os.path.join(d, "sectors.csv"), newline="") as fh:
    r = csv.reader(fh)
    next(r)
    index = {row[0]: i for i, row in enumerate(r)}
n = len(index)
rows, cols, vals = [], [], []
with open(os.path.join(d, "coefficients.csv"), newline="") as fh:
    r = csv.reader(fh)
    next(r)
    for a, b, v in r:
        rows.append(index[a])
        cols.append(index[b])
        vals.append(float(v))
A = sp.coo_matrix((np.array(vals), (np.array(rows, dtype=np.int32), np.array(cols, dtype=np.int32))), shape=(n, n)).tocsc()
secs = time.perf_counter() - t0
print(json.dumps({"seconds": secs, "nnz": int(A.nnz), "peak_rss": rss("VmHWM"), "base_rss": base}))
