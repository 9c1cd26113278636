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
