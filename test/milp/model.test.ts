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
});
