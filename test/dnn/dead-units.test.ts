import { strict as assert } from "node:assert";
import { activeCounts, deadUnits } from "../../src/dnn/dead-units";

describe("dead units", () => {
  // Unit 1 of layer 1 has a negative weight and bias: it never fires on inputs >= 0.
  const net = {
    inputSize: 2,
    layers: [
      { kernel: [[1, -1], [1, -1]], bias: [0, -0.5], activation: "relu" as const },
      { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" as const },
    ],
  };
  const inputs = [[0, 0], [1, 0], [0.5, 0.5]];

  it("counts on how many inputs each unit is active", () => {
    assert.deepEqual(activeCounts(net, inputs), [[2, 0], [2, 0]]);
  });

  it("lists the units that are zero on every input, per layer", () => {
    assert.deepEqual(deadUnits(net, inputs), [[1], [1]]);
    assert.deepEqual(deadUnits(net, [[0, 0]]), [[0, 1], [0, 1]]);
  });
});
