import { NETWORK_FORMAT, type Activation, type DenseLayer, type Network } from "../../src/dnn/network";

import { seededRandom } from "../../src/train/random";

/** The project's seeded generator (mulberry32), re-exported for seeded test data. */
export { seededRandom };

/** A network from explicit layers (training/metrics filled with placeholders). */
export function makeNetwork(name: string, inputSize: number, layers: DenseLayer[]): Network {
  return {
    format: NETWORK_FORMAT,
    name,
    inputSize,
    layers,
    training: { epochs: 0, batchSize: 0, optimizer: "none", learningRate: 0, seed: 0, backend: "none", seconds: 0 },
    metrics: { testAccuracy: 0, trainAccuracy: 0 },
  };
}

/**
 * A seeded random ReLU network with layer sizes `sizes` = [n_0, n_1, ..., n_K]; weights uniform in
 * [-1, 1]·scale/sqrt(n_in), biases uniform in [-0.3, 0.3]. The last layer's activation is `last`.
 */
export function seededNetwork(seed: number, sizes: number[], last: Activation = "relu"): Network {
  const rnd = seededRandom(seed);
  const layers: DenseLayer[] = [];
  for (let k = 1; k < sizes.length; k++) {
    const nIn = sizes[k - 1];
    const nOut = sizes[k];
    const scale = 2 / Math.sqrt(nIn);
    const kernel = Array.from({ length: nIn }, () => Array.from({ length: nOut }, () => (rnd() * 2 - 1) * scale));
    const bias = Array.from({ length: nOut }, () => (rnd() * 2 - 1) * 0.3);
    layers.push({ kernel, bias, activation: k === sizes.length - 1 ? last : "relu" });
  }
  return makeNetwork(`seeded${seed}`, sizes[0], layers);
}

/** `count` seeded random inputs uniform in [lower, upper]^n. */
export function seededInputs(seed: number, count: number, n: number, lower = 0, upper = 1): Float64Array[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: count }, () => Float64Array.from({ length: n }, () => lower + (upper - lower) * rnd()));
}
