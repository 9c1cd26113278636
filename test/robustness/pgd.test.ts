import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadMnist } from "../../src/data/mnist";
import { parseNetwork } from "../../src/dnn/load";
import { pgdAttack, trainPgd } from "../../src/robustness/pgd";
import { selectBackend } from "../../src/train/backend";
import { buildModel } from "../../src/train/tf-model";

describe("PGD adversarial training (beyond the thesis)", function () {
  this.timeout(60000);
  const mnist = loadMnist("test", { limit: 64 });

  it("PGD stays in the ε-ball and [0, 1] and raises the loss", async () => {
    await selectBackend();
    const model = buildModel({ inputSize: 784, units: [16, 10], activations: ["relu", "relu"], seed: 3 });
    const xs = tf.tensor2d(mnist.images.map((x) => Array.from(x)));
    const ys = tf.oneHot(tf.tensor1d(Array.from(mnist.labels), "int32"), 10).toFloat() as tf.Tensor2D;
    const adv = pgdAttack(model, xs, ys, { epsilon: 0.1, steps: 5, seed: 1 });
    const x = xs.arraySync();
    const a = adv.arraySync();
    let maxDev = 0;
    for (let i = 0; i < x.length; i++)
      for (let j = 0; j < 784; j++) {
        maxDev = Math.max(maxDev, Math.abs(a[i][j] - x[i][j]));
        assert.ok(a[i][j] >= 0 && a[i][j] <= 1);
      }
    assert.ok(maxDev <= 0.1 + 1e-6 && maxDev > 0.05, `max deviation ${maxDev}`);
    const loss = (t: tf.Tensor2D) => (tf.losses.softmaxCrossEntropy(ys, model.predict(t) as tf.Tensor2D) as tf.Scalar).dataSync()[0];
    assert.ok(loss(adv) > loss(xs), `adversarial loss ${loss(adv)} <= clean ${loss(xs)}`);
    tf.dispose([xs, ys, adv]);
    model.dispose();
  });

  it("trains a network in the relu-mlp/1 format", async () => {
    const net = await trainPgd({
      name: "pgd-tiny",
      architecture: [8, 10],
      data: mnist,
      epochs: 1,
      batchSize: 32,
      seed: 2,
      epsilon: 0.1,
      steps: 2,
      evaluateOn: { test: mnist, train: mnist },
    });
    assert.equal(net.layers.length, 2);
    assert.equal(net.layers[0].kernel.length, 784);
    assert.ok(net.layers.every((l) => l.bias.every(Number.isFinite)));
    assert.match(net.training.optimizer, /pgd/);
    assert.ok(net.metrics.testAccuracy >= 0 && net.metrics.testAccuracy <= 1);
    // The file format every other network is read in: it parses back to the same network.
    assert.deepEqual(parseNetwork(JSON.parse(JSON.stringify(net)), "pgd-tiny"), JSON.parse(JSON.stringify(net)));
  });

  it("resumes a killed PGD training from its per-epoch checkpoint", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgd-ckpt-"));
    try {
      const checkpoint = path.join(dir, "pgd.train-checkpoint.json");
      const options = { name: "pgd-tiny", architecture: [8, 10], data: mnist, epochs: 2, batchSize: 32, seed: 2, epsilon: 0.1, steps: 2, evaluateOn: { test: mnist, train: mnist } };
      const whole = await trainPgd(options);
      await assert.rejects(trainPgd({ ...options, checkpoint, onEpoch: () => { throw new Error("killed"); } }), /killed/);
      const epochs: number[] = [];
      const resumed = await trainPgd({ ...options, checkpoint, onEpoch: (e) => epochs.push(e) });
      assert.deepEqual(epochs, [2], "epoch 1 came from the checkpoint");
      const flat = (n: typeof whole): number[] => n.layers.flatMap((l) => [...l.kernel.flat(), ...l.bias]);
      const a = flat(resumed), b = flat(whole);
      const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      assert.ok(worst < 1e-5, `largest difference from the uninterrupted run: ${worst}`);
      assert.ok(!fs.existsSync(checkpoint));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
