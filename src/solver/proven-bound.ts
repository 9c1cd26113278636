import type { SolveResult } from "./types";

/**
 * The proven bound on the optimum of a finished solve, or null when it proved nothing usable: the
 * dual bound (`mip_dual_bound` for a MILP, the objective of an LP solved to optimality), never the
 * incumbent alone, at status "optimal", "time-limit" or "interrupted".
 *
 * The bound is never on the wrong side of the solve's own incumbent: a feasible point of a
 * maximisation has objective ≤ the true maximum, so a dual bound below the incumbent (a solver
 * contradicting itself, as HiGHS did after MILP presolve in issue #2154) is raised to the
 * incumbent; for a minimisation it is lowered to it. The result is then at least as weak as both
 * and still a bound whenever either is.
 */
export function provenBound(result: Pick<SolveResult, "status" | "objective" | "bound">, sense: "maximize" | "minimize"): number | null {
  if (result.status !== "optimal" && result.status !== "time-limit" && result.status !== "interrupted") return null;
  const bound = result.bound ?? (result.status === "optimal" ? result.objective : null);
  if (bound === null || !Number.isFinite(bound)) return null;
  const incumbent = result.objective;
  if (incumbent === null || !Number.isFinite(incumbent)) return bound;
  return sense === "maximize" ? Math.max(bound, incumbent) : Math.min(bound, incumbent);
}
