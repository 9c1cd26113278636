import type { ForwardTrace } from "../dnn/forward";
import type { LayerBounds } from "./types";

/** One pre-activation outside its bounds. */
export interface BoundViolation {
  /** Layer k (1..K). */
  readonly layer: number;
  readonly neuron: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * The pre-activations of a forward trace that leave the bounds by more than `tolerance`
 * (default 1e-9, float64 rounding): empty when the trace is inside, as it must be for every
 * input in the domain the bounds were computed for.
 */
export function boundViolations(bounds: readonly LayerBounds[], trace: ForwardTrace, tolerance = 1e-9): BoundViolation[] {
  const out: BoundViolation[] = [];
  trace.preActivations.forEach((pre, k) => {
    const b = bounds[k];
    pre.forEach((value, j) => {
      const tol = tolerance * (1 + Math.abs(value));
      if (value < b.lower[j] - tol || value > b.upper[j] + tol) {
        out.push({ layer: k + 1, neuron: j, value, lower: b.lower[j], upper: b.upper[j] });
      }
    });
  });
  return out;
}
