import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findAdversarialExample } from "../../src/adversarial";
import { intervalBounds } from "../../src/bounds/interval";
import { loadMnist } from "../../src/data/mnist";
import { classify } from "../../src/dnn/forward";
import { DatasetWriter, readDataset } from "../../src/robustness/dataset";
import { generateDataset, sequentialRunner } from "../../src/robustness/generate";
import { HighsSolver } from "../../src/solver/highs";
import { tinyNetwork } from "./tiny-network";

describe("adversarial data-set generation (resumable, verified)", function () {
  this.timeout(60000);

  /**
   * A small 784-6-10 network with deterministic weights; "labels" are its own predictions for
   * images 0-3 (correct originals) and a different digit for image 4 (misclassified).
   */
  function setup() {
    const w = (i: number, j: number, s: number) => Math.sin(13 * i + 7 * j + s) * 0.2;
    const net = tinyNetwork("gen", 784, [
      { kernel: Array.from({ length: 784 }, (_, i) => Array.from({ length: 6 }, (_, j) => w(i, j, 1))), bias: new Array(6).fill(0.1), activation: "relu" },
      { kernel: Array.from({ length: 6 }, (_, i) => Array.from({ length: 10 }, (_, j) => w(i, j, 2) * 5)), bias: new Array(10).fill(0), activation: "relu" },
    ]);
    const mnist = loadMnist("test", { limit: 5 });
    const labels = Uint8Array.from(mnist.images, (img) => classify(net, img));
    labels[4] = (labels[4] + 1) % 10;
    const set = { images: mnist.images, labels };
    const plan = { trainSources: [], testSources: [0], testCorrect: [0, 1, 2, 3], testIncorrect: [4] };
    return { net, labels, set, plan };
  }

  it("leaves out an example the attack calls verified that the stored pixels do not classify as the target", async () => {
    const { net, set, plan } = setup();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "robust-gen-"));
    try {
      const file = path.join(dir, "gen-test.jsonl");
      const writer = new DatasetWriter(file);
      // An attack that claims success but returns the unchanged image (still classified as its label).
      const liar = sequentialRunner(async (image) => ({ status: "optimal", adversarial: Float64Array.from(image), verified: true, l1: 0, seconds: 0 }));
      const s = await generateDataset(net, "test", set, plan, writer, liar, undefined, (label) => [(label + 5) % 10, (label + 9) % 10]);
      writer.close();
      assert.equal(s.failed.length, 2, "both claimed examples rejected");
      assert.match(s.failed[0], /^test\/0 \d->\d \(optimal\)$/);
      const entries = readDataset(file);
      assert.equal(entries.filter((e) => e.kind === "adversarial").length, 0);
      assert.equal(entries.length, 5, "the five originals are still written");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes verified examples labelled with the source digit, and a rerun skips them", async () => {
    const { net, labels, set, plan } = setup();
    const bounds = { network: net.name, method: "interval" as const, seconds: 0, inputDomain: { lower: 0, upper: 1 }, layers: intervalBounds(net, { lower: 0, upper: 1 }) };
    const solver = await HighsSolver.create();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "robust-gen-"));
    try {
      const file = path.join(dir, "gen-test.jsonl");
      const attack = (image: Float64Array, label: number, target: number) => findAdversarialExample(net, image, { label, target, bounds, solver, timeLimit: 10 });
      const w1 = new DatasetWriter(file);
      // Two of the nine targets keep the test short (one attack takes seconds on this network).
      const targets = (label: number) => [(label + 5) % 10, (label + 9) % 10];
      const s1 = await generateDataset(net, "test", set, plan, w1, sequentialRunner(attack), undefined, targets);
      w1.close();
      assert.equal(s1.written + s1.failed.length, 5 + 2);
      const entries = readDataset(file);
      const adv = entries.filter((e) => e.kind === "adversarial");
      assert.ok(adv.length >= 1, `no adversarial example written; failed: ${s1.failed.join(", ")}`);
      for (const e of adv) {
        assert.equal(e.label, labels[0]);
        assert.equal(classify(net, e.pixels), e.target);
        assert.ok(e.l1 !== undefined && e.l1 > 0);
      }
      assert.equal(entries.filter((e) => e.kind === "original-incorrect").length, 1);
      const w2 = new DatasetWriter(file);
      let attacks = 0;
      const s2 = await generateDataset(net, "test", set, plan, w2, sequentialRunner(async (image, label, target) => {
        attacks++;
        return attack(image, label, target);
      }), undefined, targets);
      w2.close();
      assert.equal(s2.skipped, s1.written);
      assert.equal(attacks, s1.failed.length);
      // Another plan (another seed) must not resume into this file.
      const w3 = new DatasetWriter(file);
      const other = { ...plan, testCorrect: [1, 2, 3] };
      await assert.rejects(generateDataset(net, "test", set, other, w3, sequentialRunner(attack), undefined, targets), /holds 1 test entries this plan does not \(e\.g\. original-correct\/test\/0\/-\)/);
      w3.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
