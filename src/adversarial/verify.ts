import { argmax, forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { AdversarialSpec } from "./spec";
import type { Verification } from "./types";

/**
 * Absolute tolerance of the float64 re-check. The MILP is solved to the solver's feasibility
 * (1e-7) and integrality (1e-6) tolerances, so the solver's x^K can differ slightly from the exact
 * forward pass of the returned pixels; 1e-6 accepts that and nothing more.
 */
export const VERIFY_TOLERANCE = 1e-6;

/**
 * Re-checks a candidate adversarial example with the float64 forward pass of `src/dnn`:
 * condition (8) x^K_d >= ratio · x^K_j (j != d), the floor on x^K_d, the domain (7e), the maximum
 * deviation Δ and the declarative constraints (neuron terms evaluated from the forward pass), and
 * whether the output's arg max is the target (`classifiedAsTarget`).
 * A candidate with a pixel that is not a finite number fails every part (no forward pass).
 */
export function verifyAdversarial(net: Network, spec: AdversarialSpec, candidate: ArrayLike<number>, tolerance = VERIFY_TOLERANCE): Verification {
  // A pixel that is not a finite number (NaN, or null from JSON) is no example: nothing holds.
  for (let i = 0; i < candidate.length; i++) {
    const v = candidate[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      return { ratioHolds: false, ratioSlack: Number.NaN, floorHolds: false, classifiedAsTarget: false, inDomain: false, withinMaxDeviation: false, constraintsHold: false, tolerance, reasons: [`pixel ${i} = ${String(v)} is not a finite number`] };
    }
  }
  const trace = forward(net, candidate);
  const out = trace.output;
  const reasons: string[] = [];
  let ratioSlack = Infinity;
  let worst = -1;
  for (let j = 0; j < out.length; j++) {
    if (j === spec.target) continue;
    const slack = out[spec.target] - spec.ratio * out[j];
    if (slack < ratioSlack) {
      ratioSlack = slack;
      worst = j;
    }
  }
  const ratioHolds = ratioSlack >= -tolerance;
  if (!ratioHolds) reasons.push(`(8) fails for class ${worst}: x^K_${spec.target} - ${spec.ratio}·x^K_${worst} = ${ratioSlack}`);
  let classifiedAsTarget = true;
  for (let j = 0; j < out.length; j++) if (j !== spec.target && !(out[spec.target] > out[j])) classifiedAsTarget = false;
  if (!classifiedAsTarget) reasons.push(`not classified as ${spec.target}: the output's arg max is ${argmax(out)} (x^K_${spec.target} = ${out[spec.target]}, max x^K = ${Math.max(...out)})`);
  const floorHolds = spec.floor <= 0 || out[spec.target] >= spec.floor - tolerance;
  if (!floorHolds) reasons.push(`x^K_${spec.target} = ${out[spec.target]} is below the floor ${spec.floor}`);
  let inDomain = true;
  let withinMaxDeviation = true;
  for (let i = 0; i < candidate.length; i++) {
    if (!(candidate[i] >= spec.lower[i] && candidate[i] <= spec.upper[i])) inDomain = false;
    if (spec.maxDeviation !== null && Math.abs(candidate[i] - spec.image[i]) > spec.maxDeviation + tolerance) withinMaxDeviation = false;
  }
  if (!inDomain) reasons.push("a pixel lies outside the input domain");
  if (!withinMaxDeviation) reasons.push(`a pixel deviates by more than Δ = ${spec.maxDeviation}`);
  let constraintsHold = true;
  spec.constraints.forEach((c, i) => {
    let lhs = 0;
    for (const t of c.terms) {
      let v: number;
      if (t.variable === "delta") v = Math.abs(candidate[t.unit] - spec.image[t.unit]);
      else if (t.layer === 0) v = candidate[t.unit];
      else if (t.variable === "s") v = Math.max(0, -trace.preActivations[t.layer - 1][t.unit]);
      else v = trace.activations[t.layer - 1][t.unit];
      lhs += t.coef * v;
    }
    const tol = tolerance * Math.max(1, Math.abs(c.rhs));
    const ok = c.sense === "<=" ? lhs <= c.rhs + tol : c.sense === ">=" ? lhs >= c.rhs - tol : Math.abs(lhs - c.rhs) <= tol;
    if (!ok) {
      constraintsHold = false;
      reasons.push(`constraints[${i}]${c.name ? ` (${c.name})` : ""}: ${lhs} ${c.sense} ${c.rhs} fails`);
    }
  });
  return { ratioHolds, ratioSlack, floorHolds, classifiedAsTarget, inDomain, withinMaxDeviation, constraintsHold, tolerance, reasons };
}

/**
 * True when the example satisfies the model in float64: (8), the floor, the domain (7e), Δ and the
 * declarative constraints. It need not be classified as the target (see `isAdversarial`).
 */
export function isVerified(v: Verification): boolean {
  return v.ratioHolds && v.floorHolds && v.inDomain && v.withinMaxDeviation && v.constraintsHold;
}

/**
 * True when the example satisfies the model (`isVerified`) and the network classifies it as the
 * target: an adversarial example in the strict sense. With the thesis' ratio 1.2 and floor 0.01
 * the two coincide (x^K_d >= 0.01 and x^K_d >= 1.2 · x^K_j leave no tie).
 */
export function isAdversarial(v: Verification): boolean {
  return isVerified(v) && v.classifiedAsTarget;
}
