import type { Network } from "../dnn/network";
import { statusOptionClash } from "../solver/option-guard";
import type { MilpSolver } from "../solver/types";
import { networkFingerprint } from "./fingerprint";
import { intervalBounds } from "./interval";
import { tightenLayersParallel } from "./parallel-tighten";
import type { BoundsCheckpoint } from "./checkpoint";
import { tightenLayers, type BoundsProgress, type TightenOptions } from "./tighten";
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
  /**
   * Worker threads over which the units of one layer are solved (default 1: all solves on this
   * thread with `solver`). With N > 1 each worker has its own HiGHS instance and solves the same
   * models, so the bounds are the same as with 1; a worker that crashes twice on a unit leaves that
   * unit its interval bound ("fallback").
   */
  readonly workers?: number;
  /**
   * Extra solver options for every bound solve, passed through by name (e.g. HiGHS
   * `{ presolve: "off" }`; see `docs/performance.md`, "Improved-model presolve"). Default none.
   */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Resume from / record into this checkpoint (see `checkpoint.ts`; `resolveBounds` opens one
   * next to the cache file). Default none.
   */
  readonly checkpoint?: BoundsCheckpoint;
}

/** Default per-bound time limit of each method, in seconds. */
export const DEFAULT_TIME_LIMIT_PER_BOUND: Readonly<Record<BoundsMethod, number>> = {
  interval: 0,
  lp: 60,
  milp: 60,
  "weak-milp": 1,
};

/**
 * The per-bound time limit and worker count a solver method will use, checked: callers that open
 * files first (`resolveBounds`' checkpoint) call it before, so a bad value leaves nothing behind.
 * @throws naming the option when `timeLimitPerBound` is not a positive finite number, `workers`
 *   not a positive integer, or `solverOptions` sets `time_limit` or anything `statusOptionClash`
 *   refuses (a `mip_rel_gap` is fine: it only weakens the proven dual bound each solve keeps).
 */
export function solverBoundsSettings(options: Pick<ComputeBoundsOptions, "method" | "timeLimitPerBound" | "workers" | "solverOptions">): { timeLimitPerBound: number; workers: number } {
  const timeLimitPerBound = options.timeLimitPerBound ?? DEFAULT_TIME_LIMIT_PER_BOUND[options.method];
  if (!(timeLimitPerBound > 0) || !Number.isFinite(timeLimitPerBound)) throw new Error(`timeLimitPerBound must be a positive finite number, got ${timeLimitPerBound}`);
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  for (const [key, value] of Object.entries(options.solverOptions ?? {})) {
    // mip_rel_gap becomes each bound solve's relativeGap (tighten.ts); every other option obeys the solver's guard.
    if (key === "mip_rel_gap") continue;
    if (key === "time_limit") throw new Error(`solverOptions.time_limit: set the limit of each bound's solve with timeLimitPerBound`);
    const clash = statusOptionClash(key, value, timeLimitPerBound, 0);
    if (clash !== null) throw new Error(clash);
  }
  return { timeLimitPerBound, workers };
}

/**
 * Computes pre-activation bounds for every layer k = 1..K of `net` over the input domain with the
 * chosen method (thesis 3.2). Every returned bound is sound up to the solvers' tolerances: either
 * interval arithmetic in float64 rounded outward by a rigorous error bound (`intervalLayer`),
 * or a proven solver bound (dual bound) widened by
 * {@link padBound}, a margin for the solver's tolerances that is not a rigorous (Neumaier-
 * Shcherbina) safe bound. Soundness is tested by sampling and by gradient ascent on every neuron
 * (`test/bounds`, notebook 02), and every example is re-checked in float64.
 */
export async function computeBounds(net: Network, options: ComputeBoundsOptions): Promise<NetworkBounds> {
  const method = options.method;
  if (!BOUNDS_METHODS.includes(method)) {
    throw new Error(`bounds method "${String(method)}" is unknown (use ${BOUNDS_METHODS.join(", ")})`);
  }
  const inputDomain = options.inputDomain ?? UNIT_DOMAIN;
  const started = Date.now();
  const interval = intervalBounds(net, inputDomain);
  const base = { network: net.name, method, inputDomain, createdAt: new Date().toISOString(), networkFingerprint: networkFingerprint(net) };
  if (method === "interval") {
    const total = interval.reduce((n, l) => n + l.lower.length, 0);
    options.onProgress?.({ layer: net.layers.length, neuron: 0, done: total, total, seconds: 0 });
    return { ...base, seconds: (Date.now() - started) / 1000, layers: interval };
  }
  if (options.solver === undefined) throw new Error(`bounds method "${method}" needs options.solver`);
  const { timeLimitPerBound, workers } = solverBoundsSettings(options);
  const skipStable = options.skipStable ?? true;
  const tighten: TightenOptions = {
    relax: method === "lp",
    solver: options.solver,
    timeLimitPerBound,
    skipStable,
    inputDomain,
    onProgress: options.onProgress,
    signal: options.signal,
    ...(options.checkpoint !== undefined ? { checkpoint: options.checkpoint } : {}),
    ...(options.solverOptions !== undefined ? { solverOptions: options.solverOptions } : {}),
  };
  const layers = workers === 1 ? await tightenLayers(net, interval[0], tighten) : await tightenLayersParallel(net, interval[0], tighten, { workers });
  return {
    ...base,
    seconds: (Date.now() - started) / 1000,
    layers,
    timeLimitPerBound,
    skipStable,
    solver: options.solver.name,
    ...(workers > 1 ? { workers } : {}),
    ...(options.solverOptions !== undefined ? { solverOptions: options.solverOptions } : {}),
  };
}
