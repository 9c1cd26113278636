import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { accuracy } from "../../src/dnn/accuracy";
import * as tf from "@tensorflow/tfjs";
import { formatNetwork, parseNetwork } from "../../src/dnn/load";
import { layerSizes } from "../../src/dnn/network";
import { dataFingerprint } from "../../src/train/checkpoint";
import { trainNetwork, type TrainOptions } from "../../src/train/train";

describe("trainNetwork", function () {
  this.timeout(120000);
  let train: MnistSet;
  let test: MnistSet;
  before(() => {
    train = loadMnist("train", { limit: 1000 });
    test = loadMnist("test", { limit: 1000 });
  });
  const base = (): TrainOptions => ({
    name: "tiny",
    architecture: [16, 10],
    data: train,
    epochs: 3,
    batchSize: 32,
    seed: 7,
    evaluateOn: { test, train },
  });

  it("improves accuracy over the untrained network in 3 epochs on 1,000 images, deterministically", async () => {
    const untrained = await trainNetwork({ ...base(), epochs: 0 });
    const epochs: number[] = [];
    const trained = await trainNetwork({ ...base(), onEpoch: (s) => epochs.push(s.epoch) });
    const again = await trainNetwork(base());
    assert.deepEqual(layerSizes(trained.network), [784, 16, 10]);
    assert.ok(trained.network.layers.every((l) => l.activation === "relu"));
    assert.deepEqual(epochs, [1, 2, 3]);
    const before = untrained.network.metrics.testAccuracy;
    const after = trained.network.metrics.testAccuracy;
    assert.ok(after > before + 0.3 && after > 0.6, `test accuracy ${before} -> ${after}`);
    assert.ok(trained.history[2].loss < trained.history[0].loss, "loss decreases");
    // metrics are the float64 accuracies on the evaluation sets
    assert.equal(trained.network.metrics.trainAccuracy, accuracy(trained.network, train));
    assert.equal(trained.network.training.trainingExamples, 1000);
    assert.equal(trained.network.training.seed, 7);
    // what re-deriving the network needs besides its settings: the data and the tfjs version
    assert.equal(trained.network.training.dataFingerprint, dataFingerprint(train));
    assert.equal(trained.network.training.tfjsVersion, tf.version_core);
    assert.deepEqual(parseNetwork(JSON.parse(formatNetwork(trained.network)), "t.json").training, trained.network.training);
    assert.deepEqual(again.network.layers, trained.network.layers, "same seed, same weights");
  });

  it("continues from initial weights (retraining) and keeps them with 0 epochs", async () => {
    const first = await trainNetwork(base());
    const kept = await trainNetwork({ ...base(), architecture: undefined, initial: first.network, epochs: 0 });
    assert.deepEqual(kept.network.layers, first.network.layers);
    assert.equal(kept.network.training.initialNetwork, "tiny");
    const more = await trainNetwork({ ...base(), architecture: undefined, initial: first.network, epochs: 2, seed: 8 });
    assert.ok(more.network.metrics.trainAccuracy >= first.network.metrics.trainAccuracy - 0.02);
    assert.notDeepEqual(more.network.layers, first.network.layers);
    // An epoch at a tiny learning rate stays next to the initial weights: training started from
    // them, not from a fresh initialisation (which would be ~0.1 away).
    const nudged = await trainNetwork({ ...base(), architecture: undefined, initial: first.network, epochs: 1, learningRate: 1e-7, seed: 9 });
    const flat = (n: typeof first.network): number[] => n.layers.flatMap((l) => [...l.kernel.flat(), ...l.bias]);
    const a = flat(nudged.network), b = flat(first.network);
    const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
    assert.ok(worst < 1e-4, `largest change ${worst}`);
  });

  it("a run killed after an epoch resumes from its checkpoint and ends within float32 rounding of the uninterrupted run", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "train-ckpt-"));
    const checkpoint = path.join(dir, "tiny.checkpoint.json");
    try {
      const whole = await trainNetwork(base());
      // "Kill" the run after epoch 2: onEpoch runs after the epoch's checkpoint is written.
      await assert.rejects(trainNetwork({ ...base(), checkpoint, onEpoch: (s) => { if (s.epoch === 2) throw new Error("killed"); } }), /killed/);
      assert.equal((JSON.parse(fs.readFileSync(checkpoint, "utf8")) as { epoch: number }).epoch, 2);
      const epochs: number[] = [];
      const resumed = await trainNetwork({ ...base(), checkpoint, onEpoch: (s) => epochs.push(s.epoch) });
      assert.equal(resumed.resumedEpochs, 2);
      assert.deepEqual(epochs, [3], "only the missing epoch is trained");
      assert.deepEqual(resumed.history.map((h) => h.epoch), [1, 2, 3]);
      // The weights after epoch 2 are restored exactly; tfjs' Adam then recomputes β^t by pow()
      // instead of the running product, which moves the third epoch's weights by float32 rounding.
      const flat = (r: typeof whole): number[] => r.network.layers.flatMap((l) => [...l.kernel.flat(), ...l.bias]);
      const a = flat(resumed), b = flat(whole);
      assert.equal(a.length, b.length);
      const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      assert.ok(worst < 1e-5, `largest difference from the uninterrupted run: ${worst}`);
      assert.ok(!fs.existsSync(checkpoint), "the checkpoint is removed once training completes");
      // A checkpoint of other settings is not resumed from.
      await assert.rejects(trainNetwork({ ...base(), checkpoint, onEpoch: (s) => { if (s.epoch === 1) throw new Error("killed"); } }), /killed/);
      const otherSeed = await trainNetwork({ ...base(), seed: 8, checkpoint });
      assert.equal(otherSeed.resumedEpochs, 0);
      const fresh = flat(await trainNetwork({ ...base(), seed: 8 }));
      assert.equal(flat(otherSeed).filter((v, i) => v !== fresh[i]).length, 0, "a fresh run, not a resumed one");
      assert.ok(Math.max(...fresh.map((v, i) => Math.abs(v - b[i]))) > 1e-2, "other seeds give other weights (the tolerance above means something)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses bad options, naming them", async () => {
    await assert.rejects(trainNetwork({ ...base(), batchSize: 0 }), /trainNetwork\(tiny\): batchSize must be an integer >= 1, got 0/);
    await assert.rejects(
      trainNetwork({ ...base(), data: { images: train.images.slice(0, 2), labels: [1, 12] } }),
      /label 1 is 12, expected 0-9/,
    );
    await assert.rejects(trainNetwork({ ...base(), architecture: undefined }), /give an architecture or an initial network/);
    const first = await trainNetwork({ ...base(), epochs: 0 });
    await assert.rejects(
      trainNetwork({ ...base(), initial: first.network, architecture: [8, 10] }),
      /architecture 8-10 differs from the initial network's 16-10/,
    );
  });
});
