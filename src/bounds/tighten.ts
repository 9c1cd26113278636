import type { Network } from "../dnn/network";
import { ModelBuilder, type Model, type Term } from "../milp/model";
import type { MilpSolver } from "../solver/types";
import { provenBound } from "../solver/proven-bound";
import { encodeNetwork } from "../encode/network";
import { preActivation } from "../encode/types";
import { activationBounds, intervalLayer } from "./interval";
import type { BoundsCheckpoint } from "./checkpoint";
import type { InputDomain, LayerBounds, LayerBoundsRecord, NeuronBoundSource } from "./types";

/**
 * Outward safety margin added to every solver-derived bound: solvers satisfy rows only up to a
 * feasibility tolerance (~1e-7), so a bound is widened by 1e-6 · (1 + |bound|). A margin, not a
 * rigorous safe bound (that would need a Neumaier-Shcherbina correction of the dual, which HiGHS
 * does not expose); tests search for inputs beyond the bounds (sampling, gradient ascent).
 */
export function padBound(value: number, direction: "upper" | "lower"): number {
  const pad = 1e-6 * (1 + Math.abs(value));
  return direction === "upper" ? value + pad : value - pad;
}

/** A progress report of a solver-based bound computation. */
export interface BoundsProgress {
  /** Layer k (1..K) of the neuron just finished. */
  readonly layer: number;
  /** Unit j of that layer. */
  readonly neuron: number;
  /** Neurons finished so far (all layers), and the total. */
  readonly done: number;
  readonly total: number;
  /** Seconds since the computation started. */
  readonly seconds: number;
}

/** Solver settings of one neuron's bound solves (the same in the main thread and in workers). */
export interface NeuronSolveSettings {
  /** Relax the binaries (the `lp` method); otherwise a MILP stopped early is combined with its LP relaxation. */
  readonly relax: boolean;
  /** Time limit of each maximisation / minimisation in seconds. */
  readonly timeLimitPerBound: number;
  /** Extra solver options for every bound solve, e.g. HiGHS `{ presolve: "off" }` (default none). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** What {@link tightenLayers} needs. */
export interface TightenOptions extends NeuronSolveSettings {
  readonly solver: MilpSolver;
  readonly skipStable: boolean;
  readonly inputDomain: InputDomain;
  readonly onProgress?: (progress: BoundsProgress) => void;
  readonly signal?: AbortSignal;
  /** Units proven by an interrupted earlier run are taken from here, and new ones appended (see `checkpoint.ts`). */
  readonly checkpoint?: BoundsCheckpoint;
}

/** The objective w_j^T x^{k-1} of unit j as model terms, and its constant b_j. */
export interface UnitObjective {
  readonly terms: readonly Term[];
  readonly constant: number;
}

/** The bounds of one unit found by {@link boundNeuron}. */
export interface NeuronBounds {
  readonly lower: number;
  readonly upper: number;
  /** Seconds spent on the unit (both directions). */
  readonly seconds: number;
  readonly source: NeuronBoundSource;
}

/**
 * The bound problem of layer k >= 2: the model of layers 1..k-1 (with the already tightened
 * bounds `done[0..k-2]`), the interval bound of every unit of layer k from those bounds, the
 * objective of each unit, and which units need the solver (all, or with `skipStable` those whose
 * interval bound does not already prove them stable).
 */
export interface LayerProblem {
  readonly layer: number;
  readonly base: Model;
  readonly cheap: LayerBounds;
  readonly objectives: readonly UnitObjective[];
  /** Units to solve, in increasing order. */
  readonly units: readonly number[];
}

/** Builds the {@link LayerProblem} of layer k (2..K) from the bounds of layers 1..k-1. */
export function layerProblem(
  net: Pick<Network, "inputSize" | "layers">,
  done: readonly LayerBounds[],
  k: number,
  options: Pick<TightenOptions, "relax" | "inputDomain" | "skipStable">,
): LayerProblem {
  const layer = net.layers[k - 1];
  const cheap = intervalLayer(layer, activationBounds(net.layers[k - 2], done[k - 2]));
  const b = new ModelBuilder(`bounds_layer${k}`);
  const enc = encodeNetwork(b, net, done, {
    upToLayer: k - 1,
    relax: options.relax,
    inputDomain: options.inputDomain,
    eliminateStable: true,
  });
  const objectives = layer.bias.map((_, j): UnitObjective => {
    const { terms, constant } = preActivation(layer, enc.x[k - 1], j);
    return { terms: terms.map(([v, coef]) => ({ v, coef })), constant };
  });
  const units = layer.bias.map((_, j) => j).filter((j) => !(options.skipStable && (cheap.upper[j] <= 0 || cheap.lower[j] >= 0)));
  return { layer: k, base: b.build(), cheap, objectives, units };
}

/**
 * Time limit (s) of the LP relaxation solved after a bound MILP stops early. These LPs take
 * milliseconds on MNIST networks; the limit only guards against a pathological LP, and an LP that
 * hits it proves nothing (the MILP's own dual bound is kept).
 */
export const LP_FALLBACK_TIME_LIMIT = 60;

/** The LP relaxation of a model: every binary z made continuous in [0, 1] (same columns). */
export function relaxedModel(model: Model): Model {
  return { ...model, variables: model.variables.map((v) => (v.type === "binary" ? { ...v, type: "continuous" as const } : v)) };
}

/**
 * Bounds of unit j of layer k: maximises and minimises w_j^T x^{k-1} over `base` (the model of
 * layers 1..k-1) and adds b_j. Only proven bounds count (see provenBound); a MILP stopped early is
 * combined with the LP relaxation of the same model (`relaxed`, built on first use); each side is
 * padded outwards (padBound) and intersected with the interval bound; a solve that proves nothing
 * keeps the interval bound ("fallback"), as does a crossing lower > upper.
 */
export async function boundNeuron(
  solver: MilpSolver,
  problem: { readonly layer: number; readonly base: Model; relaxed(): Model },
  unit: number,
  objective: UnitObjective,
  cheap: { readonly lower: number; readonly upper: number },
  settings: NeuronSolveSettings,
  signal?: AbortSignal,
): Promise<NeuronBounds> {
  const t0 = Date.now();
  // A relative gap only weakens the dual bound a bound solve keeps (still proven): it is passed as
  // the solve's relativeGap, which the status is read against, not as a raw HiGHS option.
  const { mip_rel_gap: gap, ...rest } = settings.solverOptions ?? {};
  const relativeGap = typeof gap === "number" ? gap : 0;
  const extra = Object.keys(rest).length === 0 ? {} : { solverOptions: rest };
  let lower = cheap.lower;
  let upper = cheap.upper;
  let source: NeuronBoundSource = "optimal";
  const { base, layer: k } = problem;
  for (const sense of ["maximize", "minimize"] as const) {
    signal?.throwIfAborted();
    const model: Model = { ...base, name: `bounds_${k}_${unit}_${sense}`, objective: { sense, terms: objective.terms, offset: 0 } };
    const result = await solver.solve(model, { timeLimit: settings.timeLimitPerBound, relativeGap, quiet: true, signal, ...extra });
    const milpBound = provenBound(result, sense);
    let bound = milpBound;
    if ((result.status !== "optimal" || bound === null) && !settings.relax) {
      // MILP stopped early (its dual bound may be weaker than the LP relaxation's, or missing), or
      // its bound contradicted its incumbent (provenBound): the LP relaxation is sound either way.
      const lp = await solver.solve({ ...problem.relaxed(), objective: model.objective, name: `${model.name}_lp` }, { timeLimit: LP_FALLBACK_TIME_LIMIT, quiet: true, signal, ...extra });
      const lpBound = provenBound(lp, sense);
      if (lpBound !== null && lp.status === "optimal") {
        bound = bound === null ? lpBound : sense === "maximize" ? Math.min(bound, lpBound) : Math.max(bound, lpBound);
      }
    }
    if (bound === null) {
      source = "fallback";
      continue;
    }
    if ((result.status !== "optimal" || milpBound === null) && source === "optimal") source = "dual-bound";
    if (sense === "maximize") upper = Math.min(upper, padBound(bound + objective.constant, "upper"));
    else lower = Math.max(lower, padBound(bound + objective.constant, "lower"));
  }
  if (lower > upper) {
    // Only possible through solver tolerances on a (near-)constant unit: keep the interval bounds.
    lower = cheap.lower;
    upper = cheap.upper;
    source = "fallback";
  }
  return { lower, upper, seconds: (Date.now() - t0) / 1000, source };
}

/**
 * Solves the units `problem.units` of one layer and hands each result to `done` (in any order).
 * The sequential solver is {@link solveUnitsInThread}; `parallel-tighten.ts` spreads them over workers.
 */
export type LayerUnitsSolver = (
  problem: LayerProblem,
  done: (unit: number, bounds: NeuronBounds) => void,
) => Promise<void>;

/** Solves a layer's units one after the other with `options.solver` on this thread. */
export function solveUnitsInThread(options: TightenOptions): LayerUnitsSolver {
  return async (problem, done) => {
    let relaxed: Model | null = null;
    const context = { layer: problem.layer, base: problem.base, relaxed: (): Model => (relaxed ??= relaxedModel(problem.base)) };
    for (const j of problem.units) {
      const cheap = { lower: problem.cheap.lower[j], upper: problem.cheap.upper[j] };
      done(j, await boundNeuron(options.solver, context, j, problem.objectives[j], cheap, options, options.signal));
    }
  };
}

/**
 * Tightens the pre-activation bounds layer by layer (thesis 3.2, "improved model"): for layer
 * k >= 2 and each unit j, the model of layers 1..k-1 (with the already tightened bounds; the
 * other units of layer k and all later layers removed) is solved twice, maximising and minimising
 * w_j^T x^{k-1} + b_j (see {@link boundNeuron}). With `relax` the binaries are relaxed (the `lp`
 * method). Layer 1 keeps the interval bounds, which are exact over a box. A unit whose interval
 * bound (from the tightened previous layer) already proves it stable skips the solver when
 * `skipStable` is set. The units of one layer are independent given layers < k: `solveUnits`
 * (default: one after the other on this thread) may solve them in any order or in parallel.
 */
export async function tightenLayers(
  net: Pick<Network, "inputSize" | "layers">,
  first: LayerBounds,
  options: TightenOptions,
  solveUnits: LayerUnitsSolver = solveUnitsInThread(options),
): Promise<LayerBoundsRecord[]> {
  const started = Date.now();
  const total = net.layers.reduce((n, l) => n + l.bias.length, 0);
  let done = 0;
  const report = (layer: number, neuron: number): void => {
    done++;
    options.onProgress?.({ layer, neuron, done, total, seconds: (Date.now() - started) / 1000 });
  };
  const out: LayerBoundsRecord[] = [
    { ...first, seconds: first.lower.map(() => 0), source: first.lower.map((): NeuronBoundSource => "interval") },
  ];
  for (let j = 0; j < first.lower.length; j++) report(1, j);
  for (let k = 2; k <= net.layers.length; k++) {
    options.signal?.throwIfAborted();
    const problem = layerProblem(net, out, k, options);
    const lower = problem.cheap.lower.slice();
    const upper = problem.cheap.upper.slice();
    const seconds = lower.map(() => 0);
    const source = lower.map((): NeuronBoundSource => "interval");
    const solved = new Set(problem.units);
    for (let j = 0; j < lower.length; j++) if (!solved.has(j)) report(k, j);
    const set = (j: number, r: NeuronBounds): void => {
      lower[j] = r.lower;
      upper[j] = r.upper;
      seconds[j] = r.seconds;
      source[j] = r.source;
      report(k, j);
    };
    const restored = options.checkpoint?.solved.get(k);
    const todo = problem.units.filter((j) => {
      const r = restored?.get(j);
      if (r !== undefined) set(j, r);
      return r === undefined;
    });
    await solveUnits({ ...problem, units: todo }, (j, r) => {
      options.checkpoint?.record(k, j, r);
      set(j, r);
    });
    options.signal?.throwIfAborted();
    out.push({ lower, upper, seconds, source });
  }
  return out;
}
