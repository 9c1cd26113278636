import * as path from "node:path";
import { runPool } from "../bench/pool";
import type { Network } from "../dnn/network";
import type { TightenJob, TightenWorkerInit } from "./tighten-job";
import { tightenLayers, type LayerUnitsSolver, type NeuronBounds, type TightenOptions } from "./tighten";
import type { LayerBounds, LayerBoundsRecord } from "./types";

/**
 * Parallel neurons for the bound tightening of thesis 3.2: given the bounds of layers < k, the
 * 2·n_k solves of layer k (maximise and minimise w_j^T x^{k-1} + b_j for every unit j) are
 * independent, so they are spread over worker_threads (`src/bench/pool.ts`), each worker with its
 * own HiGHS instance. Every worker solves exactly the model the sequential path solves (the model
 * of layers 1..k-1 is built once on this thread and handed to the workers), so the bounds are the
 * same; only the wall time changes.
 *
 * Soundness on failure: a job whose worker crashes or exits is retried once on a fresh worker; if
 * it fails again, or it outlives its watchdog, or its handler throws, the unit keeps its interval
 * bound with source "fallback" (sound, as in the sequential path when a solve proves nothing).
 */

/** Options of {@link solveUnitsInWorkers}. */
export interface ParallelTightenOptions {
  /** Number of worker threads (at most the number of units of a layer are started). */
  readonly workers: number;
  /** Handler module run by each worker (default `tighten-job.ts`; tests substitute a crashing one). */
  readonly handlerModule?: string;
  /**
   * Seconds after which a unit's job is declared hung and its worker terminated (default: both
   * senses at their time limit plus their LP relaxations at 60 s, plus 60 s:
   * 2·(timeLimitPerBound + 60) + 60).
   */
  readonly watchdogSeconds?: number;
}

/** The default handler module of the workers. */
export function tightenJobModule(): string {
  return path.join(__dirname, "tighten-job.ts");
}

function isNeuronBounds(value: unknown): value is NeuronBounds {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.lower === "number" && typeof r.upper === "number" && typeof r.seconds === "number" && typeof r.source === "string" && r.lower <= r.upper;
}

/**
 * A {@link LayerUnitsSolver} that solves one layer's units over `parallel.workers` worker threads
 * (one pool per layer: the workers receive that layer's model once). Aborting `options.signal`
 * terminates the workers and rejects with the signal's reason.
 * @throws Error if `parallel.workers` is not a positive integer
 */
export function solveUnitsInWorkers(options: TightenOptions, parallel: ParallelTightenOptions): LayerUnitsSolver {
  if (!Number.isInteger(parallel.workers) || parallel.workers < 1) {
    throw new Error(`workers must be a positive integer, got ${parallel.workers}`);
  }
  const handlerModule = parallel.handlerModule ?? tightenJobModule();
  const watchdogSeconds = parallel.watchdogSeconds ?? 2 * (options.timeLimitPerBound + 60) + 60;
  const settings = {
    relax: options.relax,
    timeLimitPerBound: options.timeLimitPerBound,
    ...(options.solverOptions !== undefined ? { solverOptions: options.solverOptions } : {}),
  };
  return async (problem, done) => {
    const init: TightenWorkerInit = { layer: problem.layer, base: problem.base, settings };
    let pending: TightenJob[] = problem.units.map((j) => ({
      unit: j,
      objective: problem.objectives[j],
      cheap: { lower: problem.cheap.lower[j], upper: problem.cheap.upper[j] },
    }));
    const fallback = (job: TightenJob, seconds: number): void =>
      done(job.unit, { lower: job.cheap.lower, upper: job.cheap.upper, seconds, source: "fallback" });
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt++) {
      const retry: TightenJob[] = [];
      const summary = await runPool<TightenJob, NeuronBounds>(
        pending,
        { handlerModule, init, workers: Math.min(parallel.workers, pending.length), watchdogSeconds, signal: options.signal },
        (outcome) => {
          // `in` narrowing, not `ok`: notebooks compile this file with tslab's non-strict TypeScript,
          // which does not narrow a union on a boolean discriminant.
          if ("result" in outcome && isNeuronBounds(outcome.result)) done(outcome.job.unit, outcome.result);
          else if ("error" in outcome && attempt === 1 && /^worker (crashed|exited)/.test(outcome.error)) retry.push(outcome.job);
          else fallback(outcome.job, outcome.seconds);
        },
      );
      if (summary.aborted) {
        options.signal?.throwIfAborted();
        throw new Error("bound tightening aborted");
      }
      pending = retry;
    }
    for (const job of pending) fallback(job, 0);
  };
}

/**
 * {@link tightenLayers} with each layer's units solved over `parallel.workers` worker threads
 * (see {@link solveUnitsInWorkers}); `options.solver` is not used (each worker has its own HiGHS).
 */
export function tightenLayersParallel(
  net: Pick<Network, "inputSize" | "layers">,
  first: LayerBounds,
  options: TightenOptions,
  parallel: ParallelTightenOptions,
): Promise<LayerBoundsRecord[]> {
  return tightenLayers(net, first, options, solveUnitsInWorkers(options, parallel));
}
