#!/usr/bin/env python3
"""Native HiGHS timing for `npm run bench:core` (wasm vs native): solves models exported by
scripts/bench-core.ts with scipy.optimize.milp (HiGHS compiled natively inside scipy) and prints
one JSON line {"status", "objective", "seconds", "cpuSeconds"} per model file, timing only the
milp() call (wall-clock and this process's CPU time, the latter insensitive to other load).

Input: JSON files named on the command line with keys sense (1 min, -1 max), offset, colCost,
colLower, colUpper, integrality, rowLower, rowUpper, starts, indices, values (CSR rows), timeLimit;
infinite bounds as null.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def arr(xs, inf):
    return np.array([inf if x is None else float(x) for x in xs], dtype=float)


def solve(m):
    n = len(m["colCost"])
    c = m["sense"] * np.array(m["colCost"], dtype=float)
    a = csr_matrix((np.array(m["values"], dtype=float), np.array(m["indices"], dtype=int),
                    np.array(m["starts"], dtype=int)), shape=(len(m["rowLower"]), n))
    started = time.perf_counter()
    cpu_started = time.process_time()
    res = milp(c, integrality=np.array(m["integrality"], dtype=int),
               bounds=Bounds(arr(m["colLower"], -np.inf), arr(m["colUpper"], np.inf)),
               constraints=[LinearConstraint(a, arr(m["rowLower"], -np.inf), arr(m["rowUpper"], np.inf))],
               options={"time_limit": float(m["timeLimit"]), "mip_rel_gap": 0.0})
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    status = {0: "optimal", 1: "time-limit", 2: "infeasible", 3: "unbounded"}.get(res.status, "error")
    objective = None if res.x is None else float(m["sense"] * res.fun + m["offset"])
    return {"status": status, "objective": objective, "seconds": seconds, "cpuSeconds": cpu_seconds}


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path) as f:
            print(json.dumps(solve(json.load(f))), flush=True)
