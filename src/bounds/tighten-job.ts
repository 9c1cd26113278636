import type { CreateJobHandler } from "../bench/pool";
import type { Model } from "../milp/model";
import { HighsSolver } from "../solver/highs";
import { boundNeuron, relaxedModel, type NeuronBounds, type NeuronSolveSettings, type UnitObjective } from "./tighten";

/**
 * The worker side of `parallel-tighten.ts`: a handler module for the generic worker entry
 * `src/bench/pool-worker.ts`. Each worker gets one layer's bound problem once (as `init`) and
 * owns its own HiGHS instance; every job is one unit j of that layer, answered with
 * {@link boundNeuron} exactly as the sequential path does (same model, same settings).
 */

/** What every worker of one layer starts with: the model of layers 1..k-1 and the solve settings. */
export interface TightenWorkerInit {
  /** Layer k (2..K) whose units the jobs bound. */
  readonly layer: number;
  /** The model of layers 1..k-1 (objective to be replaced per unit and sense). */
  readonly base: Model;
  readonly settings: NeuronSolveSettings;
}

/** One job: unit j of the layer, its objective w_j^T x^{k-1} (+ b_j) and its interval bound. */
export interface TightenJob {
  readonly unit: number;
  readonly objective: UnitObjective;
  readonly cheap: { readonly lower: number; readonly upper: number };
}

/** Creates a worker's handler: one HighsSolver, the layer's model and its LP relaxation (built on first use). */
export const createJobHandler: CreateJobHandler<TightenWorkerInit, TightenJob, NeuronBounds> = async (init) => {
  if (typeof init !== "object" || init === null || !Number.isInteger(init.layer) || !Array.isArray(init.base?.variables)) {
    throw new Error("tighten-job: init must be { layer, base, settings } (a TightenWorkerInit)");
  }
  const solver = await HighsSolver.create();
  let relaxed: Model | null = null;
  const context = { layer: init.layer, base: init.base, relaxed: (): Model => (relaxed ??= relaxedModel(init.base)) };
  return (job) => boundNeuron(solver, context, job.unit, job.objective, job.cheap, init.settings);
};
