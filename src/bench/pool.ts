import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";

/**
 * A queue of jobs run over worker_threads, one job at a time per worker. Each worker loads a
 * *handler module* (TypeScript, through tsx) that exports {@link CreateJobHandler}; the handler
 * it creates lives as long as the worker, so per-worker state such as its own HiGHS instance
 * and cached networks is built once per worker, never at import time.
 *
 * Failures never stop the run: a job whose handler throws, whose worker crashes or exits, or
 * that outlives its watchdog (the worker is then terminated) is reported as a failed outcome,
 * the worker is replaced, and the queue goes on.
 */

/** Runs one job inside a worker. */
export type JobHandler<J, R> = (job: J) => R | Promise<R>;

/**
 * What a handler module exports as `createJobHandler`: called once per worker with
 * {@link PoolOptions.init}; its result handles every job of that worker.
 */
export type CreateJobHandler<I, J, R> = (init: I) => JobHandler<J, R> | Promise<JobHandler<J, R>>;

/** Options of {@link runPool}. */
export interface PoolOptions<J> {
  /** Absolute path of the handler module (.ts or .js) exporting `createJobHandler`. */
  readonly handlerModule: string;
  /** Structured-cloneable data handed to `createJobHandler` in every worker. */
  readonly init?: unknown;
  /** Number of workers (default os.cpus().length, at most the number of jobs). */
  readonly workers?: number;
  /**
   * Seconds after which a job with no answer is declared hung: its worker is terminated and the
   * job fails. Set it to the solver's own time limit plus a margin.
   */
  readonly watchdogSeconds: number | ((job: J) => number);
  /** Aborting stops dispatching, terminates the workers and resolves (jobs in flight are lost). */
  readonly signal?: AbortSignal;
}

/** How one job ended. */
export type JobOutcome<J, R> =
  | { readonly job: J; readonly ok: true; readonly result: R; readonly seconds: number }
  | { readonly job: J; readonly ok: false; readonly error: string; readonly seconds: number };

/** Totals of a {@link runPool} run. */
export interface PoolSummary {
  /** Jobs whose handler returned a result. */
  readonly completed: number;
  /** Jobs that threw, crashed their worker or hit the watchdog (each reported as an outcome with `ok: false`). */
  readonly failed: number;
  /** Workers started to replace crashed, exited or terminated ones. */
  readonly replacedWorkers: number;
  /** True when the run was stopped by its abort signal. */
  readonly aborted: boolean;
}

/** Messages from a worker (see pool-worker.ts). */
export type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "init-failed"; readonly error: string }
  | { readonly type: "result"; readonly id: number; readonly result: unknown }
  | { readonly type: "failed"; readonly id: number; readonly error: string };

/** Data every worker starts with. */
export interface WorkerBoot {
  /** {@link PoolOptions.handlerModule}. */
  readonly handlerModule: string;
  /** {@link PoolOptions.init}. */
  readonly init: unknown;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: { id: number; started: number; timer: NodeJS.Timeout } | null;
  lastError: string | null;
  retired: boolean;
}

/** The worker entry file, run through tsx so that handler modules may be TypeScript. */
function workerEntry(): string {
  return path.join(__dirname, "pool-worker.ts");
}

/**
 * Runs every job over a pool of workers and reports each outcome (in completion order) to
 * `onOutcome`, which runs on the calling thread (write results there).
 * @throws Error if `workers` is not an integer >= 1, or a worker's `createJobHandler` fails (the run cannot proceed)
 */
export function runPool<J, R>(
  jobs: readonly J[],
  options: PoolOptions<J>,
  onOutcome: (outcome: JobOutcome<J, R>) => void,
): Promise<PoolSummary> {
  const workers = options.workers ?? os.cpus().length;
  if (!Number.isInteger(workers) || workers < 1) return Promise.reject(new Error(`runPool: workers must be an integer >= 1, got ${workers}`));
  const size = Math.min(workers, jobs.length);
  // setTimeout fires at once for NaN, Infinity or more than ~24.8 days: such a watchdog would kill every job.
  const MAX_WATCHDOG = 2 ** 31 / 1000 - 1;
  const badWatchdog = (seconds: number): string | null =>
    seconds > 0 && seconds <= MAX_WATCHDOG ? null : `runPool: watchdogSeconds must be a number in (0, ${Math.floor(MAX_WATCHDOG)}], got ${seconds}`;
  if (typeof options.watchdogSeconds === "number") {
    const bad = badWatchdog(options.watchdogSeconds);
    if (bad !== null) return Promise.reject(new Error(bad));
  }
  const watchdog = (job: J): number => (typeof options.watchdogSeconds === "number" ? options.watchdogSeconds : options.watchdogSeconds(job));
  const boot: WorkerBoot = { handlerModule: options.handlerModule, init: options.init };
  const tsx = require.resolve("tsx/cjs");

  return new Promise<PoolSummary>((resolve, reject) => {
    let next = 0;
    let finished = 0;
    let completed = 0;
    let failed = 0;
    let replacedWorkers = 0;
    let settled = false;
    const slots = new Set<Slot>();

    const settle = (error: Error | null, aborted: boolean): void => {
      if (settled) return;
      settled = true;
      for (const slot of slots) {
        slot.retired = true;
        if (slot.current) clearTimeout(slot.current.timer);
        void slot.worker.terminate();
      }
      options.signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve({ completed, failed, replacedWorkers, aborted });
    };
    const onAbort = (): void => settle(null, true);

    const report = (outcome: JobOutcome<J, R>): void => {
      finished++;
      if (outcome.ok) completed++;
      else failed++;
      try {
        onOutcome(outcome);
      } catch (e) {
        settle(e instanceof Error ? e : new Error(String(e)), false);
        return;
      }
      if (finished === jobs.length) settle(null, false);
    };

    const dispatch = (slot: Slot): void => {
      if (settled || slot.retired || !slot.ready || slot.current) return;
      if (next >= jobs.length) {
        slot.retired = true;
        slots.delete(slot);
        void slot.worker.terminate();
        return;
      }
      const id = next++;
      const limit = watchdog(jobs[id]);
      const bad = badWatchdog(limit);
      if (bad !== null) {
        // A per-job watchdog that cannot be set: the job fails, the run goes on.
        report({ job: jobs[id], ok: false, error: bad, seconds: 0 });
        dispatch(slot);
        return;
      }
      const timer = setTimeout(() => {
        if (!slot.current || slot.current.id !== id) return;
        const seconds = (Date.now() - slot.current.started) / 1000;
        slot.current = null;
        retire(slot);
        report({ job: jobs[id], ok: false, error: `watchdog: no answer within ${limit} s; worker terminated`, seconds });
      }, limit * 1000);
      slot.current = { id, started: Date.now(), timer };
      slot.worker.postMessage({ type: "job", id, job: jobs[id] });
    };

    /** Terminates a slot's worker and starts a replacement if jobs remain. */
    const retire = (slot: Slot): void => {
      if (slot.retired) return;
      slot.retired = true;
      slots.delete(slot);
      void slot.worker.terminate();
      if (!settled && next < jobs.length) {
        replacedWorkers++;
        start();
      }
    };

    const start = (): void => {
      const worker = new Worker(workerEntry(), { execArgv: ["--require", tsx], workerData: boot });
      const slot: Slot = { worker, ready: false, current: null, lastError: null, retired: false };
      slots.add(slot);
      worker.on("message", (message: WorkerMessage) => {
        if (settled || slot.retired) return;
        if (message.type === "ready") {
          slot.ready = true;
          dispatch(slot);
        } else if (message.type === "init-failed") {
          settle(new Error(`${options.handlerModule}: createJobHandler failed: ${message.error}`), false);
        } else if (slot.current && message.id === slot.current.id) {
          const { id, started, timer } = slot.current;
          clearTimeout(timer);
          slot.current = null;
          const seconds = (Date.now() - started) / 1000;
          report(
            message.type === "result"
              ? { job: jobs[id], ok: true, result: message.result as R, seconds }
              : { job: jobs[id], ok: false, error: message.error, seconds },
          );
          dispatch(slot);
        }
      });
      worker.on("error", (error: Error) => {
        slot.lastError = error.stack ?? error.message;
      });
      worker.on("exit", (code: number) => {
        if (settled || slot.retired) return;
        const current = slot.current;
        slot.current = null;
        if (!slot.ready && !current) {
          // A worker that dies while booting (e.g. out of memory) is dropped; the run goes on with
          // the others and fails only when no worker is left.
          slot.retired = true;
          slots.delete(slot);
          if (slots.size === 0) settle(new Error(`${options.handlerModule}: worker exited (code ${code}) before it was ready: ${slot.lastError ?? ""}`), false);
          return;
        }
        retire(slot);
        if (current) {
          clearTimeout(current.timer);
          const why = slot.lastError ? `worker crashed: ${slot.lastError.split("\n")[0]}` : `worker exited with code ${code} mid-job`;
          report({ job: jobs[current.id], ok: false, error: why, seconds: (Date.now() - current.started) / 1000 });
        }
      });
    };

    if (jobs.length === 0) {
      settle(null, false);
      return;
    }
    if (options.signal?.aborted) {
      settle(null, true);
      return;
    }
    options.signal?.addEventListener("abort", onAbort);
    for (let i = 0; i < size; i++) start();
  });
}
