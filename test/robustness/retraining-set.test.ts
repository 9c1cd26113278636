import { strict as assert } from "node:assert";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/paths";
import { readDataset } from "../../src/robustness/dataset";
import { retrainingSet } from "../../src/robustness/retraining-set";

describe("retraining data (thesis 3.4.1: CR, PR adversarial only, PR mixed)", () => {
  const entries = readDataset(path.join(PROJECT_ROOT, "data", "adversarial", "dnn1-train.jsonl"));
  const adversarial = entries.filter((e) => e.kind === "adversarial");
  const originals = entries.filter((e) => e.kind === "original-correct");
  // Three stand-in MNIST images: CR puts the whole training set first.
  const mnist = { images: [new Float32Array(784), new Float32Array(784).fill(0.5), new Float32Array(784).fill(1)], labels: Uint8Array.from([3, 1, 4]) };

  it("builds each approach from the committed adversarial training set, labelled with the source digit", () => {
    assert.deepEqual([adversarial.length, originals.length], [450, 50], "the thesis' 450 examples and their 50 originals");
    const cr = retrainingSet("cr", mnist, entries);
    assert.equal(cr.images.length, 3 + 450);
    assert.deepEqual(Array.from(cr.labels.slice(0, 3)), [3, 1, 4]);
    assert.equal(cr.images[0], mnist.images[0]);
    const adv = retrainingSet("pr-adv", mnist, entries);
    assert.equal(adv.images.length, 450, "PR on the adversarial examples only: no MNIST image, no original");
    const mixed = retrainingSet("pr-mixed", mnist, entries);
    assert.equal(mixed.images.length, 500);
    // Each adversarial example keeps its source digit d̃ as the label, never its target.
    adversarial.forEach((e, i) => {
      assert.equal(adv.labels[i], e.label);
      assert.notEqual(adv.labels[i], e.target);
      assert.equal(adv.images[i], e.pixels);
      assert.equal(cr.labels[3 + i], e.label);
    });
    // The originals of "mixed" are the sources of the adversarial examples.
    const sources = new Set(adversarial.map((e) => e.index));
    assert.deepEqual(new Set(originals.map((e) => e.index)), sources);
    assert.deepEqual(mixed.images.slice(450), originals.map((e) => e.pixels));
  });

  it("refuses a set without adversarial examples or with test entries", () => {
    assert.throws(() => retrainingSet("pr-adv", mnist, originals), /holds no adversarial example/);
    assert.throws(() => retrainingSet("cr", mnist, [...entries, { ...originals[0], split: "test" }]), /original-correct\/test\/\d+ is not of the training split/);
  });
});
