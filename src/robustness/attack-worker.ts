import { findAdversarialExample } from "../adversarial";
import { resolveBounds } from "../bounds/resolve";
import type { BoundsMethod } from "../bounds/types";
import type { JobHandler } from "../bench/pool";
import { loadNetwork } from "../dnn/load";
import { HighsSolver } from "../solver/highs";

/**
 * Worker-thread handler of the data-set attacks (`runPool` of `src/bench/pool.ts`): each worker
 * loads the network, its own HiGHS and the cached bounds once, then runs the thesis' minimal-L1
 * attack (3.3) per job. Results go back to the main thread, which verifies and writes them.
 */

/** What every worker starts with. */
export interface AttackWorkerInit {
  /** Network name or path for `loadNetwork`. */
  readonly network: string;
  /** Bounds method over [0, 1] (read from the data/bounds cache the main thread filled). */
  readonly bounds: BoundsMethod;
  /** Time limit per attack in seconds. */
  readonly timeLimit: number;
}

/** One attack job (pixels travel with the job, so workers need not load MNIST). */
export interface AttackJob {
  readonly id: number;
  readonly label: number;
  readonly target: number;
  readonly pixels: readonly number[];
}

/** A structured-cloneable attack outcome. */
export interface AttackJobResult {
  readonly status: string;
  readonly adversarial: number[] | null;
  readonly verified: boolean;
  readonly l1: number | null;
  readonly seconds: number;
  readonly message?: string;
}

/** Called once per worker by the pool. */
export async function createJobHandler(init: AttackWorkerInit): Promise<JobHandler<AttackJob, AttackJobResult>> {
  const net = loadNetwork(init.network);
  const solver = await HighsSolver.create();
  const { bounds } = await resolveBounds(net, { method: init.bounds, inputDomain: { lower: 0, upper: 1 }, solver });
  return async (job) => {
    const r = await findAdversarialExample(net, Float64Array.from(job.pixels), { label: job.label, target: job.target, bounds, solver, timeLimit: init.timeLimit });
    return {
      status: r.status,
      adversarial: r.adversarial === null ? null : Array.from(r.adversarial),
      verified: r.verified,
      l1: r.l1,
      seconds: r.seconds,
      ...(r.message === undefined ? {} : { message: r.message }),
    };
  };
}
