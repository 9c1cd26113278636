import { boundViolations } from "../bounds/check";
import type { NetworkBounds } from "../bounds/types";
import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { ModelBuilder } from "../milp/model";
import type { MilpSolver } from "../solver/types";
import { seededRandom } from "../train/random";
import { encodeNetwork } from "./network";

/**
 * The two checks notebook 02 ends with (and the core property tests of the encoding): the MILP
 * (7b)-(7i) with its input fixed to an image must reproduce the float64 forward pass, and every
 * bound set must hold at sampled inputs.
 */

/**
 * The largest |x^K_j − forward(x)_j| over `images` when model (7b)-(7i) (thesis model, no stable
 * neuron eliminated) is solved with x^0 fixed to each image; Infinity if a solve is not optimal.
 */
export async function fixedInputDeviation(net: Network, bounds: NetworkBounds, images: readonly ArrayLike<number>[], solver: MilpSolver, timeLimit = 30): Promise<number> {
  let worst = 0;
  for (const img of images) {
    const b = new ModelBuilder("fixed");
    const enc = encodeNetwork(b, net, bounds, { eliminateStable: false, inputDomain: { lower: Array.from(img), upper: Array.from(img) } });
    const r = await solver.solve(b.build(), { timeLimit });
    if (r.status !== "optimal" || r.values === null) return Number.POSITIVE_INFINITY;
    const values = r.values;
    const out = forward(net, img).output;
    worst = Math.max(worst, ...enc.x[net.layers.length].map((v, j) => Math.abs(values[v] - out[j])));
  }
  return worst;
}

/** `count` seeded inputs in [0, 1]^n: alternately uniform pixels and 0/1 pixels (box corners). */
export function randomInputs(count: number, n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => Float64Array.from({ length: n }, () => (i % 2 === 1 ? random() : Math.round(random()))));
}

/** How many pre-activation values at `samples` fall outside `bounds` (0 for sound bounds). */
export function boundSampleViolations(net: Network, bounds: NetworkBounds, samples: readonly ArrayLike<number>[]): number {
  return samples.reduce((n, x) => n + boundViolations(bounds.layers, forward(net, x)).length, 0);
}
