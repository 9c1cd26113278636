import * as tf from "@tensorflow/tfjs";
import type { Activation, DenseLayer, Network } from "../dnn/network";

/**
 * The bridge between the `relu-mlp/1` format and a tfjs (Keras-like) sequential model of
 * Dense layers: build one from an architecture or from a network's weights, and export its
 * weights back (kernel in Keras layout, kernel[i][j] = weight from input i to unit j).
 */

/** How to initialise a new model. */
export interface ModelInit {
  /** Number of inputs n_0 (784 for MNIST). */
  readonly inputSize: number;
  /** Units n_1..n_K of every layer, the output layer last. */
  readonly units: readonly number[];
  /** Activation of every layer (thesis networks: all "relu", the output layer included). */
  readonly activations: readonly Activation[];
  /** Seed of the Glorot-uniform kernel initialisers (layer k uses seed + k); biases start at 0. */
  readonly seed: number;
}

/** A new sequential model with seeded Glorot-uniform kernels and zero biases. */
export function buildModel(init: ModelInit): tf.Sequential {
  if (init.units.length === 0 || init.units.length !== init.activations.length) {
    throw new Error(`buildModel: ${init.units.length} layer sizes but ${init.activations.length} activations`);
  }
  const model = tf.sequential();
  init.units.forEach((units, k) => {
    if (!Number.isInteger(units) || units < 1) throw new Error(`buildModel: layer ${k} has ${units} units`);
    model.add(
      tf.layers.dense({
        units,
        activation: init.activations[k],
        inputShape: k === 0 ? [init.inputSize] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: init.seed + k }),
        biasInitializer: "zeros",
      }),
    );
  });
  return model;
}

/** A sequential model holding exactly the weights of `net` (float32 in tfjs). */
export function modelFromNetwork(net: Pick<Network, "inputSize" | "layers">, seed = 0): tf.Sequential {
  const model = buildModel({
    inputSize: net.inputSize,
    units: net.layers.map((l) => l.bias.length),
    activations: net.layers.map((l) => l.activation),
    seed,
  });
  setModelWeights(model, net.layers);
  return model;
}

/** Overwrites the model's kernels and biases with those of `layers`. */
export function setModelWeights(model: tf.Sequential, layers: readonly DenseLayer[]): void {
  if (model.layers.length !== layers.length) {
    throw new Error(`setModelWeights: model has ${model.layers.length} layers, weights have ${layers.length}`);
  }
  model.layers.forEach((layer, k) => {
    const w = [tf.tensor2d(layers[k].kernel.map((r) => Array.from(r))), tf.tensor1d(Array.from(layers[k].bias))];
    layer.setWeights(w);
    tf.dispose(w);
  });
}

/** The model's layers in the network format (kernel rows = inputs, columns = units). */
export function exportLayers(model: tf.Sequential, activations: readonly Activation[]): DenseLayer[] {
  return model.layers.map((layer, k) => {
    const [kernel, bias] = layer.getWeights();
    return {
      kernel: kernel.arraySync() as number[][],
      bias: bias.arraySync() as number[],
      activation: activations[k],
    };
  });
}

/**
 * The outputs x^K that tfjs computes (float32) for `inputs`, one row per input.
 * Used to cross-check the float64 forward pass of `src/dnn/forward.ts`.
 */
export function tfPredict(model: tf.Sequential, inputs: readonly ArrayLike<number>[]): Float32Array[] {
  const inputSize = (model.inputs[0].shape[1] ?? 0) as number;
  const flat = new Float32Array(inputs.length * inputSize);
  inputs.forEach((x, i) => {
    if (x.length !== inputSize) throw new Error(`tfPredict: inputs[${i}] has ${x.length} values, the model expects ${inputSize}`);
    flat.set(x, i * inputSize);
  });
  return tf.tidy(() => {
    const out = model.predict(tf.tensor2d(flat, [inputs.length, inputSize])) as tf.Tensor2D;
    const units = out.shape[1];
    const data = out.dataSync() as Float32Array;
    return inputs.map((_, i) => data.slice(i * units, (i + 1) * units));
  });
}
