import { NETWORK_FORMAT, type DenseLayer, type Network } from "../../src/dnn/network";

import { seededRandom as seeded } from "../../src/train/random";

/** The project's seeded generator (mulberry32), under the name these tests use. */
export { seeded };

/** A seeded random ReLU network with layer sizes [n_0, ..., n_K] (all layers ReLU, as in the thesis). */
export function tinyNetwork(seed: number, sizes: readonly number[]): Network {
  const rnd = seeded(seed);
  const layers: DenseLayer[] = [];
  for (let k = 1; k < sizes.length; k++) {
    const scale = 2 / Math.sqrt(sizes[k - 1]);
    const kernel = Array.from({ length: sizes[k - 1] }, () => Array.from({ length: sizes[k] }, () => (rnd() * 2 - 1) * scale));
    layers.push({ kernel, bias: Array.from({ length: sizes[k] }, () => (rnd() * 2 - 1) * 0.3), activation: "relu" });
  }
  return {
    format: NETWORK_FORMAT,
    name: `tiny${seed}`,
    inputSize: sizes[0],
    layers,
    training: { epochs: 0, batchSize: 0, optimizer: "none", learningRate: 0, seed, backend: "none", seconds: 0 },
    metrics: { testAccuracy: 0, trainAccuracy: 0 },
  };
}

/** `count` seeded inputs uniform in [0, 1]^n. */
export function tinyInputs(seed: number, count: number, n: number): Float64Array[] {
  const rnd = seeded(seed);
  return Array.from({ length: count }, () => Float64Array.from({ length: n }, () => rnd()));
}
