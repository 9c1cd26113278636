/**
 * The network format shared by every part of the project: a fully connected ReLU network
 * stored as one JSON file per network in `data/models/<name>.json` (format tag `relu-mlp/1`).
 *
 * Notation (thesis 3.1, eq. (1)): layer k = 1..K computes x^k = σ(W^{k-1} x^{k-1} + b^{k-1}),
 * with x^0 the 784 input pixels in [0, 1] and σ = ReLU. The output layer K has 10 units and
 * is also ReLU in the thesis networks; classification is the argmax of x^K.
 */

/** Activation applied after the affine map of a layer. */
export type Activation = "relu" | "linear";

/** The format tag written in every network file. */
export const NETWORK_FORMAT = "relu-mlp/1";

/**
 * One dense layer. `kernel[i][j]` is the weight w_ij from input i of the layer to unit j
 * (Keras layout: one row per input, one column per unit); `bias[j]` is b_j.
 */
export interface DenseLayer {
  /** W^{k-1} transposed: n_{k-1} rows (inputs) of n_k weights (units). */
  readonly kernel: readonly (readonly number[])[];
  /** b^{k-1}: n_k biases. */
  readonly bias: readonly number[];
  /** σ of this layer ("relu" for every layer of the thesis networks, the output layer included). */
  readonly activation: Activation;
}

/** How a network was trained (informational; written by `npm run train`). */
export interface TrainingInfo {
  /** Passes over the training examples. */
  readonly epochs: number;
  /** Examples per Adam step. */
  readonly batchSize: number;
  /** "adam", or e.g. "adam+pgd(eps=0.1,steps=5,mix=0.5)" for PGD training; "none" for a hand-made network. */
  readonly optimizer: string;
  /** Adam's step size. */
  readonly learningRate: number;
  /** Seed of the Glorot initialisers (layer k: seed + k) and of the example order. */
  readonly seed: number;
  /** tfjs backend used for training: "tensorflow" (tfjs-node), "wasm" or "cpu". */
  readonly backend: string;
  /** Wall-clock seconds spent training. */
  readonly seconds: number;
  /** Name of the network whose weights training started from (retraining); absent = random init. */
  readonly initialNetwork?: string;
  /** Number of training examples used when not the 60,000 MNIST training images. */
  readonly trainingExamples?: number;
  /** `dataFingerprint` of the training examples (pixels and labels); absent in files that predate it. */
  readonly dataFingerprint?: string;
  /** Version of TensorFlow.js that trained the network; absent in files that predate it. */
  readonly tfjsVersion?: string;
}

/** Accuracies measured with the float64 forward pass of `src/dnn/forward.ts`. */
export interface NetworkMetrics {
  /** Fraction of the 10,000 MNIST test images classified correctly. */
  readonly testAccuracy: number;
  /** Fraction of the 60,000 MNIST training images classified correctly. */
  readonly trainAccuracy: number;
}

/** A network file, exactly as stored in `data/models/<name>.json`. */
export interface Network {
  /** Always {@link NETWORK_FORMAT}. */
  readonly format: typeof NETWORK_FORMAT;
  /** e.g. "dnn1", or "dnn1-cr" for a retrained one; names the bounds and results made with it. */
  readonly name: string;
  /** n_0, the number of inputs x^0 (784 for MNIST). */
  readonly inputSize: number;
  /** Layers k = 1..K (`layers[k-1]`), the output layer last. */
  readonly layers: readonly DenseLayer[];
  readonly training: TrainingInfo;
  readonly metrics: NetworkMetrics;
}

/** Number of units n_k of every layer k = 0..K (n_0 is the input size). */
export function layerSizes(net: Pick<Network, "inputSize" | "layers">): number[] {
  return [net.inputSize, ...net.layers.map((l) => l.bias.length)];
}
