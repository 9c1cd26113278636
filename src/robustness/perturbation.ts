import { argmax, forward } from "../dnn/forward";
import type { DenseLayer, Network } from "../dnn/network";

/**
 * Input perturbations of thesis 3.4.2: a per-pixel weight p_j ≥ 0 (10o) and disturbance q_j
 * (10p); the network classifies x^0 = p ⊙ x̄ + q (10b) instead of the image x̄.
 */

/** One perturbation (p, q), one weight and one disturbance per input pixel j ∈ J_0. */
export interface Perturbation {
  /** Weights p_j ≥ 0. */
  readonly p: Float64Array;
  /** Disturbances q_j. */
  readonly q: Float64Array;
}

/**
 * How a network is perturbed at test time (Figure 2):
 * - General Perturbation (GP): one perturbation for every input;
 * - Conditional Perturbation (CP): one per class c = 0..9, chosen by a first, unperturbed classification.
 */
export type PerturbationScheme =
  | { readonly kind: "general"; readonly perturbation: Perturbation }
  | { readonly kind: "conditional"; readonly perClass: readonly Perturbation[] };

/** The identity perturbation p = 1, q = 0 of `n` pixels. */
export function identityPerturbation(n: number): Perturbation {
  return { p: new Float64Array(n).fill(1), q: new Float64Array(n) };
}

/**
 * x^0 = p ⊙ x̄ + q, equation (10b).
 * @throws Error when the sizes of p, q and the image differ
 */
export function applyPerturbation(pert: Perturbation, image: ArrayLike<number>): Float64Array {
  const n = image.length;
  if (pert.p.length !== n || pert.q.length !== n) {
    throw new Error(`perturbation has ${pert.p.length} weights and ${pert.q.length} disturbances, the image ${n} pixels`);
  }
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) out[j] = pert.p[j] * image[j] + pert.q[j];
  return out;
}

/** Result of {@link classifyWithPerturbation}. */
export interface PerturbedClassification {
  /** Class of the final (perturbed) classification. */
  readonly predicted: number;
  /** The unperturbed classification (CP uses it to choose the perturbation; GP reports it too). */
  readonly first: number;
  /** The output layer x^K of the perturbed input. */
  readonly output: Float64Array;
}

/**
 * Classifies an image through a perturbation scheme (thesis Figure 2). GP: perturb, then
 * classify. CP: classify the image, take the perturbation of that class c, perturb, classify again.
 */
export function classifyWithPerturbation(net: Network, scheme: PerturbationScheme, image: ArrayLike<number>): PerturbedClassification {
  const first = argmax(forward(net, image).output);
  let pert: Perturbation;
  if (scheme.kind === "general") pert = scheme.perturbation;
  else {
    pert = scheme.perClass[first];
    if (pert === undefined) throw new Error(`conditional perturbation has no entry for class ${first}`);
  }
  const output = forward(net, applyPerturbation(pert, image)).output;
  return { predicted: argmax(output), first, output };
}

/**
 * The network with a perturbation folded into its first layer: w'_ij = p_i w_ij and
 * b'_j = b_j + Σ_i q_i w_ij, so that `forward(fold, x̄)` equals `forward(net, p ⊙ x̄ + q)`. Used to
 * attack a perturbed network with the ordinary adversarial MILP over x̄ ∈ [0, 1] (Appendix B).
 */
export function foldPerturbation(net: Network, pert: Perturbation): Network {
  const [first, ...rest] = net.layers;
  if (pert.p.length !== first.kernel.length) {
    throw new Error(`perturbation has ${pert.p.length} weights, the network ${first.kernel.length} inputs`);
  }
  const bias = Float64Array.from(first.bias);
  const kernel = first.kernel.map((row, i) => {
    for (let j = 0; j < row.length; j++) bias[j] += pert.q[i] * row[j];
    return row.map((w) => pert.p[i] * w);
  });
  const folded: DenseLayer = { kernel, bias: Array.from(bias), activation: first.activation };
  return { ...net, name: `${net.name}+perturbation`, layers: [folded, ...rest] };
}

/** Σ_j |p_j − 1| and Σ_j |q_j|, the distance measures of Tables 5 and 7. */
export function perturbationDistance(pert: Perturbation): { weight: number; disturbance: number } {
  let weight = 0;
  let disturbance = 0;
  for (let j = 0; j < pert.p.length; j++) {
    weight += Math.abs(pert.p[j] - 1);
    disturbance += Math.abs(pert.q[j]);
  }
  return { weight, disturbance };
}
