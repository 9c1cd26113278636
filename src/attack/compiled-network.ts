import type { Network } from "../dnn/network";

/**
 * A network flattened into float64 arrays for the gradient attack: one contiguous weight
 * array per layer, so that a forward pass, a backward pass (gradient with respect to the input
 * x^0) and an incremental update of the first layer after changing one pixel are tight loops.
 *
 * Layout: `weights[i * nOut + j]` = w_ij (input i → unit j, the Keras layout of `DenseLayer`).
 */
export interface CompiledLayer {
  readonly nIn: number;
  readonly nOut: number;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** True for σ = ReLU, false for a linear layer. */
  readonly relu: boolean;
}

/** A network as flat float64 arrays (see {@link compileNetwork}). */
export interface CompiledNetwork {
  readonly inputSize: number;
  readonly layers: readonly CompiledLayer[];
}

/** Flattens `net` into {@link CompiledNetwork}. */
export function compileNetwork(net: Pick<Network, "inputSize" | "layers">): CompiledNetwork {
  const layers = net.layers.map((layer, k): CompiledLayer => {
    const nIn = layer.kernel.length;
    const nOut = layer.bias.length;
    const weights = new Float64Array(nIn * nOut);
    for (let i = 0; i < nIn; i++) {
      const row = layer.kernel[i];
      if (row.length !== nOut) throw new Error(`layers[${k}].kernel[${i}] has ${row.length} columns, expected ${nOut}`);
      for (let j = 0; j < nOut; j++) weights[i * nOut + j] = row[j];
    }
    return { nIn, nOut, weights, bias: Float64Array.from(layer.bias), relu: layer.activation === "relu" };
  });
  return { inputSize: net.inputSize, layers };
}

/** First-layer pre-activations W^0 x + b^0 for a full input x. */
export function firstLayerPre(net: CompiledNetwork, x: ArrayLike<number>): Float64Array {
  const l = net.layers[0];
  const pre = Float64Array.from(l.bias);
  for (let i = 0; i < l.nIn; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    const base = i * l.nOut;
    for (let j = 0; j < l.nOut; j++) pre[j] += l.weights[base + j] * xi;
  }
  return pre;
}

/** Adds `delta` · (row i of W^0) to the first-layer pre-activations (pixel i changed by delta). */
export function updateFirstLayer(net: CompiledNetwork, pre: Float64Array, pixel: number, delta: number): void {
  const l = net.layers[0];
  const base = pixel * l.nOut;
  for (let j = 0; j < l.nOut; j++) pre[j] += l.weights[base + j] * delta;
}

/**
 * Pre-activations of every layer k = 1..K given those of the first layer (deeper layers are
 * recomputed; they are tiny). Entry k-1 of the result is layer k's pre-activation.
 */
export function propagateFrom(net: CompiledNetwork, first: Float64Array): Float64Array[] {
  const pres: Float64Array[] = [first];
  let prev = first;
  let prevRelu = net.layers[0].relu;
  for (let k = 1; k < net.layers.length; k++) {
    const l = net.layers[k];
    const pre = Float64Array.from(l.bias);
    for (let i = 0; i < l.nIn; i++) {
      const xi = prevRelu ? (prev[i] > 0 ? prev[i] : 0) : prev[i];
      if (xi === 0) continue;
      const base = i * l.nOut;
      for (let j = 0; j < l.nOut; j++) pre[j] += l.weights[base + j] * xi;
    }
    pres.push(pre);
    prev = pre;
    prevRelu = l.relu;
  }
  return pres;
}

/**
 * Gradient with respect to x^0 of `g · p^K` (p^K the output pre-activation), by backpropagating
 * through the ReLU masks of the hidden layers at the point whose pre-activations are `pres`.
 * With `leak` > 0 an inactive ReLU passes `leak` times the gradient (a surrogate that still
 * points somewhere when every path to the output is dead). Writes into `out` and returns it.
 */
export function inputGradient(
  net: CompiledNetwork,
  pres: readonly Float64Array[],
  g: Float64Array,
  out: Float64Array,
  leak = 0,
): Float64Array {
  let grad = g;
  for (let k = net.layers.length - 1; k >= 1; k--) {
    const l = net.layers[k];
    const below = pres[k - 1];
    const reluBelow = net.layers[k - 1].relu;
    const next = new Float64Array(l.nIn);
    for (let i = 0; i < l.nIn; i++) {
      const factor = reluBelow && below[i] <= 0 ? leak : 1;
      if (factor === 0) continue;
      const base = i * l.nOut;
      let s = 0;
      for (let j = 0; j < l.nOut; j++) s += l.weights[base + j] * grad[j];
      next[i] = factor * s;
    }
    grad = next;
  }
  const l0 = net.layers[0];
  for (let i = 0; i < l0.nIn; i++) {
    const base = i * l0.nOut;
    let s = 0;
    for (let j = 0; j < l0.nOut; j++) s += l0.weights[base + j] * grad[j];
    out[i] = s;
  }
  return out;
}
