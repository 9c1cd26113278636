import { strict as assert } from "node:assert";
import { loadMnist, MNIST_PIXELS } from "../../src/data/mnist";

describe("loadMnist", () => {
  it("loads the 10,000 test images as 784 pixels in [0, 1] with labels 0-9", () => {
    const set = loadMnist("test");
    assert.equal(set.split, "test");
    assert.equal(set.images.length, 10000);
    assert.equal(set.labels.length, 10000);
    let min = Infinity;
    let max = -Infinity;
    for (const img of set.images.slice(0, 200)) {
      assert.equal(img.length, MNIST_PIXELS);
      for (const p of img) {
        min = Math.min(min, p);
        max = Math.max(max, p);
      }
    }
    assert.equal(min, 0);
    assert.equal(max, 1);
    const counts = new Array(10).fill(0);
    for (const l of set.labels) counts[l]++;
    // The MNIST test set holds 980 zeros and 1135 ones.
    assert.equal(counts[0], 980);
    assert.equal(counts[1], 1135);
  });

  it("loads the 60,000 training images, first label 5", () => {
    const set = loadMnist("train", { limit: 60000 });
    assert.equal(set.images.length, 60000);
    assert.equal(set.labels[0], 5);
  });

  it("honours limit and shows a recognisable digit", () => {
    const set = loadMnist("test", { limit: 3 });
    assert.equal(set.images.length, 3);
    assert.deepEqual(Array.from(set.labels), [7, 2, 1]);
    // The first test image is a 7: ink in the upper rows, blank corners.
    const img = set.images[0];
    assert.equal(img[0], 0);
    assert.ok(img.slice(7 * 28, 9 * 28).some((p) => p > 0.9));
  });

  it("rejects a bad split or limit", () => {
    assert.throws(() => loadMnist("valid" as "test"), /split must be "train" or "test", got "valid"/);
    assert.throws(() => loadMnist("test", { limit: -1 }), /limit must be a non-negative integer, got -1/);
  });
});
