import { strict as assert } from "node:assert";
import { argmax, forward } from "../../src/dnn/forward";
import type { DenseLayer } from "../../src/dnn/network";

describe("forward (float64 reference pass)", () => {
  const layers: DenseLayer[] = [
    { kernel: [[1, -1], [2, 0.5]], bias: [0, -3], activation: "relu" },
    { kernel: [[1], [-1]], bias: [0.25], activation: "linear" },
  ];
  const net = { inputSize: 2, layers };

  it("applies W x + b then ReLU, Keras kernel layout", () => {
    const t = forward(net, [1, 2]);
    // unit 0: 1*1 + 2*2 + 0 = 5; unit 1: 1*-1 + 2*0.5 - 3 = -3
    assert.deepEqual(Array.from(t.preActivations[0]), [5, -3]);
    assert.deepEqual(Array.from(t.activations[0]), [5, 0]);
    assert.deepEqual(Array.from(t.output), [5.25]);
  });

  it("keeps negative values of a linear layer", () => {
    const t = forward(net, [0, 0]);
    assert.deepEqual(Array.from(t.output), [0.25]);
    const u = forward({ inputSize: 2, layers: [{ kernel: [[-1], [0]], bias: [0], activation: "linear" }] }, [1, 0]);
    assert.deepEqual(Array.from(u.output), [-1]);
  });

  it("rejects an input of the wrong length", () => {
    assert.throws(() => forward(net, [1, 2, 3]), /3 values, the network expects 2/);
  });

  it("rejects NaN, infinite and null inputs instead of treating them as 0", () => {
    assert.throws(() => forward(net, [Number.NaN, 2]), /input\[0\] = NaN is not a finite number/);
    assert.throws(() => forward(net, [1, Number.POSITIVE_INFINITY]), /input\[1\] = Infinity is not a finite number/);
    assert.throws(() => forward(net, JSON.parse("[1, null]") as number[]), /input\[1\] = null is not a finite number/);
  });

  it("argmax returns the first maximum", () => {
    assert.equal(argmax([0, 3, 3, 1]), 1);
  });
});
