/**
 * Relative tolerance at which two minimal L1 distances of (9) for the same image are the same
 * optimum: it covers the solvers' feasibility tolerances (HiGHS' 1e-6 on rows scaled by up to the
 * big-M). The study's consistency check, notebook 03's and notebook 07's live checks all use it.
 */
export const OPTIMUM_TOLERANCE = 1e-5;

/** The allowance tolerance · (1 + |v|) around an optimum v. */
export function optimumSlack(v: number, tolerance: number = OPTIMUM_TOLERANCE): number {
  return tolerance * (1 + Math.abs(v));
}

/** Whether L1 distances a and b are the same optimum: |a − b| ≤ tolerance · (1 + |b|). */
export function sameOptimum(a: number, b: number, tolerance: number = OPTIMUM_TOLERANCE): boolean {
  return Math.abs(a - b) <= optimumSlack(b, tolerance);
}
