import { runPool, type JobOutcome, type PoolOptions, type PoolSummary } from "./pool";
import type { Progress } from "./progress";
import type { ResultsStore } from "./results-store";
import { keyString, type ResultKey } from "./row";

/**
 * The resumable part of a benchmark: skip the jobs whose key is already in the results file,
 * run the rest over the worker pool, and append one row per finished job (a result row, or an
 * "error" row for a failed job) as soon as it finishes.
 */

/** Options of {@link runResumable}. */
export interface ResumableRun<J extends ResultKey, R, Row extends ResultKey> {
  /** The open results file (rows already there are skipped). */
  readonly store: ResultsStore<Row>;
  /** Every job of the study; each job carries its row key. */
  readonly jobs: readonly J[];
  /** How the jobs are run (handler module, workers, watchdog, abort signal). */
  readonly pool: PoolOptions<J>;
  /** The row for a job that finished. */
  readonly toRow: (job: J, result: R, seconds: number) => Row;
  /** The row for a job that failed (status "error", with the message). */
  readonly toErrorRow: (job: J, error: string, seconds: number) => Row;
  /** Whether a row counts as solved in the progress line. */
  readonly isSolved: (row: Row) => boolean;
  /** Progress line to update (its total should be the number of jobs left); none if omitted. */
  readonly progress?: Progress;
  /** A short description of a finished row for the progress line. */
  readonly describe?: (row: Row) => string;
}

/** What {@link runResumable} did. */
export interface ResumableSummary extends PoolSummary {
  /** Jobs skipped because their key was already stored. */
  readonly skipped: number;
  /** Jobs run in this call. */
  readonly ran: number;
}

/** The jobs whose key is not yet in the store (duplicates in `jobs` are dropped too). */
export function pendingJobs<J extends ResultKey, Row extends ResultKey>(store: ResultsStore<Row>, jobs: readonly J[]): J[] {
  const seen = new Set<string>();
  return jobs.filter((job) => {
    const k = keyString(job);
    if (seen.has(k) || store.has(job)) return false;
    seen.add(k);
    return true;
  });
}

/** Runs the missing jobs and appends their rows; see the module comment. */
export async function runResumable<J extends ResultKey, R, Row extends ResultKey>(
  run: ResumableRun<J, R, Row>,
): Promise<ResumableSummary> {
  const pending = pendingJobs(run.store, run.jobs);
  const onOutcome = (outcome: JobOutcome<J, R>): void => {
    // `in`, not `outcome.ok`: tslab compiles notebook imports without strictNullChecks, where a boolean discriminant does not narrow.
    const row = "error" in outcome
      ? run.toErrorRow(outcome.job, outcome.error, outcome.seconds)
      : run.toRow(outcome.job, outcome.result, outcome.seconds);
    run.store.append(row);
    const label = run.describe ? run.describe(row) : keyString(row);
    run.progress?.record(outcome.ok ? (run.isSolved(row) ? "solved" : "unsolved") : "error", label);
  };
  const summary = await runPool<J, R>(pending, run.pool, onOutcome);
  run.progress?.finish();
  return { ...summary, skipped: run.jobs.length - pending.length, ran: summary.completed + summary.failed };
}
