/**
 * Notation shared by every encoder (thesis 3.2, (7b)-(7i)), written down once:
 * - x^k_j >= 0: the output (post-activation) of neuron j of layer k; x^0 are the input pixels;
 * - s^k_j >= 0: the slack absorbing the negative part of the pre-activation, so that
 *   w^T x^{k-1} + b = x^k_j - s^k_j (7b);
 * - z^k_j in {0, 1}: the activation indicator, 1 when the neuron is off (x^k_j = 0) (7c)/(7d);
 * - M+ = max(0, upper), M- = max(0, -lower) from the pre-activation bounds of `src/bounds`.
 */
import type { DenseLayer } from "../dnn/network";
import type { ModelBuilder, VarRef } from "../milp/model";
import type { LayerBounds } from "../bounds/types";

/** The variables of one encoded layer; `s` and `z` are null where a neuron needs none. */
export interface LayerVars {
  /** x^k_j, one per neuron. */
  readonly x: readonly VarRef[];
  /** s^k_j, or null (linear layer, or a stable neuron eliminated). */
  readonly s: readonly (VarRef | null)[];
  /** z^k_j, or null (linear layer, or a stable neuron eliminated). */
  readonly z: readonly (VarRef | null)[];
}

/** Options every layer encoder accepts. */
export interface LayerEncodeOptions {
  /**
   * Encode a neuron whose bounds prove it stable without a binary: lower >= 0 gives x = w^T x + b
   * (no s, no z), upper <= 0 gives x = 0 (no s, no z, no row). False reproduces the thesis model
   * exactly (every ReLU neuron gets x, s, z and (7b)-(7d)).
   */
  readonly eliminateStable: boolean;
  /** Relax z^k_j in {0, 1} (7i) to 0 <= z^k_j <= 1: the LP relaxation used by the `lp` bounds. */
  readonly relax: boolean;
  /** Prefix for variable and row names, so several copies of a network fit in one model. */
  readonly prefix: string;
}

/**
 * One encoder per layer kind, all with this signature (OMLT style: picked from a table keyed by
 * activation, see `registry.ts`). Adds the variables and rows of layer k (1..K) whose inputs are
 * x^{k-1} = `inputs`, using the pre-activation bounds `bounds` of that layer.
 */
export type LayerEncoder = (
  b: ModelBuilder,
  layer: DenseLayer,
  k: number,
  inputs: readonly VarRef[],
  bounds: LayerBounds,
  options: LayerEncodeOptions,
) => LayerVars;

/** The pre-activation w_j^T x^{k-1} + b_j of unit j as sparse terms plus a constant. */
export function preActivation(
  layer: DenseLayer,
  inputs: readonly VarRef[],
  j: number,
): { terms: [VarRef, number][]; constant: number } {
  if (inputs.length !== layer.kernel.length) {
    throw new Error(`layer expects ${layer.kernel.length} input variables, got ${inputs.length}`);
  }
  const terms: [VarRef, number][] = [];
  for (let i = 0; i < inputs.length; i++) {
    const w = layer.kernel[i][j];
    if (w !== 0) terms.push([inputs[i], w]);
  }
  return { terms, constant: layer.bias[j] };
}

/** Checks that `bounds` has one finite, ordered interval per unit of `layer` (layer index k). */
export function checkLayerBounds(layer: DenseLayer, k: number, bounds: LayerBounds): void {
  const units = layer.bias.length;
  if (bounds.lower.length !== units || bounds.upper.length !== units) {
    throw new Error(`bounds of layer ${k} have ${bounds.lower.length} entries, the layer has ${units} units`);
  }
  for (let j = 0; j < units; j++) {
    const l = bounds.lower[j];
    const u = bounds.upper[j];
    if (!Number.isFinite(l) || !Number.isFinite(u)) throw new Error(`bounds of layer ${k}, unit ${j} are not finite: [${l}, ${u}]`);
    if (l > u) throw new Error(`bounds of layer ${k}, unit ${j}: lower ${l} exceeds upper ${u}`);
  }
}
