import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { domainArrays, UNIT_DOMAIN } from "../bounds/types";
import { adversarialTarget } from "./target";
import type { AdversarialOptions, DeviationNorm, LinearConstraint } from "./types";

/** The validated, defaulted settings of one adversarial search. */
export interface AdversarialSpec {
  readonly image: Float64Array;
  readonly label: number;
  readonly target: number;
  readonly originalPrediction: number;
  readonly ratio: number;
  readonly norm: DeviationNorm;
  /** Floor on x^K_d, 0 when disabled. */
  readonly floor: number;
  readonly maxDeviation: number | null;
  /** The pixel domain (7e) as arrays. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly constraints: readonly LinearConstraint[];
}

function checkClass(value: number, field: string, classes: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= classes) {
    throw new Error(`${field} must be an integer in 0..${classes - 1}, got ${value}`);
  }
}

/**
 * Validates an image and options against a network and fills in the thesis defaults; every error
 * names the bad field (image length, label, target, ratio, maxDeviation, constraints...).
 */
export function adversarialSpec(net: Network, image: ArrayLike<number>, options: AdversarialOptions = {}): AdversarialSpec {
  if (image === null || image === undefined || typeof image.length !== "number") throw new Error("image must be an array of pixels");
  if (image.length !== net.inputSize) {
    throw new Error(`image has ${image.length} pixels, network ${net.name} expects ${net.inputSize}`);
  }
  const x = Float64Array.from(image);
  const { lower, upper } = domainArrays(options.inputDomain ?? UNIT_DOMAIN, net.inputSize);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new Error(`image[${i}] = ${x[i]} is not a finite number`);
    if (x[i] < lower[i] || x[i] > upper[i]) throw new Error(`image[${i}] = ${x[i]} lies outside the input domain [${lower[i]}, ${upper[i]}]`);
  }
  const classes = net.layers[net.layers.length - 1].bias.length;
  const originalPrediction = classify(net, x);
  const label = options.label ?? originalPrediction;
  checkClass(label, "label", classes);
  const target = options.target ?? adversarialTarget(label, classes);
  checkClass(target, "target", classes);
  if (target === label) throw new Error(`target ${target} equals the label ${label}: choose another target class`);
  const ratio = options.ratio ?? 1.2;
  if (!Number.isFinite(ratio) || ratio < 1) throw new Error(`ratio must be a finite number >= 1, got ${ratio}`);
  const norm = options.norm ?? "l1";
  if (norm !== "l1" && norm !== "linf") throw new Error(`norm must be "l1" or "linf", got "${String(norm)}"`);
  const floor = options.minTargetActivation === null ? 0 : options.minTargetActivation ?? 0.01;
  if (!Number.isFinite(floor) || floor < 0) throw new Error(`minTargetActivation must be a finite number >= 0 or null, got ${floor}`);
  const maxDeviation = options.maxDeviation ?? null;
  if (maxDeviation !== null && !(Number.isFinite(maxDeviation) && maxDeviation >= 0)) {
    throw new Error(`maxDeviation must be a finite number >= 0, got ${maxDeviation}`);
  }
  const constraints = options.constraints ?? [];
  constraints.forEach((c, i) => {
    const where = `constraints[${i}]${c.name ? ` (${c.name})` : ""}`;
    if (c.sense !== "<=" && c.sense !== ">=" && c.sense !== "=") throw new Error(`${where}.sense must be "<=", ">=" or "="`);
    if (!Number.isFinite(c.rhs)) throw new Error(`${where}.rhs must be finite`);
    c.terms.forEach((t, n) => {
      const layers = net.layers.length;
      if (!Number.isInteger(t.layer) || t.layer < 0 || t.layer > layers) throw new Error(`${where}.terms[${n}].layer must be in 0..${layers}, got ${t.layer}`);
      const units = t.layer === 0 ? net.inputSize : net.layers[t.layer - 1].bias.length;
      if (!Number.isInteger(t.unit) || t.unit < 0 || t.unit >= units) throw new Error(`${where}.terms[${n}].unit must be in 0..${units - 1}, got ${t.unit}`);
      if (!Number.isFinite(t.coef)) throw new Error(`${where}.terms[${n}].coef must be finite`);
      if (t.variable !== undefined && t.variable !== "x" && t.variable !== "s" && t.variable !== "delta") {
        throw new Error(`${where}.terms[${n}].variable must be "x", "s" or "delta", got "${String(t.variable)}"`);
      }
      if (t.variable === "delta" && t.layer !== 0) throw new Error(`${where}.terms[${n}]: "delta" exists for layer 0 only`);
      if (t.variable === "s" && t.layer === 0) throw new Error(`${where}.terms[${n}]: "s" does not exist for layer 0`);
    });
  });
  return { image: x, label, target, originalPrediction, ratio, norm, floor, maxDeviation, lower, upper, constraints };
}

/** Declarative constraints keeping the given pixels unchanged (δ_j = 0), e.g. "only change the top half". */
export function keepPixelsUnchanged(pixels: Iterable<number>): LinearConstraint[] {
  return Array.from(pixels, (j) => ({ name: `keep_${j}`, terms: [{ layer: 0, unit: j, coef: 1, variable: "delta" as const }], sense: "<=" as const, rhs: 0 }));
}

/** The declarative row Σ_j δ_j (sense) rhs over all n pixels: an L1 cap (`<=`) or a proven lower bound (`>=`) on (9). */
export function deltaSumRow(n: number, sense: "<=" | ">=", rhs: number, name: string): LinearConstraint {
  return { name, terms: Array.from({ length: n }, (_, j) => ({ layer: 0, unit: j, coef: 1, variable: "delta" as const })), sense, rhs };
}
