import { CORE_PLANS } from "../best/core-methods";
import type { BoundsMethod } from "../bounds/types";
import type { BenchMethod } from "./row";

/**
 * What each benchmark method does (thesis 3.2 and 4.2): which global big-M bounds it encodes
 * with (computed once per network, cached in data/bounds/, their seconds = "Presolve"), whether
 * the binaries of neurons the bounds prove stable are dropped, and whether a gradient-attack
 * incumbent is used (MIP start + bounds over its L1 ball + the cap Σ δ_j ≤ u, see
 * src/best/best-attack.ts and docs/performance.md, "Speed ideas").
 *
 * THE HOOK for `best`: change its entry (attack-job.ts calls the formulation's `findAdversarialExampleBest`, src/best/, when `incumbent` is set)
 * when the performance work finds something faster; the rows record the method by name only.
 */
export interface MethodPlan {
  /** Global pre-activation bounds: the formulation's bounds method. */
  readonly bounds: BoundsMethod;
  /** Drop z^k_j of neurons proven stable (false = the thesis' model, every ReLU gets a binary). */
  readonly eliminateStable: boolean;
  /** Run the gradient attack first; its example is the MIP start and its L1 distance u bounds the model. */
  readonly incumbent: boolean;
  /** Wall-clock seconds given to the gradient attack (counted in the row's seconds). */
  readonly attackSeconds: number;
  /** Test images (from the last one down to index 5000, or to the middle of a smaller set) the network classifies as the target, handed to the attack as guides. */
  readonly guides: number;
  /**
   * With `incumbent`: shrink the L1 ball between a proven lower bound and u before the final solve
   * (`findAdversarialExampleShrink`, src/best/shrinking-balls.ts) instead of solving over u at once.
   */
  readonly shrink?: boolean;
  /**
   * With `shrink`: tighten every round's ball bounds (`ShrinkOptions.tighten`, src/best/ball-obbt.ts;
   * core method `best-shrink-milp` = "milp" with `tightenProbe` 0). Unset = "none", the measured
   * `shrink` rows; setting it changes what new `shrink` rows mean, so note it in docs/performance.md.
   */
  readonly tighten?: "none" | "lp" | "milp";
  /** With `shrink`: share of the time limit for the rounds (`ShrinkOptions.shrinkShare`, default 0.5). */
  readonly shrinkShare?: number;
  /** With `tighten: "milp"`: `ShrinkOptions.tightenProbe` (default 3; `best-shrink-milp` uses 0). */
  readonly tightenProbe?: number;
  /** With `incumbent`: seconds for the region descent of the attack's (and the rounds') examples (`BestOptions.regionDescentSeconds`, default 0 = off). */
  readonly regionDescentSeconds?: number;
  /** HiGHS options by name (default: the solver's, or the best method's own). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** The `shrink` method's plan (best + shrinking L1 balls), also the base of `region`. */
const SHRINK_PLAN: MethodPlan = {
  bounds: CORE_PLANS.best.bounds,
  eliminateStable: CORE_PLANS.best.eliminateStable,
  incumbent: true,
  attackSeconds: 1,
  guides: 5,
  shrink: true,
  solverOptions: CORE_PLANS.best.solverOptions,
};

/** The plan of every method. */
export const METHOD_PLANS: Readonly<Record<BenchMethod, MethodPlan>> = {
  /** Base model: interval-arithmetic bounds. */
  base: { bounds: "interval", eliminateStable: false, incumbent: false, attackSeconds: 0, guides: 0 },
  /** Improved model: one MILP per neuron, solved to optimality. */
  improved: { bounds: "milp", eliminateStable: false, incumbent: false, attackSeconds: 0, guides: 0 },
  /** Weaker improved model: the same MILPs, 1 s each, proven dual bound kept. */
  weak: { bounds: "weak-milp", eliminateStable: false, incumbent: false, attackSeconds: 0, guides: 0 },
  /** This project's best so far, as the performance work defines it (src/best/core-methods.ts `CORE_PLANS.best`). */
  best: {
    bounds: CORE_PLANS.best.bounds,
    eliminateStable: CORE_PLANS.best.eliminateStable,
    incumbent: CORE_PLANS.best.incumbent,
    attackSeconds: 1,
    guides: 5,
    solverOptions: CORE_PLANS.best.solverOptions,
  },
  /** best + shrinking L1 balls (`best-shrink` of src/best/core-methods.ts); a method of its own so the best rows stay one version. */
  shrink: SHRINK_PLAN,
  /**
   * shrink from region-descended incumbents (`best-shrink-region` of src/best/core-methods.ts): LPs
   * over the linear regions around the attack's example (src/attack/region-descent.ts) reach the
   * proven optimum on most images before the first MILP; a method of its own so the shrink rows stay one version.
   */
  region: { ...SHRINK_PLAN, regionDescentSeconds: CORE_PLANS["best-shrink-region"].regionDescentSeconds },
};

/** Parses a comma-separated method list ("base,improved"), naming any unknown method. */
export function parseMethods(text: string): BenchMethod[] {
  const methods = text.split(",").map((m) => m.trim()).filter((m) => m !== "");
  for (const m of methods) {
    if (!(m in METHOD_PLANS)) throw new Error(`--methods: unknown method "${m}" (use ${Object.keys(METHOD_PLANS).join(", ")})`);
  }
  if (methods.length === 0) throw new Error("--methods: give at least one method");
  return [...new Set(methods)] as BenchMethod[];
}
