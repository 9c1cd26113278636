export { deltaSumRow } from "../adversarial/spec";

/**
 * The rows over Σ_j δ_j = ||x^0 − x̃||_1 that `best` and the shrinking balls add to (9): the cap
 * Σ_j δ_j ≤ u at an incumbent's L1 u (or a ball's radius r) and the row Σ_j δ_j ≥ lb at a proven
 * lower bound.
 */

/** Relative and absolute widening of a radius against the solver's tolerances (1e-7). */
export const CAP_SLACK = 1e-7;

/** An incumbent's L1 widened by {@link CAP_SLACK}, so that the incumbent stays feasible under the cap and inside the ball. */
export function cappedRadius(l1: number): number {
  return l1 * (1 + CAP_SLACK) + CAP_SLACK;
}
