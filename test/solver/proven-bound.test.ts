import { strict as assert } from "node:assert";
import { provenBound } from "../../src/solver/proven-bound";
import type { SolveStatus } from "../../src/solver/types";

const result = (status: SolveStatus, objective: number | null, bound: number | null) => ({ status, objective, bound });

describe("provenBound (what a solve proves about its optimum)", () => {
  it("takes the dual bound, never the incumbent alone", () => {
    assert.equal(provenBound(result("time-limit", 3, 5), "maximize"), 5);
    assert.equal(provenBound(result("time-limit", 3, null), "maximize"), null);
    // "optimal" at a gap of 1 % without a dual bound: the incumbent is within 1 % of the optimum, not a bound on it
    assert.equal(provenBound(result("optimal", 3, null), "maximize"), null);
    assert.equal(provenBound(result("interrupted", 7, 4), "minimize"), 4);
  });

  it("proves nothing after infeasible, unbounded or error, or with a non-finite bound", () => {
    for (const status of ["infeasible", "unbounded", "error"] as const) assert.equal(provenBound(result(status, 3, 5), "maximize"), null, status);
    assert.equal(provenBound(result("time-limit", 3, Number.POSITIVE_INFINITY), "maximize"), null);
  });

  it("proves nothing when the dual bound contradicts the solve's own incumbent (HiGHS #2154: optimal 3, dual bound 0)", () => {
    // maximise: the incumbent 3 is feasible, so the maximum is >= 3 and an upper bound of 0 is wrong, or the incumbent is
    assert.equal(provenBound(result("optimal", 3, 0), "maximize"), null);
    assert.equal(provenBound(result("time-limit", -2, 1), "minimize"), null);
    // the incumbent is not a bound either way: a time-limited incumbent above a valid upper bound is impossible, below it is normal
    assert.equal(provenBound(result("time-limit", 3, 4), "maximize"), 4);
  });

  it("keeps a dual bound within the feasibility tolerance of the incumbent", () => {
    assert.equal(provenBound(result("optimal", 3, 3 - 1e-9), "maximize"), 3 - 1e-9);
    assert.equal(provenBound(result("optimal", -2, -2 + 1e-9), "minimize"), -2 + 1e-9);
    assert.equal(provenBound(result("optimal", 3, 3 - 1e-5), "maximize"), null);
  });
});
