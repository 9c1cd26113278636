import { strict as assert } from "node:assert";
import { encodedModelSize } from "../../src/encode/model-size";
import type { Network } from "../../src/dnn/network";

// A 2-input network with one stable-active, one stable-inactive and one unstable ReLU neuron
// over [0, 1]^2, then one linear output.
const net: Pick<Network, "inputSize" | "layers"> = {
  inputSize: 2,
  layers: [
    { activation: "relu", kernel: [[1, -1, 1], [1, -1, -1]], bias: [0.5, -0.5, 0] },
    { activation: "linear", kernel: [[1], [1], [1]], bias: [0] },
  ],
};
const bounds = [
  { lower: [0.5, -2.5, -1], upper: [2.5, -0.5, 1] },
  { lower: [-10], upper: [10] },
];

describe("encode/model-size", () => {
  it("counts the thesis model: x, s, z and (7b)-(7d) for every ReLU neuron", () => {
    const size = encodedModelSize(net, bounds, false);
    assert.equal(size.binaries, 3);
    assert.equal(size.variables, 2 + 3 * 3 + 1);
    assert.equal(size.stableActive + size.stableInactive, 0);
  });

  it("drops the binaries of neurons the bounds prove stable", () => {
    const size = encodedModelSize(net, bounds, true);
    assert.equal(size.binaries, 1);
    assert.equal(size.stableActive, 1);
    assert.equal(size.stableInactive, 1);
    assert.ok(size.rows < encodedModelSize(net, bounds, false).rows);
  });
});
