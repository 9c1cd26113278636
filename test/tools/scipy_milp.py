#!/usr/bin/env python3
"""Independent cross-check: solve a model dumped by test/tools/independent-solver.ts with
scipy.optimize.milp (native HiGHS inside scipy, a different build and input path than highs-js).

Input: one or more JSON files named on the command line (or one JSON document on stdin), each with keys
sense ("minimize"/"maximize"), offset, objective ([column, coef] terms), variables ([lb, ub, type]),
rows ([lb, ub, [[column, coef], ...]]), timeLimit, mipRelGap; infinite bounds are given as null.
The matrix is built here from the term lists, not from the arrays highs-js is given.
Output (stdout): one JSON line {"status", "objective", "values", "message", "seconds"} per input, in order
(one process for many models: importing scipy costs about a second).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix


def main():
    texts = [open(f).read() for f in sys.argv[1:]] if len(sys.argv) > 1 else [sys.stdin.read()]
    for text in texts:
        solve(json.loads(text))


def solve(m):
    # Built here from the Model's own term lists, not from the CSR arrays HiGHS-wasm is given.
    n = len(m["variables"])
    sign = -1.0 if m["sense"] == "maximize" else 1.0
    cost = np.zeros(n)
    for v, coef in m["objective"]:
        cost[v] += coef
    c = sign * cost
    lower = np.array([-np.inf if lb is None else float(lb) for lb, _, _ in m["variables"]])
    upper = np.array([np.inf if ub is None else float(ub) for _, ub, _ in m["variables"]])
    integrality = np.array([0 if t == "continuous" else 1 for _, _, t in m["variables"]], dtype=int)
    for j, (_, _, t) in enumerate(m["variables"]):
        if t == "binary":
            lower[j], upper[j] = max(lower[j], 0.0), min(upper[j], 1.0)
    bounds = Bounds(lower, upper)
    constraints = []
    if len(m["rows"]) > 0:
        rows, cols, vals = [], [], []
        for i, (_, _, terms) in enumerate(m["rows"]):
            for v, coef in terms:
                rows.append(i)
                cols.append(v)
                vals.append(coef)
        # coo -> csr sums duplicate (row, column) entries, as the model means them
        a = coo_matrix((np.array(vals, dtype=float), (np.array(rows, dtype=int), np.array(cols, dtype=int))),
                       shape=(len(m["rows"]), n)).tocsr()
        constraints.append(LinearConstraint(a, np.array([-np.inf if lb is None else float(lb) for lb, _, _ in m["rows"]]),
                                            np.array([np.inf if ub is None else float(ub) for _, ub, _ in m["rows"]])))
    options = {"time_limit": float(m.get("timeLimit", 300)), "mip_rel_gap": float(m.get("mipRelGap", 0))}
    started = time.perf_counter()
    res = milp(c, integrality=integrality, bounds=bounds,
               constraints=constraints, options=options)
    seconds = time.perf_counter() - started
    # scipy status: 0 optimal, 1 iteration/time limit, 2 infeasible, 3 unbounded, 4 other
    status = {0: "optimal", 1: "time-limit", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    objective = None
    values = None
    if res.x is not None:
        values = [float(v) for v in res.x]
        objective = float(np.dot(cost, res.x) + float(m["offset"]))
    json.dump({"status": status, "objective": objective, "values": values, "message": str(res.message),
               "seconds": seconds}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
