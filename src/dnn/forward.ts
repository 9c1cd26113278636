import type { DenseLayer, Network } from "./network";

/**
 * Every layer's values for one input, from the float64 forward pass.
 * `preActivations[k-1]` is W^{k-1} x^{k-1} + b^{k-1} (= x^k − s^k in (7b)) and
 * `activations[k-1]` is x^k, for k = 1..K.
 */
export interface ForwardTrace {
  readonly preActivations: readonly Float64Array[];
  readonly activations: readonly Float64Array[];
  /** x^K, the output layer's activations. */
  readonly output: Float64Array;
}

/** Applies one dense layer in float64: returns [pre-activation, activation]; throws on an input that is not a finite number. */
export function applyLayer(layer: DenseLayer, input: ArrayLike<number>): [Float64Array, Float64Array] {
  const units = layer.bias.length;
  const pre = Float64Array.from(layer.bias);
  const rows = layer.kernel.length;
  if (input.length !== rows) {
    throw new Error(`layer expects ${rows} inputs, got ${input.length}`);
  }
  for (let i = 0; i < rows; i++) {
    const xi = input[i];
    if (xi === 0) continue;
    // NaN would vanish in the ReLU (NaN > 0 is false) and null (a NaN written by JSON) would count
    // as 0: either would make the reference pass accept a broken input.
    if (typeof xi !== "number" || !Number.isFinite(xi)) throw new Error(`input[${i}] = ${String(xi)} is not a finite number`);
    const row = layer.kernel[i];
    for (let j = 0; j < units; j++) pre[j] += row[j] * xi;
  }
  const act = layer.activation === "relu" ? pre.map((v) => (v > 0 ? v : 0)) : Float64Array.from(pre);
  return [pre, act];
}

/**
 * The reference float64 forward pass (thesis eq. (1)); used everywhere a result is verified.
 * @param net - the network
 * @param input - x^0, `net.inputSize` numbers (pixels in [0, 1] for MNIST)
 * @throws when the input has the wrong length or holds a value that is not a finite number
 */
export function forward(net: Pick<Network, "inputSize" | "layers">, input: ArrayLike<number>): ForwardTrace {
  if (input.length !== net.inputSize) {
    throw new Error(`input has ${input.length} values, the network expects ${net.inputSize}`);
  }
  const preActivations: Float64Array[] = [];
  const activations: Float64Array[] = [];
  let x: ArrayLike<number> = input;
  for (const layer of net.layers) {
    const [pre, act] = applyLayer(layer, x);
    preActivations.push(pre);
    activations.push(act);
    x = act;
  }
  return { preActivations, activations, output: activations[activations.length - 1] };
}

/** Index of the largest value (the first one on ties): the predicted class. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** The class the network predicts for one input: argmax of x^K. */
export function classify(net: Pick<Network, "inputSize" | "layers">, input: ArrayLike<number>): number {
  return argmax(forward(net, input).output);
}
