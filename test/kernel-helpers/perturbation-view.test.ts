import { strict as assert } from "node:assert";
import { appendixCImages, normalise } from "../../kernel-helpers/perturbation-view";

describe("kernel-helpers/perturbation-view", () => {
  it("normalises to [0, 1] and keeps the original range", () => {
    const n = normalise([0.52, 1, 0.76]);
    assert.deepEqual(Array.from(n.pixels), [0, 1, 0.5]);
    assert.equal(n.min, 0.52);
    assert.equal(n.max, 1);
    assert.deepEqual(Array.from(normalise([2, 2]).pixels), [0.5, 0.5]);
  });

  it("draws p, q and p + q", () => {
    const images = appendixCImages({ p: Float64Array.from([1, 0.5]), q: Float64Array.from([0, 0.1]) });
    assert.equal(images.length, 3);
    assert.match(images[2].caption, /\[0\.60, 1\.00\]/);
    assert.doesNotMatch(images[0].caption, /constant/);
  });

  it("says so when an image is constant (the identity's p ≡ 1 would be a flat grey square)", () => {
    const images = appendixCImages({ p: Float64Array.from([1, 1]), q: Float64Array.from([0, 0.1]) });
    assert.match(images[0].caption, /p ⊙ 1 \(Fig\. 5\): \[1\.00, 1\.00\] — constant 1\.00 everywhere, nothing to see/);
    assert.doesNotMatch(images[1].caption, /constant/);
  });
});
