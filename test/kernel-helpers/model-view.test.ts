import { strict as assert } from "node:assert";
import { phaseRows, rowsOfVariableHtml, rowText } from "../../kernel-helpers/model-view";
import { encodeNetwork } from "../../src/encode/network";
import { ModelBuilder } from "../../src/milp/model";
import { makeNetwork } from "../tools/seeded-network";

describe("kernel-helpers/model-view", () => {
  // One input x in [0, 1], hidden y = relu(2x − 1) (unstable: pre-activation in [−1, 1]), output relu(y).
  const net = makeNetwork("one", 1, [
    { kernel: [[2]], bias: [-1], activation: "relu" },
    { kernel: [[1]], bias: [0], activation: "relu" },
  ]);
  const bounds = { layers: [{ lower: [-1], upper: [1] }, { lower: [0], upper: [1] }] };

  it("writes the (7b)-(7d) rows of an unstable neuron with the variables' names", () => {
    const b = new ModelBuilder("t");
    const enc = encodeNetwork(b, net, bounds.layers, { inputDomain: { lower: 0, upper: 1 } });
    const model = b.build();
    const html = rowsOfVariableHtml(model, enc.z[1][0]!).html;
    assert.match(html, /z\[1\]\[0\] in \[0, 1\], binary/);
    assert.match(html, /xz\[1\]\[0\]: 1 x\[1\]\[0\] \+ 1 z\[1\]\[0\] &lt;= 1/); // (7c): x <= M+ (1 − z)
    assert.match(html, /sz\[1\]\[0\]: 1 s\[1\]\[0\] − 1 z\[1\]\[0\] &lt;= 0/); // (7d): s <= M− z
    assert.ok(!html.includes("pre[1][0]"), "the layer equation (7b) holds no z");
    const pre = model.rows.find((r) => r.name === "pre[1][0]")!;
    assert.equal(rowText(model, pre), "pre[1][0]: 2 x[0][0] − 1 x[1][0] + 1 s[1][0] = 1");
    assert.equal(rowText(model, pre, 1), "pre[1][0]: 2 x[0][0] + … (2 more terms) = 1");
  });

  it("lists each layer's phases, the unstable neurons by index", () => {
    assert.deepEqual(phaseRows(net, bounds), [
      { layer: 1, active: 0, inactive: 0, "unstable (binary z)": "0" },
      { layer: 2, active: 1, inactive: 0, "unstable (binary z)": "none" },
    ]);
    const linearOut = { ...net, layers: [net.layers[0], { ...net.layers[1], activation: "linear" as const }] };
    assert.deepEqual(phaseRows(linearOut, { layers: [bounds.layers[0], { lower: [-1], upper: [1] }] })[1], { layer: 2, active: "–", inactive: "–", "unstable (binary z)": "none (linear layer)" });
  });
});
