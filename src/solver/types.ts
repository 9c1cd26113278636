import type { Model, Objective } from "../milp/model";

/**
 * Outcome of a solve. "optimal" = proven within the requested `relativeGap` (0: a proven optimum;
 * Table 3's 0.01: an incumbent within 1 % of the proven bound); a crash or solver failure is "error".
 */
export type SolveStatus = "optimal" | "time-limit" | "infeasible" | "unbounded" | "interrupted" | "error";

/** A progress report from inside a MIP solve (from HiGHS' MIP callbacks). */
export interface SolveProgress {
  /** Seconds since the solve started. */
  readonly seconds: number;
  /** Branch-and-bound nodes explored so far. */
  readonly nodes: number;
  /** Best objective found so far (incumbent), or null. */
  readonly incumbent: number | null;
  /** Proven bound on the optimum (mip_dual_bound). */
  readonly bound: number | null;
  /** Relative gap |incumbent − bound| / max(1e-9, |incumbent|), or null without incumbent. */
  readonly gap: number | null;
}

/** Options for one solve; every solve has a time limit. */
export interface SolveOptions {
  /** Wall-clock limit in seconds (default 300, the thesis' limit). */
  readonly timeLimit?: number;
  /** Relative MIP gap at which to stop (default 0: solve to optimality; Table 3 uses 0.01). */
  readonly relativeGap?: number;
  /** Suppress solver log output (default true). */
  readonly quiet?: boolean;
  /** Called on MIP progress; return "interrupt" to stop the solve early. */
  readonly onProgress?: (progress: SolveProgress) => void | "interrupt";
  /** Aborting this signal interrupts the solve (status "interrupted"). */
  readonly signal?: AbortSignal;
  /** A feasible starting point (one value per model variable) handed to the solver as a MIP start. */
  readonly mipStart?: ArrayLike<number>;
  /** Extra solver-specific options, passed through by name (e.g. HiGHS "mip_heuristic_effort"). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** The typed result of one solve. */
export interface SolveResult {
  /** How the solve ended (see {@link SolveStatus}). */
  readonly status: SolveStatus;
  /** Objective of the best solution found (incumbent), or null if none. */
  readonly objective: number | null;
  /** Proven bound on the optimum (mip_dual_bound for MIPs; the objective for LPs), or null. */
  readonly bound: number | null;
  /** Relative gap between objective and bound, or null without a solution. */
  readonly gap: number | null;
  /** Branch-and-bound nodes (0 for an LP). */
  readonly nodes: number;
  /** Wall-clock seconds of the solve. */
  readonly seconds: number;
  /** Values of the model variables in the best solution, or null. */
  readonly values: Float64Array | null;
  /** Human-readable detail (always set for "error"). */
  readonly message?: string;
  /** Solver name and version, e.g. "highs-js 1.15.3". */
  readonly solver: string;
}

/** Anything that can solve a {@link Model}. */
export interface MilpSolver {
  /** Solver name and version, e.g. "highs-js 1.15.3 (HiGHS 1.15.1)". */
  readonly name: string;
  /** Solves `model` within `options.timeLimit`; never throws for a solver failure (status "error"). */
  solve(model: Model, options?: SolveOptions): Promise<SolveResult>;
}

/** One LP of a sequence (`HighsSolver.solveLpSequence`): only an "optimal" value is a proven optimum. */
export interface LpSequenceResult {
  /** How this LP ended. */
  readonly status: SolveStatus;
  /** The optimal objective (offset included) when status is "optimal", else null. */
  readonly objective: number | null;
  /** Detail when the LP did not end "optimal". */
  readonly message?: string;
}

/** Options of {@link LpSequenceSolver.solveLpSequence}. */
export interface LpSequenceOptions extends Pick<SolveOptions, "timeLimit" | "solverOptions"> {
  /**
   * Seconds for the whole sequence (default: no limit beyond `timeLimit` per LP): each LP gets at
   * most what is left, and the LPs not started when it has run out end "time-limit" (no value).
   */
  readonly totalTimeLimit?: number;
}

/** A solver that can also run a sequence of LPs on one persistent model (warm-started simplex). */
export interface LpSequenceSolver extends MilpSolver {
  /** See `HighsSolver.solveLpSequence`: `model.objective` is ignored, one result per objective. */
  solveLpSequence(model: Model, objectives: readonly Objective[], options?: LpSequenceOptions): Promise<LpSequenceResult[]>;
}

/** True when `solver` offers {@link LpSequenceSolver.solveLpSequence}. */
export function canSolveLpSequence(solver: MilpSolver): solver is LpSequenceSolver {
  return typeof (solver as Partial<LpSequenceSolver>).solveLpSequence === "function";
}
