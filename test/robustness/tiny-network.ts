import { NETWORK_FORMAT, type DenseLayer, type Network } from "../../src/dnn/network";

/** A hand-written network for the robustness tests (training and metrics are placeholders). */
export function tinyNetwork(name: string, inputSize: number, layers: DenseLayer[]): Network {
  return {
    format: NETWORK_FORMAT,
    name,
    inputSize,
    layers,
    training: { epochs: 0, batchSize: 0, optimizer: "none", learningRate: 0, seed: 0, backend: "none", seconds: 0 },
    metrics: { testAccuracy: 0, trainAccuracy: 0 },
  };
}
