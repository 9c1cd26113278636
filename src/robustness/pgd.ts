import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { accuracy, type LabelledSet } from "../dnn/accuracy";
import { NETWORK_FORMAT, type Network } from "../dnn/network";
import { selectBackend, type BackendName } from "../train/backend";
import { checkpointedEpochs, dataFingerprint, trainingKey } from "../train/checkpoint";
import { permutation } from "../train/random";
import { buildModel, exportLayers, setModelWeights } from "../train/tf-model";

/**
 * Beyond the thesis: adversarial training with projected gradient descent (Madry et al. 2018).
 * Every batch is attacked by PGD inside the L∞ ball ‖x' − x‖∞ ≤ ε ∩ [0, 1]^784 (random start,
 * `steps` signed-gradient steps of size α, projection after each), and the network is trained on
 * a mix of clean and attacked examples with Adam on the softmax cross-entropy of its ReLU outputs
 * (the loss of `src/train/train.ts`).
 */

/** PGD attack parameters. */
export interface PgdAttackOptions {
  /** Radius ε of the L∞ ball (default 0.1). */
  readonly epsilon?: number;
  /** Number of gradient steps (default 5). */
  readonly steps?: number;
  /** Step size α (default 2.5·ε/steps, Madry et al.). */
  readonly stepSize?: number;
  /** Seed of the random start. */
  readonly seed?: number;
}

/**
 * PGD on a batch: returns x' in the ε-ball around `xs` and in [0, 1] that (locally) maximises the
 * cross-entropy of `model` for the one-hot labels `ys`. The caller disposes the result.
 */
export function pgdAttack(model: tf.LayersModel, xs: tf.Tensor2D, ys: tf.Tensor2D, options: PgdAttackOptions = {}): tf.Tensor2D {
  const eps = options.epsilon ?? 0.1;
  const steps = options.steps ?? 5;
  const alpha = options.stepSize ?? (2.5 * eps) / steps;
  return tf.tidy(() => {
    const lower = tf.maximum(xs.sub(eps), 0);
    const upper = tf.minimum(xs.add(eps), 1);
    let adv = tf.minimum(tf.maximum(xs.add(tf.randomUniform(xs.shape, -eps, eps, "float32", options.seed)), lower), upper) as tf.Tensor2D;
    const lossOf = (x: tf.Tensor2D): tf.Scalar => tf.losses.softmaxCrossEntropy(ys, model.apply(x) as tf.Tensor2D) as tf.Scalar;
    const grad = tf.grad((x: tf.Tensor) => lossOf(x as tf.Tensor2D));
    for (let s = 0; s < steps; s++) {
      const g = grad(adv);
      adv = tf.minimum(tf.maximum(adv.add(g.sign().mul(alpha)), lower), upper) as tf.Tensor2D;
    }
    return adv;
  });
}

/** Options of {@link trainPgd}. */
export interface PgdTrainOptions extends PgdAttackOptions {
  readonly name: string;
  /** Units n_1..n_K (ignored with `initial`, whose shape is used). */
  readonly architecture?: readonly number[];
  /** Start from these weights (fine-tuning) instead of a seeded Glorot initialisation. */
  readonly initial?: Network;
  readonly data: LabelledSet;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate?: number;
  readonly seed: number;
  /** Weight of the adversarial loss; 1 − mix goes to the clean loss (default 0.5). */
  readonly mix?: number;
  readonly backend?: BackendName;
  /** Where `metrics` are measured (float64 forward pass). */
  readonly evaluateOn: { readonly test: LabelledSet; readonly train: LabelledSet };
  readonly onEpoch?: (epoch: number, loss: number, seconds: number) => void;
  /** A per-epoch checkpoint file (`src/train/checkpoint.ts`): resumed from with the same settings, removed at the end. */
  readonly checkpoint?: string;
}

/** Trains a network with PGD adversarial training and returns it in the `relu-mlp/1` format. */
export async function trainPgd(options: PgdTrainOptions): Promise<Network> {
  const backend = await selectBackend(options.backend);
  const inputSize = options.data.images[0]?.length ?? 0;
  if (inputSize === 0) throw new Error("trainPgd: no training data");
  const units = options.initial?.layers.map((l) => l.bias.length) ?? options.architecture;
  if (units === undefined) throw new Error("trainPgd: give architecture or initial");
  const activations = options.initial?.layers.map((l) => l.activation) ?? units.map(() => "relu" as const);
  const model = buildModel({ inputSize, units, activations, seed: options.seed });
  if (options.initial !== undefined) setModelWeights(model, options.initial.layers);
  const lr = options.learningRate ?? 0.001;
  const optimizer = tf.train.adam(lr);
  const mix = options.mix ?? 0.5;
  const classes = units[units.length - 1];
  const file = options.checkpoint;
  const key = file === undefined ? "" : trainingKey({
    loop: "adam+pgd", name: options.name, units, activations, seed: options.seed, learningRate: lr, batchSize: options.batchSize, mix,
    epsilon: options.epsilon ?? null, steps: options.steps ?? null, stepSize: options.stepSize ?? null, backend: backend.backend, initial: options.initial?.layers ?? null,
  }, options.data);
  const n = options.data.images.length;
  try {
    // Inside the try: a checkpoint that fails to load must not leak the model and optimizer.
    const loop = { file, key, epochs: options.epochs, seed: options.seed, model, activations, optimizer };
    let epochStarted = 0;
    const { seconds } = await checkpointedEpochs<{ epoch: number; loss: number }>(loop, (epoch, random) => {
      epochStarted = performance.now();
      const order = permutation(n, random);
      let lossSum = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const size = Math.min(options.batchSize, n - start);
        const xBuf = new Float32Array(size * inputSize);
        const yBuf = new Float32Array(size * classes);
        for (let b = 0; b < size; b++) {
          const i = order[start + b];
          xBuf.set(options.data.images[i], b * inputSize);
          yBuf[b * classes + options.data.labels[i]] = 1;
        }
        const xs = tf.tensor2d(xBuf, [size, inputSize]);
        const ys = tf.tensor2d(yBuf, [size, classes]);
        const adv = pgdAttack(model, xs, ys, { ...options, seed: Math.floor(random() * 2 ** 31) });
        const loss = optimizer.minimize(() => {
          const clean = tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor2D);
          const attacked = tf.losses.softmaxCrossEntropy(ys, model.apply(adv, { training: true }) as tf.Tensor2D);
          return clean.mul(1 - mix).add(attacked.mul(mix)) as tf.Scalar;
        }, true);
        lossSum += (loss === null ? NaN : loss.dataSync()[0]) * size;
        tf.dispose([xs, ys, adv, loss ?? []]);
      }
      return { epoch, loss: lossSum / n };
    }, (e) => options.onEpoch?.(e.epoch, e.loss, (performance.now() - epochStarted) / 1000));
    if (file !== undefined) fs.rmSync(file, { force: true });
    const layers = exportLayers(model, activations);
    const shape = { inputSize, layers };
    return {
      format: NETWORK_FORMAT,
      name: options.name,
      inputSize,
      layers,
      training: {
        epochs: options.epochs,
        batchSize: options.batchSize,
        optimizer: `adam+pgd(eps=${options.epsilon ?? 0.1},steps=${options.steps ?? 5},mix=${mix})`,
        learningRate: lr,
        seed: options.seed,
        backend: backend.backend,
        seconds: Math.round(seconds * 10) / 10,
        ...(options.initial !== undefined ? { initialNetwork: options.initial.name } : {}),
        ...(n !== 60000 ? { trainingExamples: n } : {}),
        dataFingerprint: dataFingerprint(options.data),
        tfjsVersion: tf.version_core,
      },
      metrics: { testAccuracy: accuracy(shape, options.evaluateOn.test), trainAccuracy: accuracy(shape, options.evaluateOn.train) },
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
