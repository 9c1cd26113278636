#!/usr/bin/env python3
"""Independent cross-check: solve a model dumped by test/tools/independent-solver.ts with
scipy.optimize.milp (native HiGHS inside scipy, a different build and input path than highs-js).

Input: one or more JSON files named on the command line (or one JSON document on stdin), each with keys sense (1 min, -1 max), offset, colCost, colLower, colUpper,
integrality, rowLower, rowUpper, starts, indices, values (CSR), timeLimit, mipRelGap;
infinite bounds are given as null (lower: -inf, upper: +inf).
Output (stdout): one JSON line {"status", "objective", "values", "message", "seconds"} per input, in order
(one process for many models: importing scipy costs about a second).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def arr(xs, inf):
    return np.array([inf if x is None else float(x) for x in xs], dtype=float)


def main():
    texts = [open(f).read() for f in sys.argv[1:]] if len(sys.argv) > 1 else [sys.stdin.read()]
    for text in texts:
        solve(json.loads(text))


def solve(m):
    n = len(m["colCost"])
    sense = m["sense"]
    c = sense * np.array(m["colCost"], dtype=float)
    bounds = Bounds(arr(m["colLower"], -np.inf), arr(m["colUpper"], np.inf))
    constraints = []
    if len(m["rowLower"]) > 0:
        a = csr_matrix((np.array(m["values"], dtype=float), np.array(m["indices"], dtype=int),
                        np.array(m["starts"], dtype=int)), shape=(len(m["rowLower"]), n))
        constraints.append(LinearConstraint(a, arr(m["rowLower"], -np.inf), arr(m["rowUpper"], np.inf)))
    options = {"time_limit": float(m.get("timeLimit", 300)), "mip_rel_gap": float(m.get("mipRelGap", 0))}
    started = time.perf_counter()
    res = milp(c, integrality=np.array(m["integrality"], dtype=int), bounds=bounds,
               constraints=constraints, options=options)
    seconds = time.perf_counter() - started
    # scipy status: 0 optimal, 1 iteration/time limit, 2 infeasible, 3 unbounded, 4 other
    status = {0: "optimal", 1: "time-limit", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    objective = None
    values = None
    if res.x is not None:
        values = [float(v) for v in res.x]
        objective = float(np.dot(np.array(m["colCost"], dtype=float), res.x) + float(m["offset"]))
    json.dump({"status": status, "objective": objective, "values": values, "message": str(res.message),
               "seconds": seconds}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
