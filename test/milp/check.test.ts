import { strict as assert } from "node:assert";
import { checkSolution } from "../../src/milp/check";
import { ModelBuilder, type Model } from "../../src/milp/model";

function model(): Model {
  const b = new ModelBuilder("check");
  const x = b.addVariable("x", { type: "binary" });
  const y = b.addVariable("y", { lb: -2, ub: 3 });
  const n = b.addVariable("n", { type: "integer", lb: 0, ub: 10 });
  b.addLe("le", [[x, 1], [y, 1]], 2);
  b.addRow("range", [[y, 2], [n, 1]], -1, 100);
  b.addEq("eq", [[n, 1], [x, -1]], 3);
  b.setObjective("maximize", [[x, 1], [y, 2], [n, 0.5]], 7);
  return b.build();
}

describe("checkSolution (independent checker)", () => {
  it("accepts a feasible point and recomputes the objective with the offset", () => {
    const c = checkSolution(model(), [1, 1, 4]);
    assert.equal(c.feasible, true);
    assert.deepEqual(c.violations, []);
    assert.equal(c.objective, 1 + 2 + 2 + 7);
    assert.equal(c.maxViolation, 0);
  });

  it("catches a violated bound, integrality and rows, with their amounts", () => {
    // y = 3.5 > 3 (bound by 0.5); x = 0.5 (integrality 0.5); le: 0.5 + 3.5 = 4 > 2 (by 2);
    // eq: n - x = 4 - 0.5 = 3.5 != 3 (by 0.5)
    const c = checkSolution(model(), [0.5, 3.5, 4]);
    assert.equal(c.feasible, false);
    const byKey = new Map(c.violations.map((v) => [`${v.kind}:${v.name}`, v.amount]));
    assert.equal(byKey.get("bound:y"), 0.5);
    assert.equal(byKey.get("integrality:x"), 0.5);
    assert.equal(byKey.get("row:le"), 2);
    assert.equal(byKey.get("row:eq"), 0.5);
    assert.equal(c.violations.length, 4);
    assert.equal(c.maxViolation, 2);
  });

  it("catches the lower side of a ranged row and a lower bound", () => {
    const c = checkSolution(model(), [0, -2.5, 3]);
    const kinds = c.violations.map((v) => `${v.kind}:${v.name}`).sort();
    // y = -2.5 < -2; range: 2(-2.5) + 3 = -2 < -1
    assert.deepEqual(kinds, ["bound:y", "row:range"]);
  });

  it("tolerates violations below the tolerance and flags them above it", () => {
    assert.equal(checkSolution(model(), [1, 1 + 1e-8, 4]).feasible, true);
    assert.equal(checkSolution(model(), [1, 1 + 1e-8, 4], { tol: 1e-10 }).feasible, false);
  });

  it("flags non-finite values and refuses a vector of the wrong length", () => {
    const c = checkSolution(model(), [1, NaN, 4]);
    assert.equal(c.feasible, false);
    assert.ok(c.violations.some((v) => v.kind === "bound" && v.name === "y" && v.amount === Infinity));
    assert.throws(() => checkSolution(model(), [1, 2]), /2 values for 3 variables of model "check"/);
  });
});
