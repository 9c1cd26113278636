import { strict as assert } from "node:assert";
import type { DatasetEntry } from "../../src/robustness/dataset";
import { quantile } from "../../src/bench/statistics";
import { adversarialL1Distribution } from "../../src/robustness/l1-distribution";

const adversarial = (index: number, l1: number | undefined): DatasetEntry => ({
  kind: "adversarial", split: "train", index, label: 3, target: 8, pixels: new Float64Array(784), ...(l1 === undefined ? {} : { l1 }),
});
const original = (index: number): DatasetEntry => ({ kind: "original-correct", split: "train", index, label: 3, pixels: new Float64Array(784) });

describe("robustness/l1-distribution (how minimal a data set's adversarial examples are)", () => {
  it("interpolates quantiles between order statistics like numpy's default", () => {
    const v = [1, 2, 4, 8];
    assert.equal(quantile(v, 0), 1);
    assert.equal(quantile(v, 1), 8);
    assert.equal(quantile(v, 0.5), 3, "h = 1.5: halfway between 2 and 4");
    assert.equal(quantile(v, 0.25), 1.75, "h = 0.75");
    assert.equal(quantile([5], 0.9), 5);
    assert.throws(() => quantile([], 0.5), /no values/);
    assert.throws(() => quantile(v, 1.5), /p must be in \[0, 1\]/);
  });

  it("summarises the adversarial examples only and names the largest", () => {
    const set = [original(0), adversarial(1, 2), adversarial(2, 40), adversarial(3, 1), adversarial(4, 17), original(5)];
    const d = adversarialL1Distribution(set, { probabilities: [0.5], threshold: 15 });
    assert.equal(d.count, 4);
    assert.equal(d.mean, 15);
    assert.deepEqual([d.min, d.max], [1, 40]);
    assert.deepEqual(d.quantiles, [{ p: 0.5, value: 9.5 }]);
    assert.equal(d.largest.entry.index, 2);
    assert.equal(d.largest.l1, 40);
    assert.equal(d.above, 2);
    assert.equal(adversarialL1Distribution(set).quantiles.length, 6, "default: 10 %, quartiles, 90 %, 99 %");
  });

  it("refuses a set without adversarial examples or an example without its distance", () => {
    assert.throws(() => adversarialL1Distribution([original(0)]), /no adversarial example/);
    assert.throws(() => adversarialL1Distribution([adversarial(1, 2), adversarial(7, undefined)]), /train\/7 → 8 has no l1/);
  });
});
