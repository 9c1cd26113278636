import * as tf from "@tensorflow/tfjs";
import * as fs from "node:fs";
import { accuracy, type LabelledSet } from "../dnn/accuracy";
import { NETWORK_FORMAT, type Activation, type Network, type TrainingInfo } from "../dnn/network";
import { loadMnist } from "../data/mnist";
import { selectBackend, type BackendChoice, type BackendName } from "./backend";
import { checkpointedEpochs, dataFingerprint, trainingKey } from "./checkpoint";
import { permutation } from "./random";
import { buildModel, exportLayers, setModelWeights } from "./tf-model";

/**
 * Training of the thesis networks (thesis 3.1 and 4): a Keras-like stack of Dense layers, all
 * ReLU including the 10-unit output layer (so (7b)-(7d) hold for k = K), trained with Adam on
 * the softmax cross-entropy of the output activations x^K (the ReLU outputs are the logits),
 * with a fixed seed for the initial weights and for the order of the examples.
 */

/** Adam's default learning rate in Keras (and tfjs). */
export const DEFAULT_LEARNING_RATE = 0.001;

/** Progress after one epoch. */
export interface EpochStats {
  /** 1-based epoch number. */
  readonly epoch: number;
  readonly epochs: number;
  /** Mean softmax cross-entropy over the epoch's batches. */
  readonly loss: number;
  /** Fraction of the epoch's training examples classified correctly while training (float32). */
  readonly accuracy: number;
  /** Wall-clock seconds of this epoch. */
  readonly seconds: number;
  /**
   * CPU seconds (user + system) the process spent in this epoch: unlike `seconds`, it hardly
   * grows when other jobs share the machine (the wasm backend computes on one thread).
   */
  readonly cpuSeconds: number;
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

/** Options of {@link trainNetwork}. */
export interface TrainOptions {
  /** Name written into the network file (e.g. "dnn1"). */
  readonly name: string;
  /** Units n_1..n_K of every layer, output layer last (e.g. [8, 8, 8, 10]); may be omitted with `initial`. */
  readonly architecture?: readonly number[];
  /** Training examples: 784-pixel images and their labels 0-9. */
  readonly data: LabelledSet;
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam learning rate (default {@link DEFAULT_LEARNING_RATE}). */
  readonly learningRate?: number;
  /** Seed of the Glorot initialisers (layer k: seed + k) and of the shuffling. */
  readonly seed: number;
  /** Start from these weights instead of a random initialisation (retraining, thesis 3.4.1). */
  readonly initial?: Network;
  /** Force a backend (default: tensorflow, else wasm, else cpu). */
  readonly backend?: BackendName;
  /**
   * Sets on which the returned `metrics` are measured with the float64 forward pass
   * (default: the 10,000 MNIST test images and the 60,000 training images).
   */
  readonly evaluateOn?: { readonly test: LabelledSet; readonly train: LabelledSet };
  /** Called after every epoch (e.g. to print progress). */
  readonly onEpoch?: (stats: EpochStats) => void;
  /**
   * A checkpoint file (`checkpoint.ts`): written after every epoch, resumed from when it holds a
   * run with the same settings and data, removed at the end. Default: none.
   */
  readonly checkpoint?: string;
}

/** What {@link trainNetwork} returns. */
export interface TrainResult {
  /** The trained network in the `relu-mlp/1` format, metrics measured in float64. */
  readonly network: Network;
  readonly history: readonly EpochStats[];
  readonly backend: BackendChoice;
  /** Epochs taken from the checkpoint instead of being trained by this call (0 without one). */
  readonly resumedEpochs: number;
}

interface Prepared {
  readonly inputSize: number;
  readonly units: readonly number[];
  readonly activations: readonly Activation[];
}

function prepare(o: TrainOptions): Prepared {
  const fail = (msg: string): never => {
    throw new Error(`trainNetwork(${o.name}): ${msg}`);
  };
  if (!Number.isInteger(o.epochs) || o.epochs < 0) fail(`epochs must be an integer >= 0, got ${o.epochs}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) fail(`batchSize must be an integer >= 1, got ${o.batchSize}`);
  if (!Number.isInteger(o.seed) || o.seed < 0) fail(`seed must be an integer >= 0, got ${o.seed}`);
  const lr = o.learningRate ?? DEFAULT_LEARNING_RATE;
  if (!(lr > 0 && Number.isFinite(lr))) fail(`learningRate must be a positive number, got ${lr}`);
  const n = o.data.images.length;
  if (n === 0) fail("no training examples");
  if (o.data.labels.length !== n) fail(`${n} images but ${o.data.labels.length} labels`);
  const inputSize = o.initial?.inputSize ?? o.data.images[0].length;
  for (let i = 0; i < n; i++) {
    if (o.data.images[i].length !== inputSize) fail(`image ${i} has ${o.data.images[i].length} values, expected ${inputSize}`);
  }
  const fromInitial = o.initial?.layers.map((l) => l.bias.length);
  const units = o.architecture ?? fromInitial ?? fail("give an architecture or an initial network");
  if (fromInitial !== undefined && units.join("-") !== fromInitial.join("-")) {
    fail(`architecture ${units.join("-")} differs from the initial network's ${fromInitial.join("-")}`);
  }
  const classes = units[units.length - 1];
  for (let i = 0; i < n; i++) {
    const l = o.data.labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= classes) fail(`label ${i} is ${l}, expected 0-${classes - 1}`);
  }
  const activations: Activation[] = o.initial?.layers.map((l) => l.activation) ?? units.map(() => "relu");
  return { inputSize, units, activations };
}

/**
 * Trains a ReLU network with Adam and returns it in the network format, with
 * `metrics.testAccuracy` / `metrics.trainAccuracy` measured by the float64 forward pass.
 * Deterministic for a given seed, backend and data.
 * @throws Error naming the bad option (sizes, labels, epochs, ...)
 */
export async function trainNetwork(options: TrainOptions): Promise<TrainResult> {
  const p = prepare(options);
  const backend = await selectBackend(options.backend);
  const learningRate = options.learningRate ?? DEFAULT_LEARNING_RATE;
  const { images, labels } = options.data;
  const n = images.length;
  const classes = p.units[p.units.length - 1];
  const model = buildModel({ inputSize: p.inputSize, units: p.units, activations: p.activations, seed: options.seed });
  if (options.initial !== undefined) setModelWeights(model, options.initial.layers);
  const optimizer = tf.train.adam(learningRate);
  const file = options.checkpoint;
  const key = file === undefined ? "" : trainingKey({
    loop: "adam", name: options.name, units: p.units, activations: p.activations, seed: options.seed, learningRate,
    batchSize: options.batchSize, backend: backend.backend, initial: options.initial?.layers ?? null,
  }, options.data);
  const xBuf = new Float32Array(options.batchSize * p.inputSize);
  const yBuf = new Float32Array(options.batchSize * classes);
  try {
    // Inside the try: a checkpoint that fails to load must not leak the model and optimizer.
    const loop = { file, key, epochs: options.epochs, seed: options.seed, model, activations: p.activations, optimizer };
    const { history, seconds, resumedEpochs } = await checkpointedEpochs<EpochStats>(loop, (epoch, random) => {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      const order = permutation(n, random);
      let lossSum = 0;
      let correct = 0;
      for (let start = 0; start < n; start += options.batchSize) {
        const size = Math.min(options.batchSize, n - start);
        yBuf.fill(0);
        for (let b = 0; b < size; b++) {
          const i = order[start + b];
          xBuf.set(images[i], b * p.inputSize);
          yBuf[b * classes + labels[i]] = 1;
        }
        const xs = tf.tensor2d(xBuf.subarray(0, size * p.inputSize), [size, p.inputSize]);
        const ys = tf.tensor2d(yBuf.subarray(0, size * classes), [size, classes]);
        let predicted: tf.Tensor | undefined;
        const loss = optimizer.minimize(() => {
          const logits = model.apply(xs, { training: true }) as tf.Tensor2D;
          predicted = tf.keep(logits.argMax(1));
          return tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
        }, true);
        lossSum += (loss === null ? NaN : loss.dataSync()[0]) * size;
        const pred = predicted === undefined ? new Int32Array(0) : predicted.dataSync();
        for (let b = 0; b < size; b++) if (pred[b] === labels[order[start + b]]) correct++;
        tf.dispose([xs, ys, loss ?? [], predicted ?? []]);
      }
      return {
        epoch,
        epochs: options.epochs,
        loss: lossSum / n,
        accuracy: correct / n,
        seconds: (performance.now() - t0) / 1000,
        cpuSeconds: cpuSince(cpu0),
      };
    }, options.onEpoch);
    const layers = exportLayers(model, p.activations);
    const training: TrainingInfo = {
      epochs: options.epochs,
      batchSize: options.batchSize,
      optimizer: "adam",
      learningRate,
      seed: options.seed,
      backend: backend.backend,
      seconds: Math.round(seconds * 10) / 10,
      ...(options.initial !== undefined ? { initialNetwork: options.initial.name } : {}),
      ...(n !== 60000 ? { trainingExamples: n } : {}),
      dataFingerprint: dataFingerprint(options.data),
      tfjsVersion: tf.version_core,
    };
    const evaluation = options.evaluateOn ?? { test: loadMnist("test"), train: loadMnist("train") };
    const shape = { inputSize: p.inputSize, layers };
    const network: Network = {
      format: NETWORK_FORMAT,
      name: options.name,
      inputSize: p.inputSize,
      layers,
      training,
      metrics: { testAccuracy: accuracy(shape, evaluation.test), trainAccuracy: accuracy(shape, evaluation.train) },
    };
    if (file !== undefined) fs.rmSync(file, { force: true });
    return { network, history, backend, resumedEpochs };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
