import type { PerturbationContext } from "./input-perturbation-milp";
import type { Perturbation } from "./perturbation";

/**
 * An `extraConstraints` callback for the input-perturbation MILP that leaves the given pixels
 * unperturbed: p_j = 1 and q_j = 0 (rows `keep_p[j]`, `keep_q[j]`; a p_j or q_j the model does not
 * have is already fixed). E.g. keep a frame of border pixels as they are.
 * @throws Error naming a pixel outside 0..n−1 (when the callback runs)
 */
export function keepPixelsUnperturbed(pixels: readonly number[]): (context: PerturbationContext) => void {
  return ({ builder, p, q }) => {
    for (const j of pixels) {
      if (!Number.isInteger(j) || j < 0 || j >= q.length) throw new Error(`keepPixelsUnperturbed: pixel ${j} is not in 0..${q.length - 1}`);
      const pj = p[j];
      const qj = q[j];
      if (pj !== null) builder.addEq(`keep_p[${j}]`, [[pj, 1]], 1);
      if (qj !== null) builder.addEq(`keep_q[${j}]`, [[qj, 1]], 0);
    }
  };
}

/** Whether `pert` leaves the pixels unperturbed: |p_j − 1| ≤ tol and |q_j| ≤ tol for each. */
export function leavesPixelsUnperturbed(pert: Perturbation, pixels: readonly number[], tol = 1e-6): boolean {
  return pixels.every((j) => Math.abs(pert.p[j] - 1) <= tol && Math.abs(pert.q[j]) <= tol);
}
