import { strict as assert } from "node:assert";
import { loadNetwork } from "../../src/dnn/load";
import { loadMnist } from "../../src/data/mnist";
import { classify } from "../../src/dnn/forward";
import { computeBounds } from "../../src/bounds/compute";
import { liveAdversarialEntries } from "../../src/robustness/live-sample";
import { HighsSolver } from "../../src/solver/highs";

describe("robustness/live-sample", () => {
  it("labels verified adversarial examples with the source digit; DNN1 reads them as the target", async () => {
    const net = loadNetwork("dnn1");
    const test = loadMnist("test", { limit: 1 });
    const solver = await HighsSolver.create();
    const bounds = await computeBounds(net, { method: "interval" });
    const target = (test.labels[0] + 5) % 10;
    const { entries, results } = await liveAdversarialEntries(net, test, "test", 0, [target], { bounds, solver, timeLimit: 60 });
    assert.equal(results.length, 1);
    assert.equal(entries.length, 1, results[0].message);
    const e = entries[0];
    assert.equal(e.kind, "adversarial");
    assert.equal(e.label, test.labels[0]);
    assert.equal(e.target, target);
    assert.equal(classify(net, e.pixels), target);
  });
});
