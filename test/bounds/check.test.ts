import { strict as assert } from "node:assert";
import { boundViolations } from "../../src/bounds/check";
import { forward } from "../../src/dnn/forward";
import type { DenseLayer } from "../../src/dnn/network";
import { makeNetwork } from "../tools/seeded-network";

describe("boundViolations (sampling check of bounds against the forward pass)", () => {
  // one hidden unit with pre-activation x0 − x1, one output 2·relu(·) + 1
  const net = makeNetwork("tiny", 2, [
    { kernel: [[1], [-1]], bias: [0], activation: "relu" } as DenseLayer,
    { kernel: [[2]], bias: [1], activation: "relu" } as DenseLayer,
  ]);
  const trace = forward(net, [0.75, 0.25]); // pre-activations 0.5 and 2
  const bounds = (l1: [number, number], l2: [number, number]) => [{ lower: [l1[0]], upper: [l1[1]] }, { lower: [l2[0]], upper: [l2[1]] }];

  it("finds none inside the bounds, including values on them", () => {
    assert.deepEqual(boundViolations(bounds([-1, 1], [1, 3]), trace), []);
    assert.deepEqual(boundViolations(bounds([0.5, 0.5], [2, 2]), trace), []);
  });

  it("names layer, neuron, value and the bounds outside them, beyond a relative tolerance only", () => {
    const v = boundViolations(bounds([-1, 0.4], [2.5, 3]), trace);
    assert.equal(v.length, 2);
    assert.deepEqual(v.map((x) => [x.layer, x.neuron, x.value, x.lower, x.upper]), [[1, 0, 0.5, -1, 0.4], [2, 0, 2, 2.5, 3]]);
    assert.deepEqual(boundViolations(bounds([-1, 0.5 - 1e-12], [1, 3]), trace), [], "within the 1e-9 relative tolerance");
    assert.equal(boundViolations(bounds([-1, 0.5 - 1e-12], [1, 3]), trace, 0).length, 1);
  });
});
