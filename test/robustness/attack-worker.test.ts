import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial";
import { loadMnist } from "../../src/data/mnist";
import { classify } from "../../src/dnn/forward";
import { loadNetwork } from "../../src/dnn/load";
import { createJobHandler } from "../../src/robustness/attack-worker";
import { HighsSolver } from "../../src/solver/highs";

describe("the data-set attack worker (scripts/robustness-datasets.ts --workers)", () => {
  it("runs the thesis' minimal-L1 attack per job and returns a cloneable outcome equal to a direct solve", async () => {
    const handler = await createJobHandler({ network: "dnn1", bounds: "milp", timeLimit: 60 });
    const test = loadMnist("test", { limit: 5 });
    const index = test.images.findIndex((x, i) => classify(loadNetwork("dnn1"), x) === test.labels[i]);
    const label = test.labels[index];
    const job = { id: 7, label, target: (label + 5) % 10, pixels: Array.from(test.images[index]) };
    const out = await handler(job);
    assert.deepEqual(structuredClone(out), out, "plain data: it crosses the thread boundary unchanged");
    assert.equal(out.status, "optimal");
    assert.ok(out.verified && out.adversarial !== null && out.adversarial.length === 784);
    const direct = await findAdversarialExample(loadNetwork("dnn1"), test.images[index], { label, target: job.target, bounds: "milp", solver: await HighsSolver.create(), timeLimit: 60 });
    assert.ok(Math.abs(out.l1! - direct.l1!) <= 1e-6 * (1 + direct.l1!), `worker ${out.l1}, direct ${direct.l1}`);
  });
});
