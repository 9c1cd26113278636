import { checkSolution } from "../../src/milp/check";
import type { Model } from "../../src/milp/model";
import type { MilpSolver, SolveOptions, SolveResult } from "../../src/solver/types";

/**
 * A real solver wrapped so that every answer carrying values is checked with the independent
 * checker (`checkSolution`): any violated row, bound or integrality throws, failing the test.
 */
export class CheckingSolver implements MilpSolver {
  /** Answers checked so far. */
  checked = 0;
  constructor(private readonly inner: MilpSolver) {}

  get name(): string {
    return `${this.inner.name} (checked)`;
  }

  async solve(model: Model, options?: SolveOptions): Promise<SolveResult> {
    const result = await this.inner.solve(model, options);
    if (result.values !== null) {
      const check = checkSolution(model, result.values);
      if (!check.feasible) {
        throw new Error(`solver answer for "${model.name}" violates the model: ${check.violations.slice(0, 3).map((v) => `${v.kind} ${v.name} by ${v.amount}`).join("; ")}`);
      }
      if (result.objective !== null && Math.abs(check.objective - result.objective) > 1e-6 * (1 + Math.abs(result.objective))) {
        throw new Error(`solver objective ${result.objective} differs from the recomputed ${check.objective} for "${model.name}"`);
      }
      this.checked++;
    }
    return result;
  }
}
