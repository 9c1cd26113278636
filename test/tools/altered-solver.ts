import type { Model } from "../../src/milp/model";
import type { MilpSolver, SolveOptions, SolveResult } from "../../src/solver/types";

/**
 * A real solver whose answers a test alters (a dual bound that lies, a solution dropped or
 * corrupted), to check that callers do not trust what they must not. `alter` sees the model and
 * options of each solve; return the result unchanged to leave a solve alone.
 */
export function alteredSolver(real: MilpSolver, name: string, alter: (result: SolveResult, model: Model, options: SolveOptions | undefined) => SolveResult): MilpSolver {
  return { name, solve: async (model, options) => alter(await real.solve(model, options), model, options) };
}
