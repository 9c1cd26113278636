import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial/find";
import type { PairedDifference } from "../../src/robustness/paired-distance";
import { checkComparisonExamples, stalePairedDifferences } from "../../src/robustness/comparison-check";
import { HighsSolver } from "../../src/solver/highs";
import { knapsackNetwork } from "../tools/known-networks"; // from x̃ = 0 (class 0) the minimal L1 to class 5 is 1.848

describe("notebook 07's closing checks (src/robustness/comparison-check.ts)", () => {
  const net = knapsackNetwork();
  const test = { images: [new Float32Array(4)], labels: [0] };

  it("passes a verified example of the right target and fails every broken one", async () => {
    const solver = await HighsSolver.create();
    const r = await findAdversarialExample(net, test.images[0], { label: 0, solver, timeLimit: 30 });
    const run = (result: typeof r, labels = test.labels) => checkComparisonExamples([{ name: "knapsack", net }], { knapsack: [result] }, [0], { images: test.images, labels });
    const ok = run(r);
    assert.deepEqual(ok, { lines: ["✓ knapsack, image 0: 0 → 5, L1 1.8480 (optimal)"], failures: 0 });
    assert.equal(run({ ...r, adversarial: null }).failures, 1, "no example");
    assert.equal(run({ ...r, verified: false }).failures, 1, "the solver's own check failed");
    assert.equal(run({ ...r, target: 6 }).failures, 1, "not the study's target");
    assert.equal(run({ ...r, adversarial: Float64Array.from([0, 0, 0, 0]) }).failures, 1, "the original is no example");
    // an image the network misclassifies is not in the study: the example itself as the "test image" of a 0 (it reads 5)
    const misread = checkComparisonExamples([{ name: "knapsack", net }], { knapsack: [r] }, [0], { images: [r.adversarial!], labels: [0] });
    assert.deepEqual(misread.failures, 1, "only the classification of the test image fails here");
    assert.deepEqual(checkComparisonExamples([{ name: "knapsack", net }], { knapsack: [] }, [0], test), { lines: ["✗ knapsack: 0 attacks for 1 images"], failures: 1 });
  });

  it("names quoted paired differences that are stale or missing", () => {
    const d: PairedDifference = { approach: "cr", baseline: "original", n: 100, meanDifference: 0.284, sd: 1, se: 0.1, ci95: [0.08, 0.49], relative: 0.1 };
    assert.deepEqual(stalePairedDifferences([d], { "cr − original": [0.28, 0.08, 0.49] }), []);
    assert.deepEqual(stalePairedDifferences([d], { "cr − original": [0.29, 0.08, 0.49] }), ["cr − original differs or is missing"]);
    assert.deepEqual(stalePairedDifferences([], { "pgd − original": [7.79, 6.41, 9.17] }), ["pgd − original differs or is missing"]);
  });
});
