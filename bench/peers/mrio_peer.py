"""pymrio's method for footprint accounts, in numpy, on the MRIO bench/mrio.ts wrote to a folder: the steps of
pymrio's IOSystem.calc_system + Extension.calc_system (pymrio 0.5, tools/iomath.py): L = inv(I - A) (calc_L),
S = F / x (calc_S), M = S @ L (calc_M), Y summed over categories per region, Y_diag = diagonalize_blocks(Y, S),
x_diag = L @ Y_diag, D_cba = S @ x_diag, D_pba = S * x_diag.sum(1), x_trade = x_diag with the domestic blocks set
to 0, D_imp = S @ x_trade, D_exp = S * x_trade.sum(1) (calc_accounts), then the _reg sums with F_Y added to cba
and pba. Reading the files and densifying A are not timed. Writes the accounts back as float64 files and prints
one JSON line with the timings.

usage: python3 bench/peers/mrio_peer.py DIR
"""
import json, os, sys, time
import numpy as np
import scipy.sparse as sp

d = sys.argv[1]
h = json.load(open(os.path.join(d, "header.json")))
R, S, K, E = h["regions"], h["sectors"], h["categories"], h["stressors"]
n = R * S
f64 = lambda name, shape: np.fromfile(os.path.join(d, name), dtype=np.float64).reshape(shape)
indptr = np.fromfile(os.path.join(d, "A_indptr.i32"), dtype=np.int32)
indices = np.fromfile(os.path.join(d, "A_indices.i32"), dtype=np.int32)
A = sp.csr_matrix((f64("A_values.f64", (-1,)), indices, indptr), shape=(n, n)).toarray()
x, Y, F, FY = f64("x.f64", (n,)), f64("Y.f64", (n, R * K)), f64("F.f64", (E, n)), f64("FY.f64", (E, R * K))


def diagonalize_blocks(arr, blocksize):
    # pymrio ioutil.diagonalize_blocks
    nr_col, nr_row = arr.shape[1], arr.shape[0]
    arr_diag = np.zeros((nr_row, blocksize * nr_col))
    for col_ind, col_val in enumerate(arr.T):
        offset = col_ind * blocksize
        for _ind in range(int(nr_row / blocksize)):
            arr_diag[_ind * blocksize:(_ind + 1) * blocksize, offset:offset + blocksize] = np.diag(col_val[_ind * blocksize:(_ind + 1) * blocksize])
    return arr_diag


t0 = time.perf_counter()
L = np.linalg.inv(np.eye(n) - A)
t1 = time.perf_counter()
with np.errstate(divide="ignore"):
    recix = 1 / x
recix[recix == np.inf] = 0
Sc = F * recix[None, :]
M = Sc @ L
Y_agg = Y.reshape(n, R, K).sum(2)
Y_diag = diagonalize_blocks(Y_agg, S)
x_diag = L @ Y_diag
del Y_diag
x_tot = x_diag.sum(1)
D_cba = Sc @ x_diag
D_pba = Sc * x_tot[None, :]
x_trade = x_diag.copy()
for r in range(R):
    x_trade[r * S:(r + 1) * S, r * S:(r + 1) * S] = 0
D_imp = Sc @ x_trade
D_exp = Sc * x_trade.sum(1)[None, :]
FY_reg = FY.reshape(E, R, K).sum(2)
reg = lambda D: D.reshape(E, R, S).sum(2)
D_cba_reg, D_pba_reg, D_imp_reg, D_exp_reg = reg(D_cba) + FY_reg, reg(D_pba) + FY_reg, reg(D_imp), reg(D_exp)
t2 = time.perf_counter()
for name, v in [("Dcba", D_cba), ("Dpba", D_pba), ("Dimp", D_imp), ("Dexp", D_exp), ("M", M), ("DcbaReg", D_cba_reg), ("DpbaReg", D_pba_reg), ("DimpReg", D_imp_reg), ("DexpReg", D_exp_reg)]:
    np.ascontiguousarray(v, dtype=np.float64).tofile(os.path.join(d, f"peer_{name}.f64"))
threads = os.environ.get("OPENBLAS_NUM_THREADS") or str(os.cpu_count())
print(json.dumps({"inverse_seconds": t1 - t0, "accounts_seconds": t2 - t1, "seconds": t2 - t0, "numpy": np.__version__, "blas_threads": threads}))
