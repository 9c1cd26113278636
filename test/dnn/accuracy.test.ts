import { strict as assert } from "node:assert";
import { accuracy } from "../../src/dnn/accuracy";

describe("accuracy", () => {
  // Output unit j = input j: the predicted class is the index of the largest input.
  const net = {
    inputSize: 2,
    layers: [{ kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" as const }],
  };

  it("is the fraction of inputs whose argmax equals the label", () => {
    const set = { images: [[1, 0], [0, 1], [2, 1], [0, 3]], labels: [0, 1, 1, 1] };
    assert.equal(accuracy(net, set), 0.75);
  });

  it("refuses an empty set and mismatched lengths", () => {
    assert.throws(() => accuracy(net, { images: [], labels: [] }), /the set is empty/);
    assert.throws(() => accuracy(net, { images: [[1, 0]], labels: [0, 1] }), /1 images but 2 labels/);
  });
});
