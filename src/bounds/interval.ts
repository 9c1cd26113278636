import type { DenseLayer, Network } from "../dnn/network";
import { domainArrays, type InputDomain, type LayerBounds } from "./types";

/**
 * Bounds on the outputs x^k of a layer from bounds on its pre-activations: ReLU maps
 * [lower, upper] to [max(0, lower), max(0, upper)]; a linear layer keeps them.
 */
export function activationBounds(layer: Pick<DenseLayer, "activation">, pre: LayerBounds): LayerBounds {
  if (layer.activation === "linear") return { lower: pre.lower.slice(), upper: pre.upper.slice() };
  return { lower: pre.lower.map((v) => Math.max(0, v)), upper: pre.upper.map((v) => Math.max(0, v)) };
}

/**
 * Interval arithmetic for one layer: for x^{k-1} in the box [l, u], the pre-activation
 * w_j^T x^{k-1} + b_j lies in [b_j + Σ_i min(w_ij l_i, w_ij u_i), b_j + Σ_i max(w_ij l_i, w_ij u_i)].
 * Exact (attained) when the box is the whole feasible set, as for layer 1 over the input domain.
 *
 * Rounded outward: each sum is computed in float64 and then moved out by twice the standard
 * error bound of a dot product, γ_{n+1} (|b_j| + Σ_i |t_ij|) over the terms t_ij it added
 * (w_ij l_i or w_ij u_i), with γ_m = m u / (1 − m u), u = 2^-53 (Higham, Accuracy and Stability,
 * 3.1), plus n times the smallest subnormal against underflow. The factor 2 covers the rounding of
 * the bound itself and of the final subtraction, so each returned bound holds for the exact
 * real-valued layer. A sum whose every product has a zero factor is the bias, exact, and is not
 * moved (a bound of exactly 0 keeps its neuron stable). The widening is about 1e-13 relative on MNIST-sized
 * layers.
 */
export function intervalLayer(layer: DenseLayer, inputs: LayerBounds): LayerBounds {
  const units = layer.bias.length;
  const rows = layer.kernel.length;
  if (inputs.lower.length !== rows || inputs.upper.length !== rows) {
    throw new Error(`interval bounds: layer expects ${rows} inputs, bounds have ${inputs.lower.length}`);
  }
  const lower = Float64Array.from(layer.bias);
  const upper = Float64Array.from(layer.bias);
  // Σ of the magnitudes of the terms each sum adds, and whether any of them has two nonzero
  // factors (a product with a zero factor is exactly 0, one that underflows to 0 is not: a sum of
  // exact zeros and the bias alone is exact, so a bound of exactly 0 stays 0, and its neuron stable)
  const magLower = new Float64Array(units);
  const magUpper = new Float64Array(units);
  const inexactLower = new Uint8Array(units);
  const inexactUpper = new Uint8Array(units);
  for (let i = 0; i < rows; i++) {
    const l = inputs.lower[i];
    const u = inputs.upper[i];
    const row = layer.kernel[i];
    for (let j = 0; j < units; j++) {
      const w = row[j];
      const [xa, xb] = w >= 0 ? [l, u] : [u, l];
      const [a, b] = [w * xa, w * xb];
      lower[j] += a;
      upper[j] += b;
      magLower[j] += Math.abs(a);
      magUpper[j] += Math.abs(b);
      if (w !== 0 && xa !== 0) inexactLower[j] = 1;
      if (w !== 0 && xb !== 0) inexactUpper[j] = 1;
    }
  }
  const gamma = 2 * gammaN(rows + 1);
  const pad = (inexact: number, magnitude: number, bias: number): number => (inexact === 0 ? 0 : gamma * (magnitude + Math.abs(bias)) + rows * Number.MIN_VALUE);
  return {
    lower: Array.from(lower, (v, j) => v - pad(inexactLower[j], magLower[j], layer.bias[j])),
    upper: Array.from(upper, (v, j) => v + pad(inexactUpper[j], magUpper[j], layer.bias[j])),
  };
}

/** γ_m = m u / (1 − m u) with u = 2^-53, the relative error bound of an m-term float64 sum of products. */
function gammaN(m: number): number {
  const mu = m * 2 ** -53;
  if (!(mu < 0.5)) throw new Error(`interval bounds: ${m} terms are too many for the float64 error bound`);
  return mu / (1 - mu);
}

/**
 * Interval-arithmetic pre-activation bounds for every layer k = 1..K over the input domain (7e)
 * (the bounds of the thesis' base model).
 * @returns `layers[k-1]` = bounds on w^T x^{k-1} + b of layer k
 */
export function intervalBounds(net: Pick<Network, "inputSize" | "layers">, inputDomain: InputDomain): LayerBounds[] {
  const domain = domainArrays(inputDomain, net.inputSize);
  let current: LayerBounds = { lower: Array.from(domain.lower), upper: Array.from(domain.upper) };
  const out: LayerBounds[] = [];
  for (const layer of net.layers) {
    const pre = intervalLayer(layer, current);
    out.push(pre);
    current = activationBounds(layer, pre);
  }
  return out;
}
