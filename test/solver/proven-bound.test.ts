import { strict as assert } from "node:assert";
import { provenBound } from "../../src/solver/proven-bound";
import type { SolveStatus } from "../../src/solver/types";

const result = (status: SolveStatus, objective: number | null, bound: number | null) => ({ status, objective, bound });

describe("provenBound (what a solve proves about its optimum)", () => {
  it("takes the dual bound, never the incumbent alone", () => {
    assert.equal(provenBound(result("time-limit", 3, 5), "maximize"), 5);
    assert.equal(provenBound(result("time-limit", 3, null), "maximize"), null);
    assert.equal(provenBound(result("optimal", 3, null), "maximize"), 3); // an LP: its optimum is the bound
    assert.equal(provenBound(result("interrupted", 7, 4), "minimize"), 4);
  });

  it("proves nothing after infeasible, unbounded or error, or with a non-finite bound", () => {
    for (const status of ["infeasible", "unbounded", "error"] as const) assert.equal(provenBound(result(status, 3, 5), "maximize"), null, status);
    assert.equal(provenBound(result("time-limit", 3, Number.POSITIVE_INFINITY), "maximize"), null);
  });

  it("never puts the bound on the wrong side of the solve's own incumbent (HiGHS #2154: optimal 3, dual bound 0)", () => {
    // maximise: the incumbent 3 is feasible, so the maximum is >= 3; an upper bound of 0 would cut it off
    assert.equal(provenBound(result("optimal", 3, 0), "maximize"), 3);
    // minimise: the minimum is <= the incumbent
    assert.equal(provenBound(result("time-limit", -2, 1), "minimize"), -2);
  });
});
