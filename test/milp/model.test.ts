import { strict as assert } from "node:assert";
import { ModelBuilder, type VarRef } from "../../src/milp/model";

describe("ModelBuilder", () => {
  it("builds variables, rows and the objective, dropping zero coefficients", () => {
    const b = new ModelBuilder("m");
    const [x, y] = b.addVariables("x", 2, { lb: 0, ub: 1 });
    b.addLe("cap", [[x, 1], [y, 0]], 1);
    b.setObjective("maximize", [[x, 2]], 0.5);
    const m = b.build();
    assert.deepEqual(m.rows.map((r) => [r.name, r.terms.length, r.ub]), [["cap", 1, 1]]);
    assert.deepEqual(m.objective, { sense: "maximize", terms: [{ v: x, coef: 2 }], offset: 0.5 });
  });

  it("names the row or the objective holding a bad coefficient or an unknown variable", () => {
    const b = new ModelBuilder("m");
    const x = b.addVariable("x");
    assert.throws(() => b.addLe("cap", [[x, Number.NaN]], 1), /row "cap": coefficient NaN on variable 0 is not finite/);
    assert.throws(() => b.addGe("floor", [[7 as unknown as VarRef, 1]], 0), /row "floor": unknown variable reference 7/);
    assert.throws(() => b.setObjective("minimize", [[x, Infinity]]), /objective: coefficient Infinity/);
    assert.throws(() => b.setObjective("minimize", [[3 as unknown as VarRef, 1]]), /objective: unknown variable reference 3/);
  });

  it("changes the bounds of an existing row by name or index, and names what it cannot find", () => {
    const b = new ModelBuilder("m");
    const x = b.addVariable("x");
    b.addLe("cap", [[x, 1]], 1);
    const floor = b.addGe("floor", [[x, 1]], 0.5);
    const before = b.build();
    b.setRowBounds("cap", -Infinity, Infinity);
    b.setRowBounds(floor, 0.25, 0.75);
    const after = b.build();
    assert.deepEqual(after.rows.map((r) => [r.name, r.lb, r.ub]), [["cap", -Infinity, Infinity], ["floor", 0.25, 0.75]]);
    assert.deepEqual(before.rows.map((r) => [r.lb, r.ub]), [[-Infinity, 1], [0.5, Infinity]], "an earlier snapshot is unchanged");
    assert.equal(b.rowIndex("floor"), floor);
    assert.throws(() => b.setRowBounds("cond8[3]", 0, 1), /no row "cond8\[3\]" in model "m"/);
    assert.throws(() => b.setRowBounds(5, 0, 1), /no row 5 in model "m" \(2 rows\)/);
    assert.throws(() => b.setRowBounds("cap", 1, 0), /row "cap": lower bound 1 exceeds upper bound 0/);
  });
});
