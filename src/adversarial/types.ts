import type { BoundsMethod, InputDomain, NetworkBounds } from "../bounds/types";
import type { EncodedNetwork } from "../encode/network";
import type { ModelBuilder, VarRef } from "../milp/model";
import type { MilpSolver, SolveProgress, SolveStatus } from "../solver/types";

/** Objective norm: (9) Σ_j δ_j ("l1", the thesis) or max_j δ_j ("linf"). */
export type DeviationNorm = "l1" | "linf";

/** See {@link AdversarialOptions.deviation}. */
export type DeviationEncoding = "split" | "thesis";

/**
 * One term of a declarative linear constraint: `coef` times x^k_j (`variable` "x", the default;
 * layer 0 = input pixels), s^k_j ("s"), or the deviation δ_j of pixel j ("delta", layer 0 only).
 * A neuron's phase is fixed with x or s: x^k_j = 0 forces it inactive, s^k_j = 0 active (for z
 * itself, use an `extraConstraints` callback: `vars.z[k][j]`).
 */
export interface ConstraintTerm {
  readonly layer: number;
  readonly unit: number;
  readonly coef: number;
  readonly variable?: "x" | "s" | "delta";
}

/** A declarative linear constraint `Σ terms (sense) rhs` on pixels, deviations or neurons. */
export interface LinearConstraint {
  /** Shown in errors, and in the row's name in LP/MPS exports (`user<i>_<name>`, other characters as _). */
  readonly name?: string;
  readonly terms: readonly ConstraintTerm[];
  readonly sense: "<=" | ">=" | "=";
  readonly rhs: number;
}

/** What an `extraConstraints` callback receives: the builder and every variable of the model. */
export interface AdversarialContext {
  readonly builder: ModelBuilder;
  /** x^k, s^k, z^k for k = 0..K (x[0] are the pixels of the adversarial example). */
  readonly vars: EncodedNetwork;
  /**
   * The deviation δ_j >= |x^0_j - x̃_j| of (9) of each pixel j as a linear expression: [[δ_j, 1]]
   * with the thesis encoding, [[p_j, 1], [n_j, 1]] with the split encoding (see `deviation`).
   */
  readonly delta: readonly (readonly (readonly [VarRef, number])[])[];
  /** The original image x̃. */
  readonly image: ArrayLike<number>;
  readonly target: number;
  readonly label: number;
}

/** Options of `findAdversarialExample`; defaults follow the thesis (3.3). */
export interface AdversarialOptions {
  /** The image's class d̃ (default: the network's prediction for the image). */
  readonly label?: number;
  /** Target class d (default (d̃ + 5) mod 10); must differ from the label. */
  readonly target?: number;
  /** Ratio of (8): x^K_d >= ratio · x^K_j for j != d (default 1.2). */
  readonly ratio?: number;
  /** Objective: "l1" = (9) Σ δ_j (default), "linf" = max δ_j. */
  readonly norm?: DeviationNorm;
  /** Floor x^K_d >= this (default 0.01, Fig 4c); 0 or null disables it (Fig 4b). */
  readonly minTargetActivation?: number | null;
  /** Maximum deviation Δ per pixel, δ_j <= Δ (Fig 4d, 4e); default none. */
  readonly maxDeviation?: number;
  /** Domain (7e) of the pixels (default [0, 1]). */
  readonly inputDomain?: InputDomain;
  /** Bounds to encode with, or a method to obtain them (cached in data/bounds/); default "interval". */
  readonly bounds?: NetworkBounds | BoundsMethod;
  /** Per-bound time limit when bounds are computed here (see computeBounds). */
  readonly timeLimitPerBound?: number;
  /** Read/write the bounds cache in data/bounds/ when `bounds` is a method name (default true). */
  readonly cacheBounds?: boolean;
  /** Drop binaries of neurons the bounds prove stable (default true; false = the thesis model). */
  readonly eliminateStable?: boolean;
  /**
   * How the deviation of (9) is modelled: "split" (default) writes x_j = x̃_j + p_j - n_j with
   * 0 <= p_j <= ub_j - x̃_j, 0 <= n_j <= x̃_j - lb_j and δ_j = p_j + n_j (one equality per pixel that
   * presolve substitutes away; same optimum); "thesis" writes δ_j with the two rows of (9).
   */
  readonly deviation?: DeviationEncoding;
  /** Declarative linear constraints on pixels, deviations or neurons. */
  readonly constraints?: readonly LinearConstraint[];
  /**
   * Adds rows and variables to the model before it is solved, or changes bounds (`setBounds`,
   * `setRowBounds`); replacing the objective Σ_j δ_j (δ from (9)) is refused. An added row restricts the problem:
   * status, bound and "infeasible" are then those of the restricted problem (as for
   * `constraints`). A relaxed row or bound relaxes it: the proven bound and "infeasible" still
   * hold for the spec, but an example is reported only if it passes the float64 re-check of the
   * spec (condition (8) with rows `cond8[j]`, `floor`; the domain; Δ). To search another input
   * domain use `inputDomain`, which recomputes the bounds the big-M rows (7c)-(7d) rest on;
   * widening x^0 here leaves them valid only over the old domain. Another condition (e.g.
   * untargeted, every other class: `findUntargeted`) is a solve per target.
   */
  readonly extraConstraints?: (ctx: AdversarialContext) => void;
  /** The solver (default: a new HighsSolver). */
  readonly solver?: MilpSolver;
  /** Time limit of the MILP in seconds (default 300, the thesis). */
  readonly timeLimit?: number;
  /** Relative gap at which to stop (default 0; Table 3 uses 0.01). */
  readonly relativeGap?: number;
  /** A starting image (an adversarial example found otherwise), handed to the solver as a MIP start. */
  readonly start?: ArrayLike<number>;
  /** Solver progress. */
  readonly onProgress?: (progress: SolveProgress) => void | "interrupt";
  readonly signal?: AbortSignal;
  /** Extra solver options by name (e.g. HiGHS "mip_heuristic_effort"). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** The float64 re-check of a candidate adversarial example (see `verifyAdversarial`). */
export interface Verification {
  /** (8) holds: x^K_d - ratio · x^K_j >= -tolerance for every j != d. */
  readonly ratioHolds: boolean;
  /** min over j != d of x^K_d - ratio · x^K_j (>= 0 when (8) holds exactly). */
  readonly ratioSlack: number;
  /** The floor x^K_d >= minTargetActivation - tolerance holds (true when there is no floor). */
  readonly floorHolds: boolean;
  /** Every pixel lies in the input domain. */
  readonly inDomain: boolean;
  /** Every |x_j - x̃_j| <= Δ + tolerance (true without Δ). */
  readonly withinMaxDeviation: boolean;
  /** Every declarative constraint holds within tolerance · max(1, |rhs|) (true without any). */
  readonly constraintsHold: boolean;
  /**
   * The float64 output's arg max is the target, strictly: x^K_d > x^K_j for every j != d. Not
   * part of `isVerified`, which checks the model's constraints: with the ratio 1 or without the
   * floor, (8) admits a tie such as the all-zero output of the thesis' Fig. 4b, which satisfies
   * the model but is classified as another digit (`isAdversarial` asks for both).
   */
  readonly classifiedAsTarget: boolean;
  /** The absolute tolerance used (1e-6). */
  readonly tolerance: number;
  /** What failed, in words (empty when the example is adversarial: verified and classified as the target). */
  readonly reasons: readonly string[];
}

/** The typed result of `findAdversarialExample`. */
export interface AdversarialResult {
  readonly status: SolveStatus;
  readonly network: string;
  readonly label: number;
  readonly target: number;
  /** The network's prediction for the original image. */
  readonly originalPrediction: number;
  readonly norm: DeviationNorm;
  /** Σ |x_j - x̃_j| and max |x_j - x̃_j| of the reported example (float64), or null. */
  readonly l1: number | null;
  readonly linf: number | null;
  /** Solver objective (incumbent) and proven bound, relative gap. */
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number;
  /** Seconds of the MILP solve (the thesis' "Time"). */
  readonly seconds: number;
  /** Seconds spent computing the bounds (the thesis' "Presolve"; recorded in the bounds, also when cached). */
  readonly presolveSeconds: number;
  readonly boundsMethod: BoundsMethod;
  readonly boundsCached: boolean;
  /** The adversarial example (pixels clipped to the domain), or null. */
  readonly adversarial: Float64Array | null;
  /** Its float64 outputs x^K, or null. */
  readonly outputs: number[] | null;
  /** argmax of `outputs`, or null. */
  readonly predicted: number | null;
  /** True when the float64 forward pass confirms (8), the floor, the domain, Δ and the declarative constraints. */
  readonly verified: boolean;
  readonly verification: Verification | null;
  /** Size of the MILP as built (binaries: its integer variables, callback-added ones included). */
  readonly model: { readonly variables: number; readonly rows: number; readonly binaries: number };
  /** Solver or verification message, if any. */
  readonly message?: string;
}
