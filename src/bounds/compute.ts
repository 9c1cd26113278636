import type { Network } from "../dnn/network";
import type { MilpSolver } from "../solver/types";
import { intervalBounds } from "./interval";
import { tightenLayers, type BoundsProgress } from "./tighten";
import { UNIT_DOMAIN, type BoundsMethod, type InputDomain, type NetworkBounds, BOUNDS_METHODS } from "./types";

/** Options of {@link computeBounds}. */
export interface ComputeBoundsOptions {
  /** How to obtain the bounds (see {@link BoundsMethod}). */
  readonly method: BoundsMethod;
  /** Input domain (7e) of x^0 (default [0, 1]). */
  readonly inputDomain?: InputDomain;
  /** The solver for `lp`, `milp` and `weak-milp` (required for those). */
  readonly solver?: MilpSolver;
  /**
   * Time limit per bound (one maximisation or minimisation) in seconds: default 1 for
   * `weak-milp` (the thesis), 60 for `milp` and `lp`. At the limit the proven dual bound is kept.
   */
  readonly timeLimitPerBound?: number;
  /**
   * Skip the solver for a unit whose interval bound (from the tightened previous layer) already
   * proves it stable (upper <= 0 or lower >= 0), keeping that interval bound (default true).
   */
  readonly skipStable?: boolean;
  /** Called after every neuron (neurons done / total). */
  readonly onProgress?: (progress: BoundsProgress) => void;
  /** Aborting stops the computation with an error. */
  readonly signal?: AbortSignal;
}

/** Default per-bound time limit of each method, in seconds. */
export const DEFAULT_TIME_LIMIT_PER_BOUND: Readonly<Record<BoundsMethod, number>> = {
  interval: 0,
  lp: 60,
  milp: 60,
  "weak-milp": 1,
};

/**
 * Computes pre-activation bounds for every layer k = 1..K of `net` over the input domain with the
 * chosen method (thesis 3.2). Every returned bound is sound: either interval arithmetic or a
 * proven solver bound widened by a tiny tolerance margin.
 */
export async function computeBounds(net: Network, options: ComputeBoundsOptions): Promise<NetworkBounds> {
  const method = options.method;
  if (!BOUNDS_METHODS.includes(method)) {
    throw new Error(`bounds method "${String(method)}" is unknown (use ${BOUNDS_METHODS.join(", ")})`);
  }
  const inputDomain = options.inputDomain ?? UNIT_DOMAIN;
  const started = Date.now();
  const interval = intervalBounds(net, inputDomain);
  const base = { network: net.name, method, inputDomain, createdAt: new Date().toISOString() };
  if (method === "interval") {
    const total = interval.reduce((n, l) => n + l.lower.length, 0);
    options.onProgress?.({ layer: net.layers.length, neuron: 0, done: total, total, seconds: 0 });
    return { ...base, seconds: (Date.now() - started) / 1000, layers: interval };
  }
  if (options.solver === undefined) throw new Error(`bounds method "${method}" needs options.solver`);
  const timeLimitPerBound = options.timeLimitPerBound ?? DEFAULT_TIME_LIMIT_PER_BOUND[method];
  if (!(timeLimitPerBound > 0)) throw new Error(`timeLimitPerBound must be positive, got ${timeLimitPerBound}`);
  const skipStable = options.skipStable ?? true;
  const layers = await tightenLayers(net, interval[0], {
    relax: method === "lp",
    solver: options.solver,
    timeLimitPerBound,
    skipStable,
    inputDomain,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  return {
    ...base,
    seconds: (Date.now() - started) / 1000,
    layers,
    timeLimitPerBound,
    skipStable,
    solver: options.solver.name,
  };
}
