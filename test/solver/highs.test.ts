import { strict as assert } from "node:assert";
import { checkSolution } from "../../src/milp/check";
import { ModelBuilder, type Model } from "../../src/milp/model";
import { HighsSolver } from "../../src/solver/highs";
import type { SolveResult } from "../../src/solver/types";

/** Every solution a test sees goes through the independent checker. */
function assertChecked(model: Model, r: SolveResult): void {
  assert.ok(r.values !== null, `expected values, got status ${r.status} ${r.message ?? ""}`);
  const c = checkSolution(model, r.values);
  assert.ok(c.feasible, `solver answer violates the model: ${JSON.stringify(c.violations.slice(0, 5))}`);
  assert.ok(r.objective !== null && Math.abs(c.objective - r.objective) <= 1e-6 * Math.max(1, Math.abs(r.objective)), `objective ${r.objective} vs recomputed ${c.objective}`);
}

function knapsack(): Model {
  const b = new ModelBuilder("knapsack");
  const w = [12, 2, 1, 1, 4];
  const v = [4, 2, 1, 2, 10];
  const x = b.addVariables("x", 5, { type: "binary" });
  b.addLe("capacity", x.map((xi, i) => [xi, w[i]] as const), 15);
  b.setObjective("maximize", x.map((xi, i) => [xi, v[i]] as const));
  return b.build();
}

describe("HighsSolver", function () {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("reports its version", () => {
    assert.match(solver.version, /^highs-js \d+\.\d+\.\d+ \(HiGHS \d+\.\d+\.\d+\)$/);
  });

  it("solves a 0-1 knapsack to its known optimum (maximize)", async () => {
    const m = knapsack();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.equal(r.objective, 15);
    assert.equal(r.bound, 15);
    assert.equal(r.gap, 0);
    assert.deepEqual(Array.from(r.values ?? []), [0, 1, 1, 1, 1]);
    assertChecked(m, r);
  });

  it("solves an LP with equality and ranged rows, free variables and an offset", async () => {
    // min x + 2y + 3 s.t. x + y = 4, 1 <= x - y <= 2, x, y free  -> x = 3, y = 1: 3 + 2 + 3 = 8.
    const b = new ModelBuilder("lp");
    const [x, y] = b.addVariables("v", 2, { lb: -Infinity });
    b.addEq("sum", [[x, 1], [y, 1]], 4);
    b.addRow("diff", [[x, 1], [y, -1]], 1, 2);
    b.setObjective("minimize", [[x, 1], [y, 2]], 3);
    const m = b.build();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.ok(Math.abs((r.objective ?? NaN) - 8) < 1e-9);
    assert.equal(r.bound, r.objective, "an LP's bound is its objective");
    assert.equal(r.nodes, 0);
    assertChecked(m, r);
  });

  it("reports infeasible MIPs and LPs", async () => {
    for (const type of ["binary", "continuous"] as const) {
      const b = new ModelBuilder("infeasible");
      const x = b.addVariables("x", 2, { type, ub: 1 });
      b.addGe("too_much", [[x[0], 1], [x[1], 1]], 3);
      b.setObjective("minimize", [[x[0], 1]]);
      const r = await solver.solve(b.build());
      assert.equal(r.status, "infeasible", type);
      assert.equal(r.values, null);
      assert.equal(r.objective, null);
    }
  });

  it("reports unbounded LPs and MIPs", async () => {
    for (const type of ["integer", "continuous"] as const) {
      const b = new ModelBuilder("unbounded");
      const x = b.addVariable("x", { type });
      const y = b.addVariable("y");
      b.addGe("a", [[x, 1], [y, -1]], 1);
      b.setObjective("maximize", [[x, 1], [y, 1]]);
      const r = await solver.solve(b.build());
      assert.equal(r.status, "unbounded", type);
    }
  });

  it("solves a general-integer MIP with mixed row kinds (known optimum)", async () => {
    // max 5a + 4b + 3c s.t. 2a + 3b + c <= 5, 4a + b + 2c <= 11, 3a + 4b + 2c <= 8, a,b,c in Z+ -> a=2, b=0, c=1: 13
    const b = new ModelBuilder("classic");
    const [a, bb, c] = b.addVariables("n", 3, { type: "integer" });
    b.addLe("r1", [[a, 2], [bb, 3], [c, 1]], 5);
    b.addLe("r2", [[a, 4], [bb, 1], [c, 2]], 11);
    b.addRow("r3", [[a, 3], [bb, 4], [c, 2]], -Infinity, 8);
    b.setObjective("maximize", [[a, 5], [bb, 4], [c, 3]]);
    const m = b.build();
    const r = await solver.solve(m);
    assert.equal(r.status, "optimal");
    assert.equal(r.objective, 13);
    assertChecked(m, r);
  });
});
