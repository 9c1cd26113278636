import { strict as assert } from "node:assert";
import { boundsSummaryRows, meanBigM, meanWidth } from "../../kernel-helpers/bounds-view";
import type { NetworkBounds } from "../../src/bounds/types";

describe("kernel-helpers/bounds-view", () => {
  const layer = { lower: [-2, 1, -4], upper: [3, 2, -1] };
  it("averages widths and big-M constants M+ = max(0, u), M- = max(0, -l)", () => {
    assert.equal(meanWidth(layer), (5 + 1 + 3) / 3);
    assert.deepEqual(meanBigM(layer), { plus: (3 + 2 + 0) / 3, minus: (2 + 0 + 4) / 3 });
  });

  it("summarises each layer with its stable neurons", () => {
    const set: NetworkBounds = { network: "t", method: "lp", seconds: 1, inputDomain: { lower: 0, upper: 1 }, layers: [layer] };
    const [row] = boundsSummaryRows([set]);
    assert.equal(row.method, "lp");
    assert.equal(row["stable active"], 1);
    assert.equal(row["stable inactive"], 1);
    assert.equal(row.unstable, 1);
  });
});
