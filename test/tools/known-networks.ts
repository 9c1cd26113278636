import type { DenseLayer, Network } from "../../src/dnn/network";
import { makeNetwork } from "./seeded-network";

/**
 * A network whose optimum is known by construction: hidden units h_i = relu(x_i) = x_i, output
 * 5 = 0.5 + Σ w_i h_i with w = (0.5, 0.25, 0.1, 0.05), output 0 = 1.01, the others 1. From x̃ = 0
 * (class 0), (8) for target 5 needs w·x >= 1.2 · 1.01 - 0.5 = 0.712: a fractional knapsack, so
 * the minimum L1 is 1 + 0.212 / 0.25 = 1.848; with δ_j <= Δ it needs 0.9 Δ >= 0.712, Δ >= 0.79111;
 * the minimum L∞ is 0.712 / 0.9.
 */
export function knapsackNetwork(): Network {
  const w = [0.5, 0.25, 0.1, 0.05];
  const hidden: DenseLayer = { kernel: w.map((_, i) => w.map((__, j) => (i === j ? 1 : 0))), bias: [0, 0, 0, 0], activation: "relu" };
  const out: DenseLayer = {
    kernel: w.map((wi) => Array.from({ length: 10 }, (_, c) => (c === 5 ? wi : 0))),
    bias: Array.from({ length: 10 }, (_, c) => (c === 5 ? 0.5 : c === 0 ? 1.01 : 1)),
    activation: "relu",
  };
  return makeNetwork("knapsack", 4, [hidden, out]);
}

/**
 * Fig 4b vs 4c by construction: outputs c != 5 are relu(0.5 - x_0) (+0.01 for c = 0), output 5 is
 * relu(0.1 x_1 - 0.05). Without the floor, x_0 = 0.51 zeroes every output (L1 0.51, nothing is
 * classified); with the floor 0.01, x_1 = 0.6 and x_0 = 0.51 - 0.01/1.2 (L1 1.1016667).
 */
export function zeroOutputNetwork(): Network {
  const hidden: DenseLayer = { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" };
  const out: DenseLayer = {
    kernel: [Array.from({ length: 10 }, (_, c) => (c === 5 ? 0 : -1)), Array.from({ length: 10 }, (_, c) => (c === 5 ? 0.1 : 0))],
    bias: Array.from({ length: 10 }, (_, c) => (c === 5 ? -0.05 : c === 0 ? 0.51 : 0.5)),
    activation: "relu",
  };
  return makeNetwork("zero-output", 2, [hidden, out]);
}
