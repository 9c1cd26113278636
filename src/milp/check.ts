import type { Model } from "./model";

/** One violated bound, row or integrality condition, with its size (> tolerance). */
export interface Violation {
  readonly kind: "bound" | "row" | "integrality";
  /** Name of the variable (bound, integrality) or row. */
  readonly name: string;
  /** How far outside the allowed set the value is (absolute, in the row's/variable's units). */
  readonly amount: number;
}

/** Result of {@link checkSolution}. */
export interface SolutionCheck {
  /** True when there are no violations beyond the tolerance. */
  readonly feasible: boolean;
  /** Every violation found (empty when feasible), in model order: bounds, integrality, rows. */
  readonly violations: readonly Violation[];
  /** Σ coef·x + offset recomputed from `values` (in float64, independently of the solver). */
  readonly objective: number;
  /** Largest violation amount (0 when feasible). */
  readonly maxViolation: number;
}

/** Tolerances of {@link checkSolution}. */
export interface CheckOptions {
  /**
   * Absolute feasibility tolerance for bounds and integrality; rows use
   * `tol · max(1, |bound|)` (default 1e-6, a little looser than HiGHS' 1e-7 primal tolerance so that
   * a correct solver answer passes, while a genuine violation does not).
   */
  readonly tol?: number;
}

/**
 * Independent solution checker (the YALPS idea): recomputes every row activity `Σ coef·x` of the
 * model, every variable bound, integrality of binary/integer variables and the objective from the
 * returned values, without trusting anything the solver reported.
 */
export function checkSolution(model: Model, values: ArrayLike<number>, options: CheckOptions = {}): SolutionCheck {
  const tol = options.tol ?? 1e-6;
  if (values.length !== model.variables.length) {
    throw new Error(`checkSolution: ${values.length} values for ${model.variables.length} variables of model "${model.name}"`);
  }
  const violations: Violation[] = [];
  const add = (kind: Violation["kind"], name: string, amount: number): void => {
    violations.push({ kind, name, amount });
  };
  model.variables.forEach((v, j) => {
    const x = values[j];
    if (!Number.isFinite(x)) {
      add("bound", v.name, Infinity);
      return;
    }
    const below = v.lb - x;
    const above = x - v.ub;
    if (below > tol) add("bound", v.name, below);
    if (above > tol) add("bound", v.name, above);
    if (v.type !== "continuous") {
      const frac = Math.abs(x - Math.round(x));
      if (frac > tol) add("integrality", v.name, frac);
    }
  });
  for (const row of model.rows) {
    let activity = 0;
    for (const t of row.terms) activity += t.coef * values[t.v];
    if (!Number.isFinite(activity)) {
      add("row", row.name, Infinity);
      continue;
    }
    const below = row.lb - activity;
    const above = activity - row.ub;
    if (below > tol * Math.max(1, Math.abs(row.lb))) add("row", row.name, below);
    if (above > tol * Math.max(1, Math.abs(row.ub))) add("row", row.name, above);
  }
  let objective = model.objective.offset;
  for (const t of model.objective.terms) objective += t.coef * values[t.v];
  const maxViolation = violations.reduce((m, v) => Math.max(m, v.amount), 0);
  return { feasible: violations.length === 0, violations, objective, maxViolation };
}
