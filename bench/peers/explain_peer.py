"""Peer of `npm run bench:explain`: the same counterfactual explanation in numpy, written as a numpy user would.

bea <case.json> <reps>: I − A factorised once (scipy's lu_factor, LAPACK), then for each year the responses to
every final-demand vector (planned and observed per channel) by one lu_solve with many right-hand sides, then all 2^m coalitions
with proportional rationing (budget and capacities), vectorised over sectors, and the Shapley weights.
mc <case.json>: Monte Carlo draws of the worked example's explanation (A with each
coefficient times max(0, 1 + rel·z), redrawn when a column sums to 1 or more), every year, as ioplan draws them.
Prints one JSON line: seconds (best of reps), totals per year, peak RSS.
"""
import itertools, json, math, resource, sys, time
import numpy as np
import scipy.linalg


def shapley(m, run, n):
    """Exact Shapley values over all 2^m coalitions: phi_k = sum w(|S|) (x(S) - x(S + k))."""
    xs = {}
    for mask in range(2 ** m):
        xs[mask] = run(mask)
    phi = np.zeros((m, n))
    fact = [math.factorial(k) for k in range(m + 1)]
    for mask, x in xs.items():
        size = bin(mask).count("1")
        for k in range(m):
            if mask >> k & 1:
                continue
            w = fact[size] * fact[m - size - 1] / fact[m]
            phi[k] += w * (x - xs[mask | 1 << k])
    return phi, xs


def ration(resp, budget_pu, budget, caps):
    """Proportional rationing of the budget only (capacities are held the mixed way, see held_run)."""
    theta = 1.0
    use = budget_pu @ resp
    if use > 0:
        theta = min(theta, budget / use)
    if theta > 1 - 1e-12:
        theta = 1.0
    return max(0.0, theta) * resp


def mixed(A, fvec, resp, budget_pu, budget, caps, cache):
    """The mixed model's capacities: a sector past its capacity is held there (its own final deliveries take the
    cut), the rest solved with (I - A_EE); the budget rations the rest's final deliveries by one factor; a held
    sector that cannot cover the others' use of it rations them too. resp = the unconstrained response to fvec."""
    n = len(fvec)
    x = ration(resp, budget_pu, budget, caps)
    held = {}
    for _ in range(n + 1):
        over = [i for i in range(n) if i not in held and x[i] > caps[i] * (1 + 1e-12)]
        if not over:
            return x
        for i in over:
            held[i] = caps[i]
        X = sorted(held)
        E = [i for i in range(n) if i not in held]
        key = (id(A), tuple(X))
        if key not in cache:
            cache[key] = scipy.linalg.lu_factor(np.eye(len(E)) - A[np.ix_(E, E)])
        lu = cache[key]
        xX = np.array([held[i] for i in X])
        base = np.zeros(n)
        r = np.zeros(n)
        base[X] = xX
        base[E] = scipy.linalg.lu_solve(lu, A[np.ix_(E, X)] @ xX)
        r[E] = scipy.linalg.lu_solve(lu, fvec[E])
        theta = 1.0
        g = budget_pu @ r
        if g > 0:
            theta = min(theta, max(0.0, budget - budget_pu @ base) / g)
        Ab, Ar = A @ base, A @ r
        for i in X:
            if Ar[i] > 0:
                theta = min(theta, max(0.0, held[i] - Ab[i]) / Ar[i])
        if theta > 1 - 1e-12:
            theta = 1.0
        x = base + max(0.0, theta) * r
    raise RuntimeError("capacities did not settle")


def bea(path, reps):
    c = json.load(open(path))
    n = c["n"]
    A = np.array(c["A"]).reshape(n, n)
    vpu = np.array(c["vpu"])
    other = np.array(c["other"])
    pu = np.array(c["imports"]["perUnit"])
    cats = c["categories"]
    best, totals = math.inf, []
    for _ in range(reps):
        t0 = time.perf_counter()
        totals = []
        lu = scipy.linalg.lu_factor(np.eye(n) - A)  # one factorisation for the five years
        cache = {}
        for y in c["years"]:
            planned = np.array([k["planned"] for k in cats])
            observed = planned * np.array([y["ratios"][k["id"]] for k in cats])[:, None]
            rhs = np.vstack([other[None, :], planned, observed]).T
            resp = scipy.linalg.lu_solve(lu, rhs)
            r_other, r_p, r_o = resp[:, 0], resp[:, 1 : 1 + len(cats)], resp[:, 1 + len(cats) :]
            m = len(cats) + 2
            budget_p = c["imports"]["planned"]
            budget_o = budget_p * y["importRatio"]
            cap_sector, remaining = y["capacity"]["sector"], y["capacity"]["remaining"]
            # capacity losses are shares of the planned world's output (itself rationed if the planned budget binds)
            x_plan = ration(r_other + r_p.sum(axis=1), pu, budget_p, np.full(n, np.inf))

            def run(mask):
                resp_ = r_other.copy()
                fvec = other.copy()
                for k in range(len(cats)):
                    on = mask >> k & 1
                    resp_ += r_o[:, k] if on else r_p[:, k]
                    fvec += observed[k] if on else planned[k]
                budget = budget_o if mask >> len(cats) & 1 else budget_p
                caps = np.full(n, np.inf)
                if mask >> (len(cats) + 1) & 1:
                    caps[cap_sector] = x_plan[cap_sector] * remaining
                return mixed(A, fvec, resp_, pu, budget, caps, cache)

            phi, _ = shapley(m, run, n)
            ids = [k["id"] for k in cats] + ["imports", "capacity"]
            tot = {ids[k]: float(phi[k].sum()) for k in range(m)}
            tot["modelled"] = float(phi.sum())
            tot["valueAdded"] = float((phi @ vpu).sum())
            totals.append(tot)
        best = min(best, time.perf_counter() - t0)
    return best, totals


def mc(path):
    """The case file holds the model folder, each year's channels (imports and exports as observed / planned, a
    capacity loss [sector index, remaining share] or null), the import substitution (share, cost) and the capacity
    headroom of the plan: the explanation ioplan makes, redrawn with coefficient errors."""
    import csv, os
    c = json.load(open(path))
    model, samples, rel, seed = c["model"], c["samples"], c["rel"], c["seed"]
    sigma, kappa, head = c["substitution"]["share"], c["substitution"]["cost"], c["headroom"]
    codes = [r["code"] for r in csv.DictReader(open(os.path.join(model, "sectors.csv")))]
    n = len(codes)
    ix = {k: i for i, k in enumerate(codes)}
    x = np.array([float(r["output"]) for r in csv.DictReader(open(os.path.join(model, "sectors.csv")))])
    def matrix(name):
        M = np.zeros((n, n))
        for r in csv.DictReader(open(os.path.join(model, name))):
            M[ix[r["row"]], ix[r["column"]]] = float(r["value"])
        return M
    A, AM = matrix("coefficients.csv"), matrix("import_coefficients.csv")
    fd = list(csv.DictReader(open(os.path.join(model, "final_demand.csv"))))
    F = np.array([[float(r[k]) for k in fd[0] if k != "sector"] for r in fd])
    exp_col = np.array([float(r["EXP"]) for r in fd])
    other = F.sum(axis=1) - exp_col
    imp = np.array([float(r["IMP"]) for r in csv.DictReader(open(os.path.join(model, "satellites.csv")))])
    pu = imp / x
    cap0 = head * x
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    mod = {str(y["year"]): [] for y in c["years"]}
    for _ in range(samples):
        while True:
            B = A * np.maximum(0, 1 + rel * rng.standard_normal(A.shape))
            if (B.sum(axis=0) < 1).all():
                break
        cache = {}
        solve0 = np.linalg.solve(np.eye(n) - B, np.vstack([other, exp_col]).T).T
        # the plan's budget and capacities move with the drawn base year (as ioplan draws them)
        x_base = solve0[0] + solve0[1]
        budget0 = pu @ x_base
        cap_d = head * x_base
        x_plan = mixed(B, other + exp_col, x_base, pu, budget0, cap_d, cache)
        for y in c["years"]:
            chans = [k for k in ("imports", "exports", "capacity") if y.get(k) is not None]
            m = len(chans)
            on = lambda mask, k: k in chans and mask >> chans.index(k) & 1
            r_sub = min(sigma, max(0.0, 1 - y["imports"])) if y.get("imports") is not None else 0.0
            B1 = B + kappa * r_sub * AM
            solve1 = np.linalg.solve(np.eye(n) - B1, np.vstack([other, exp_col]).T).T if r_sub > 0 else solve0

            def run(mask):
                sub = on(mask, "imports") and r_sub > 0
                r_other, r_exp = solve1 if sub else solve0
                e = y["exports"] if on(mask, "exports") else 1
                resp = r_other + r_exp * e
                budget = budget0 * (y["imports"] if on(mask, "imports") else 1)
                caps = cap_d.copy()
                if on(mask, "capacity"):
                    i, rem = y["capacity"]
                    caps[i] = min(caps[i], x_plan[i] * rem)
                return mixed(B1 if sub else B, other + exp_col * e, resp, pu * ((1 - r_sub) if sub else 1), budget, caps, cache)

            if m:
                phi, _ = shapley(m, run, n)
                mod[str(y["year"])].append(float(phi.sum()))
            else:
                # a year no channel moves: the model explains nothing there (ioplan reports 0 too)
                mod[str(y["year"])].append(0.0)
    return time.perf_counter() - t0, [{"p50": {k: float(np.median(v)) for k, v in mod.items() if v}}]


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "bea":
        seconds, totals = bea(sys.argv[2], int(sys.argv[3]))
    else:
        seconds, totals = mc(sys.argv[2])
    print(json.dumps({"seconds": seconds, "totals": totals, "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
