import { forward } from "./forward";
import type { Network } from "./network";

/**
 * Dead ReLUs: a unit j of layer k whose activation x^k_j is 0 on every input of a set. A dead
 * unit receives no gradient, so training cannot revive it; a dead unit in the ReLU output
 * layer K means its digit is never predicted with a positive output (that class's output is
 * always 0: it can win only when every output is 0, which argmax resolves to digit 0).
 */

/** For every layer k = 1..K and unit j, on how many of `inputs` x^k_j > 0. */
export function activeCounts(net: Pick<Network, "inputSize" | "layers">, inputs: readonly ArrayLike<number>[]): number[][] {
  const counts = net.layers.map((l) => new Array<number>(l.bias.length).fill(0));
  for (const x of inputs) {
    forward(net, x).activations.forEach((a, k) => {
      for (let j = 0; j < a.length; j++) if (a[j] > 0) counts[k][j]++;
    });
  }
  return counts;
}

/** Indices of the units of every layer (k = 1..K, index k-1) that are 0 on every input. */
export function deadUnits(net: Pick<Network, "inputSize" | "layers">, inputs: readonly ArrayLike<number>[]): number[][] {
  return activeCounts(net, inputs).map((c) => c.flatMap((n, j) => (n === 0 ? [j] : [])));
}
