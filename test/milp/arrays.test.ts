import { strict as assert } from "node:assert";
import { modelToArrays } from "../../src/milp/arrays";
import { ModelBuilder, type Model } from "../../src/milp/model";

describe("modelToArrays (CSR view for solver adapters)", () => {
  it("sums duplicate terms, drops cancelled ones and keeps bounds, sense, offset and types", () => {
    const b = new ModelBuilder("arr");
    const [x, y, z] = b.addVariables("v", 3, { lb: -1, ub: 1 });
    const k = b.addVariable("k", { type: "binary" });
    b.addRow("r0", [[x, 1], [y, 2], [x, 3], [z, 1], [z, -1]], -Infinity, 4);
    b.addEq("r1", [[k, 1]], 1);
    b.setObjective("maximize", [[x, 1], [x, 1], [k, 5]], 2.5);
    const a = modelToArrays(b.build());
    assert.deepEqual(Array.from(a.starts), [0, 2, 3]);
    assert.deepEqual(Array.from(a.indices), [0, 1, 3]);
    assert.deepEqual(Array.from(a.values), [4, 2, 1]);
    assert.deepEqual(Array.from(a.colCost), [2, 0, 0, 5]);
    assert.deepEqual(Array.from(a.integrality), [0, 0, 0, 1]);
    assert.equal(a.isMip, true);
    assert.equal(a.senseSign, -1);
    assert.equal(a.offset, 2.5);
    assert.deepEqual(Array.from(a.rowLower), [-Infinity, 1]);
    assert.deepEqual(Array.from(a.rowUpper), [4, 1]);
  });

  it("names the row or variable when data is invalid", () => {
    const base: Model = new ModelBuilder("bad").build();
    const withVar: Model = { ...base, variables: [{ name: "w", lb: 0, ub: NaN, type: "continuous" }] };
    assert.throws(() => modelToArrays(withVar), /variable "w": bound is NaN/);
    const withRow: Model = { ...withVar, variables: [{ name: "w", lb: 0, ub: 1, type: "continuous" }], rows: [{ name: "q", lb: 0, ub: 1, terms: [{ v: 3 as never, coef: 1 }] }] };
    assert.throws(() => modelToArrays(withRow), /row "q": variable index 3 is outside 0..0/);
  });
});
