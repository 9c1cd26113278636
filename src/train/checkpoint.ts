import * as tf from "@tensorflow/tfjs";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import type { LabelledSet } from "../dnn/accuracy";
import type { Activation, DenseLayer } from "../dnn/network";
import { writeFileAtomic } from "../store/atomic-file";
import { seededRandom, type SeededRandom } from "./random";
import { exportLayers, setModelWeights } from "./tf-model";

/**
 * Per-epoch checkpoints of a training loop (`trainNetwork`, `trainPgd`), so that a killed run
 * loses at most the epoch in flight. After every epoch the file holds the model's weights, Adam's
 * state (moments and step count), the position of the seeded generator that orders the examples,
 * and the epochs' history; a run started again with the same settings continues from it with
 * exactly the saved weights and moments (float32 values survive JSON exactly) and ends within
 * float32 rounding of an uninterrupted run (tfjs' Adam recomputes β₁^t, β₂^t by pow() on restore
 * instead of its running product: measured ≤ 1.2e-7 per weight after one more epoch). The
 * file is written atomically and removed when training completes. A checkpoint made with other
 * settings (its `key`) is ignored and overwritten.
 */

/** File format tag of a training checkpoint. */
export const TRAINING_CHECKPOINT_FORMAT = "relu-train-checkpoint/1";

/** One saved optimizer variable. */
interface SavedTensor {
  readonly name: string;
  readonly shape: number[];
  readonly values: number[];
}

/** What a checkpoint file holds; `H` is the loop's per-epoch history entry. */
interface CheckpointFile<H> {
  readonly format: typeof TRAINING_CHECKPOINT_FORMAT;
  readonly key: string;
  readonly epoch: number;
  readonly randomState: number;
  readonly seconds: number;
  readonly layers: DenseLayer[];
  readonly optimizer: SavedTensor[];
  readonly history: H[];
}

/** Where a resumed loop continues. */
export interface Resumed<H> {
  /** Epochs already done (the loop continues with epoch + 1). */
  readonly epoch: number;
  /** The generator, at its position after `epoch` epochs. */
  readonly random: SeededRandom;
  /** Training seconds of the epochs already done. */
  readonly seconds: number;
  /** The loop's per-epoch entries of those epochs. */
  readonly history: H[];
}

/**
 * A hash of everything that determines a training run's sequence of weights: the caller's settings
 * (name, architecture, seed, learning rate, batch size, backend, method options, initial network)
 * and the training data itself (pixels and labels).
 */
export function trainingKey(settings: Readonly<Record<string, unknown>>, data: LabelledSet): string {
  const h = createHash("sha256");
  h.update(JSON.stringify(settings));
  hashData(h, data);
  return h.digest("hex").slice(0, 24);
}

/**
 * A short SHA-256 fingerprint of training data (pixels as float32, labels), stored with a trained
 * network (`training.dataFingerprint`), so that a network retrained on a regenerated data set can
 * be told from the one committed.
 */
export function dataFingerprint(data: LabelledSet): string {
  const h = createHash("sha256");
  hashData(h, data);
  return h.digest("hex").slice(0, 16);
}

function hashData(h: ReturnType<typeof createHash>, data: LabelledSet): void {
  for (let i = 0; i < data.images.length; i++) {
    const image = data.images[i];
    h.update(image instanceof Float32Array ? Buffer.from(image.buffer, image.byteOffset, image.byteLength) : Buffer.from(Float32Array.from(image).buffer));
  }
  h.update(Buffer.from(Int32Array.from(data.labels).buffer));
}

/**
 * Restores `model` and `optimizer` from `file` when it holds a checkpoint with this `key` and at
 * most `epochs` epochs; returns where to continue, or null (no file, other settings: start afresh).
 */
export async function resumeTraining<H>(file: string, key: string, epochs: number, model: tf.Sequential, optimizer: tf.Optimizer): Promise<Resumed<H> | null> {
  if (!fs.existsSync(file)) return null;
  let saved: CheckpointFile<H>;
  try {
    saved = JSON.parse(fs.readFileSync(file, "utf8")) as CheckpointFile<H>;
  } catch {
    return null; // unreadable: written by something else; it will be overwritten
  }
  if (saved.format !== TRAINING_CHECKPOINT_FORMAT || saved.key !== key || !(saved.epoch >= 1 && saved.epoch <= epochs)) return null;
  setModelWeights(model, saved.layers);
  const tensors = saved.optimizer.map((t) => ({ name: t.name, tensor: tf.tensor(t.values, t.shape) }));
  try {
    await optimizer.setWeights(tensors);
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
  return { epoch: saved.epoch, random: seededRandom(0, saved.randomState), seconds: saved.seconds, history: saved.history };
}

/** Writes the state after `epoch` epochs to `file` atomically. */
export async function saveTrainingCheckpoint<H>(
  file: string,
  key: string,
  state: { epoch: number; model: tf.Sequential; activations: readonly Activation[]; optimizer: tf.Optimizer; random: SeededRandom; seconds: number; history: readonly H[] },
): Promise<void> {
  const named = await state.optimizer.getWeights();
  const optimizer = named.map((t) => ({ name: t.name, shape: t.tensor.shape.slice(), values: Array.from(t.tensor.dataSync()) }));
  tf.dispose(named.filter((t) => t.name === "iter").map((t) => t.tensor)); // a fresh scalar; the rest are the optimizer's own variables
  const saved: CheckpointFile<H> = {
    format: TRAINING_CHECKPOINT_FORMAT,
    key,
    epoch: state.epoch,
    randomState: state.random.state(),
    seconds: state.seconds,
    layers: exportLayers(state.model, state.activations),
    optimizer,
    history: [...state.history],
  };
  writeFileAtomic(file, JSON.stringify(saved));
}

/** The loop state {@link checkpointedEpochs} resumes, saves and continues. */
export interface EpochLoop {
  /** Checkpoint file, or undefined for a loop without checkpoints. */
  readonly file: string | undefined;
  /** {@link trainingKey} of the run's settings and data. */
  readonly key: string;
  readonly epochs: number;
  /** Seed of the generator that orders the examples (used when nothing is resumed). */
  readonly seed: number;
  readonly model: tf.Sequential;
  readonly activations: readonly Activation[];
  readonly optimizer: tf.Optimizer;
}

/** What {@link checkpointedEpochs} did: every epoch's entry (resumed ones first), seconds of all epochs, epochs resumed. */
export interface EpochLoopResult<H> {
  readonly history: H[];
  readonly seconds: number;
  readonly resumedEpochs: number;
}

/**
 * The epochs of a training loop with per-epoch checkpoints: resumes from `loop.file` when it holds
 * this run's checkpoint, then for each remaining epoch runs `trainEpoch` (with the seeded
 * generator at its position), saves the checkpoint, and calls `onEpoch`. The caller removes the
 * file once it has its network. Seconds include the resumed epochs' seconds.
 */
export async function checkpointedEpochs<H>(
  loop: EpochLoop,
  trainEpoch: (epoch: number, random: SeededRandom) => H | Promise<H>,
  onEpoch?: (entry: H) => void,
): Promise<EpochLoopResult<H>> {
  const { file, key, model, optimizer, activations } = loop;
  const resumed = file === undefined ? null : await resumeTraining<H>(file, key, loop.epochs, model, optimizer);
  const random = resumed?.random ?? seededRandom(loop.seed);
  const history: H[] = [...(resumed?.history ?? [])];
  const started = performance.now() - 1000 * (resumed?.seconds ?? 0);
  const seconds = (): number => (performance.now() - started) / 1000;
  for (let epoch = (resumed?.epoch ?? 0) + 1; epoch <= loop.epochs; epoch++) {
    history.push(await trainEpoch(epoch, random));
    if (file !== undefined) await saveTrainingCheckpoint(file, key, { epoch, model, activations, optimizer, random, seconds: seconds(), history });
    onEpoch?.(history[history.length - 1]);
  }
  return { history, seconds: seconds(), resumedEpochs: resumed?.epoch ?? 0 };
}
