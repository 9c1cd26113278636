import { strict as assert } from "node:assert";
import { CAP_SLACK, cappedRadius, deltaSumRow } from "../../src/best/l1-cap";

describe("the L1 rows of best and shrink", () => {
  it("widens a radius by the slack, relative and absolute", () => {
    assert.equal(cappedRadius(0), CAP_SLACK);
    assert.equal(cappedRadius(2), 2 * (1 + CAP_SLACK) + CAP_SLACK);
    assert.ok(cappedRadius(5) > 5 && cappedRadius(5) < 5 + 1e-5);
  });

  it("sums δ_j over every pixel with coefficient 1", () => {
    const row = deltaSumRow(4, ">=", 1.5, "l1_lower_bound");
    assert.deepEqual(row, {
      name: "l1_lower_bound",
      terms: [0, 1, 2, 3].map((j) => ({ layer: 0, unit: j, coef: 1, variable: "delta" })),
      sense: ">=",
      rhs: 1.5,
    });
  });
});
