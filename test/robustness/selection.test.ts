import { strict as assert } from "node:assert";
import { selectBalanced, planDatasets } from "../../src/robustness/selection";
import { tinyNetwork } from "./tiny-network";

describe("seeded, digit-balanced image selection", () => {
  // 300 "images": label i % 10; image value encodes its index.
  const labels = Uint8Array.from({ length: 300 }, (_, i) => i % 10);

  it("takes total/10 per digit, reproducibly for a seed, only eligible images", () => {
    const a = selectBalanced(labels, { total: 50, seed: 1, eligible: (i) => i % 3 !== 0 });
    const b = selectBalanced(labels, { total: 50, seed: 1, eligible: (i) => i % 3 !== 0 });
    const c = selectBalanced(labels, { total: 50, seed: 2, eligible: (i) => i % 3 !== 0 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.equal(new Set(a).size, 50);
    const counts = new Array(10).fill(0);
    for (const i of a) {
      counts[labels[i]]++;
      assert.notEqual(i % 3, 0);
    }
    assert.deepEqual(counts, new Array(10).fill(5));
  });

  it("makes up for a digit with too few eligible images from the others", () => {
    const s = selectBalanced(labels, { total: 40, seed: 3, eligible: (i) => labels[i] !== 0 || i < 20 });
    const counts = new Array(10).fill(0);
    for (const i of s) counts[labels[i]]++;
    assert.equal(counts[0], 2);
    assert.equal(s.length, 40);
    assert.throws(() => selectBalanced(labels, { total: 40, seed: 3, eligible: (i) => i < 30 }), /only 30 of 40/);
  });

  it("plans the data sets: sources among the correct originals, misclassified ones apart", () => {
    // One input: the "network" predicts class round(9·x) clamped; images are x = label/9 except every 7th.
    const net = tinyNetwork("id", 10, [{ kernel: Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1 : 0))), bias: new Array(10).fill(0), activation: "relu" }]);
    const make = (n: number) => {
      const lab = Uint8Array.from({ length: n }, (_, i) => i % 10);
      const images = Array.from(lab, (l, i) => {
        const x = new Float64Array(10);
        x[i % 7 === 0 ? (l + 1) % 10 : l] = 1;
        return x;
      });
      return { images, labels: lab };
    };
    const train = make(200);
    const test = make(500);
    const plan = planDatasets(net, train, test, { trainSources: 20, testSources: 20, testCorrect: 100, testIncorrect: 30 });
    assert.equal(plan.trainSources.length, 20);
    assert.ok(plan.trainSources.every((i) => i % 7 !== 0));
    assert.ok(plan.testSources.every((i) => plan.testCorrect.includes(i)));
    assert.equal(new Set(plan.testCorrect).size, 100);
    assert.ok(plan.testIncorrect.every((i) => i % 7 === 0));
    assert.equal(plan.testIncorrect.length, 30);
  });
});
