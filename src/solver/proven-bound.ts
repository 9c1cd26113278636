import type { SolveResult } from "./types";

/**
 * How far a dual bound may lie on the wrong side of the solve's own incumbent before the two
 * contradict each other (relative to 1 + |incumbent|). Below it the gap is the incumbent's own
 * feasibility tolerance (it may sit slightly outside the feasible set), and the dual bound stands.
 */
export const BOUND_CONTRADICTION_TOLERANCE = 1e-6;

/**
 * The proven bound on the optimum of a finished solve, or null when it proved nothing usable: the
 * solve's `bound` (`mip_dual_bound` for a MILP, the objective of an LP solved to optimality; the
 * solver sets it), never the incumbent, at status "optimal", "time-limit" or "interrupted". An
 * "optimal" MILP without a bound proves nothing here: at a relative gap > 0 (Table 3: 1 %) its
 * incumbent may lie above the optimum.
 *
 * A dual bound that contradicts the solve's own incumbent proves nothing: a feasible point of a
 * maximisation has objective ≤ the true maximum ≤ any valid upper bound, so an upper bound more
 * than {@link BOUND_CONTRADICTION_TOLERANCE} below the incumbent (HiGHS issue #2154: "optimal" at
 * 3 with dual bound 0 after MILP presolve) means the solver is wrong about one of them, and we
 * cannot tell which; likewise a lower bound above the incumbent of a minimisation. The caller then
 * falls back to a bound it can trust (an LP relaxation, or interval arithmetic).
 */
export function provenBound(result: Pick<SolveResult, "status" | "objective" | "bound">, sense: "maximize" | "minimize"): number | null {
  if (!finished(result) || result.bound === null || !Number.isFinite(result.bound)) return null;
  return boundContradictsIncumbent(result, sense) ? null : result.bound;
}

function finished(result: Pick<SolveResult, "status">): boolean {
  return result.status === "optimal" || result.status === "time-limit" || result.status === "interrupted";
}

/**
 * Whether a finished solve's finite dual bound lies more than {@link BOUND_CONTRADICTION_TOLERANCE}
 * on the wrong side of its own finite incumbent (see {@link provenBound}, which then proves nothing).
 */
export function boundContradictsIncumbent(result: Pick<SolveResult, "status" | "objective" | "bound">, sense: "maximize" | "minimize"): boolean {
  const { bound, objective: incumbent } = result;
  if (!finished(result) || bound === null || !Number.isFinite(bound) || incumbent === null || !Number.isFinite(incumbent)) return false;
  const slack = BOUND_CONTRADICTION_TOLERANCE * (1 + Math.abs(incumbent));
  return sense === "maximize" ? bound < incumbent - slack : bound > incumbent + slack;
}
