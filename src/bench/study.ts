import * as fs from "node:fs";
import * as os from "node:os";
import { boundsPath, loadBounds, networkFingerprint } from "../bounds/io";
import { UNIT_DOMAIN } from "../bounds/types";
import { loadMnist, type MnistSet } from "../data/mnist";
import { loadNetwork } from "../dnn/load";
import type { Network } from "../dnn/network";
import { HighsSolver } from "../solver/highs";
import type { AttackJob, AttackOutcome, BenchJob, BenchOutcome, BoundsJob } from "./attack-job";
import { METHOD_PLANS } from "./methods";
import { runPool } from "./pool";
import { Progress, type ProgressStream } from "./progress";
import { isSolved, resultsFile } from "./report";
import { ResultsStore } from "./results-store";
import { keyString, type BenchMethod, type BenchRow, type BenchStatus, type BenchTable } from "./row";
import { TABLE_GAP, THESIS_MIN_ACTIVATION, THESIS_RATIO } from "./study-settings";
import { firstCorrectImages, targetGuides } from "./study-images";
export { firstCorrectImages, targetGuides };
import { pendingJobs, runResumable, type ResumableSummary } from "./run";

/**
 * The performance study of thesis 4.2 (Tables 2 and 3): for each network, the first N test
 * images it classifies correctly, target (d + 5) mod 10, ratio 1.2, floor 0.01, each method;
 * Table 2 solves to optimality, Table 3 stops at a 1 % relative gap. Resumable and parallel
 * (see run.ts, pool.ts); results go to results/table2.jsonl / table3.jsonl.
 */

/** Statuses that are no verdict on the instance, run again by `--retry-errors`. */
export const RETRIED_STATUSES: readonly BenchStatus[] = ["error", "interrupted", "unbounded"];

/** Options of {@link runStudy}. */
export interface StudyOptions {
  readonly table: BenchTable;
  /** Networks: names ("dnn1") or paths of network files. */
  readonly models: readonly string[];
  readonly methods: readonly BenchMethod[];
  /** Images per network (default 100). */
  readonly images?: number;
  /** Seconds per image (default 300). */
  readonly timeLimit?: number;
  /** Pool size (default os.cpus().length). */
  readonly workers?: number;
  /** Folder of table<N>.jsonl (default results/). */
  readonly resultsDir?: string;
  /** Bounds cache folder (default data/bounds/). */
  readonly boundsDir?: string;
  /** Watchdog of a bounds job in seconds (default 6 h). */
  readonly boundsWatchdog?: number;
  /** Progress output (default stderr); null for none. */
  readonly progress?: ProgressStream | null;
  /** Stops the study (rows already written stay). */
  readonly signal?: AbortSignal;
  /** The MNIST test set, if already loaded. */
  readonly testSet?: MnistSet;
  /**
   * Run again the jobs of this study whose stored row ended without a verdict ({@link RETRIED_STATUSES}:
   * "error" from a crashed worker or a watchdog, "interrupted" or "unbounded" from HiGHS): their rows
   * are removed from the results file first (default false: kept, skipped).
   */
  readonly retryErrors?: boolean;
}


/** Watchdog for one attack: the solver's limit plus a generous margin for model building. */
export function attackWatchdog(timeLimit: number): number {
  return Math.ceil(1.5 * timeLimit + 120);
}

/** The attack jobs of a study, ordered network → image → method (so partial runs compare methods on the same images). */
export function studyJobs(options: StudyOptions, networks: readonly { spec: string; net: Network }[], set: MnistSet): AttackJob[] {
  const jobs: AttackJob[] = [];
  const timeLimit = options.timeLimit ?? 300;
  for (const { spec, net } of networks) {
    // Keyed by target and count: methods with different guide counts share a study run.
    const guides = new Map<string, number[][]>();
    const guidesFor = (target: number, count: number): number[][] => {
      const key = `${target}/${count}`;
      const known = guides.get(key);
      if (known) return known;
      const found = targetGuides(net, set, target, count);
      guides.set(key, found);
      return found;
    };
    for (const index of firstCorrectImages(net, set, options.images ?? 100)) {
      const label = set.labels[index];
      for (const method of options.methods) {
        const count = METHOD_PLANS[method].guides;
        jobs.push({
          kind: "attack",
          table: options.table,
          model: net.name,
          method,
          index,
          network: spec,
          label,
          target: (label + 5) % 10,
          image: Array.from(set.images[index]),
          timeLimit,
          relativeGap: TABLE_GAP[options.table],
          ratio: THESIS_RATIO,
          minTargetActivation: THESIS_MIN_ACTIVATION,
          ...(count > 0 ? { guides: guidesFor((label + 5) % 10, count) } : {}),
          boundsDir: options.boundsDir,
        });
      }
    }
  }
  return jobs;
}

/** The bounds jobs still needed: (network, method) pairs with pending attacks and no valid cache file. */
export function missingBounds(jobs: readonly AttackJob[], networks: ReadonlyMap<string, Network>, boundsDir?: string): BoundsJob[] {
  const needed = new Map<string, BoundsJob>();
  for (const job of jobs) {
    const method = METHOD_PLANS[job.method].bounds;
    if (method === "interval") continue;
    const net = networks.get(job.network);
    if (net === undefined) continue;
    const file = boundsPath(net.name, method, UNIT_DOMAIN, boundsDir);
    if (fs.existsSync(file) && loadBounds(file).networkFingerprint === networkFingerprint(net)) continue;
    needed.set(`${job.network}|${method}`, { kind: "bounds", network: job.network, method: job.method, boundsDir });
  }
  return [...needed.values()];
}

/** The row of a finished attack. */
export function attackRow(job: AttackJob, outcome: AttackOutcome, cores: number): BenchRow {
  return {
    table: job.table,
    model: job.model,
    method: job.method,
    index: job.index,
    label: job.label,
    target: job.target,
    status: outcome.status,
    l1: outcome.l1,
    bound: outcome.bound,
    gap: outcome.gap,
    nodes: outcome.nodes,
    seconds: outcome.seconds,
    ...(outcome.cpuSeconds !== undefined ? { cpuSeconds: outcome.cpuSeconds } : {}),
    presolveSeconds: outcome.presolveSeconds,
    ...(outcome.boundsCreatedAt !== undefined ? { boundsCreatedAt: outcome.boundsCreatedAt } : {}),
    adversarial: outcome.adversarial,
    outputs: outcome.outputs,
    verified: outcome.verified,
    timeLimit: job.timeLimit,
    relativeGap: job.relativeGap,
    solver: outcome.solver,
    cores,
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
    loadAverage: os.loadavg()[0],
    finishedAt: new Date().toISOString(),
  };
}

/** The row of a failed attack job (crash, hang, exception). */
export function errorRow(job: AttackJob, error: string, seconds: number, solver: string, cores: number): BenchRow {
  const failed: AttackOutcome = {
    kind: "attack",
    status: "error",
    l1: null,
    bound: null,
    gap: null,
    nodes: 0,
    seconds,
    presolveSeconds: 0,
    adversarial: null,
    outputs: null,
    verified: null,
    solver,
    message: error,
  };
  return attackRow(job, failed, cores);
}

/** What {@link runStudy} did. */
export interface StudySummary extends ResumableSummary {
  /** Bounds computed in this run: "dnn1/milp 6.1 s", or an error, and the attacks left out for it. */
  readonly bounds: readonly string[];
  /** Attack jobs not run because their bounds are missing (no row written; a rerun retries them). */
  readonly notRun: number;
  readonly file: string;
}

/** Runs (or resumes) a study; see the module comment. */
export async function runStudy(options: StudyOptions): Promise<StudySummary> {
  const cores = os.cpus().length;
  const out = options.progress === undefined ? process.stderr : options.progress;
  const say = (text: string): void => {
    out?.write(`${text}\n`);
  };
  const set = options.testSet ?? loadMnist("test");
  const networks = options.models.map((spec) => ({ spec, net: loadNetwork(spec) }));
  const jobs = studyJobs(options, networks, set);
  const file = resultsFile(options.table, options.resultsDir);
  const store = ResultsStore.open<BenchRow>(file);
  try {
    if (options.retryErrors === true) {
      const wanted = new Set(jobs.map(keyString));
      const removed = store.removeRows((row) => RETRIED_STATUSES.includes(row.status) && wanted.has(keyString(row)));
      for (const row of removed) say(`retrying ${keyString(row)} (was ${row.status}: ${row.message ?? "no message"})`);
    }
    const pending = pendingJobs(store, jobs);
    say(`table ${options.table}: ${jobs.length} jobs, ${jobs.length - pending.length} already in ${file}, ${pending.length} to run`);
    const handlerModule = require.resolve("./attack-job");
    const workers = options.workers ?? cores;
    const boundsLines: string[] = [];
    const netMap = new Map(networks.map((n) => [n.spec, n.net]));
    const boundsJobs = missingBounds(pending, netMap, options.boundsDir);
    if (boundsJobs.length > 0 && !options.signal?.aborted) {
      say(`computing bounds: ${boundsJobs.map((b) => `${b.network}/${METHOD_PLANS[b.method].bounds}`).join(", ")}`);
      // the --workers threads are shared among the bounds jobs; each spreads its neurons over its share
      const share = Math.max(1, Math.floor(workers / boundsJobs.length));
      await runPool<BenchJob, BenchOutcome>(
        share > 1 ? boundsJobs.map((b) => ({ ...b, workers: share })) : boundsJobs,
        { handlerModule, workers, watchdogSeconds: options.boundsWatchdog ?? 6 * 3600, signal: options.signal },
        (o) => {
          const b = o.job as BoundsJob;
          const line = `${b.network}/${METHOD_PLANS[b.method].bounds} ${"error" in o ? `failed: ${o.error}` : o.result.kind === "bounds" ? `${o.result.seconds.toFixed(1)} s` : "failed: ?"}`;
          boundsLines.push(line);
          say(`bounds ${line}`);
        },
      );
    }
    // Attack jobs whose bounds are still missing (their bounds job failed or was stopped) are not
    // run: each worker would otherwise compute the bounds itself under the attack watchdog, and the
    // watchdog's "error" rows would be kept for good. They run when the study is started again.
    // (Only where bounds jobs were needed: otherwise nothing is missing and the files need not be read again.)
    const boundsKey = (j: { readonly network: string; readonly method: BenchMethod }): string => `${j.network}/${METHOD_PLANS[j.method].bounds}`;
    const unavailable = new Set(boundsJobs.length === 0 ? [] : missingBounds(pending, netMap, options.boundsDir).map(boundsKey));
    const runnable = pending.filter((j) => !unavailable.has(boundsKey(j)));
    for (const key of unavailable) {
      const count = pending.filter((j) => boundsKey(j) === key).length;
      const line = `${key}: no bounds, its ${count} attack job(s) not run (no rows written; run again to retry)`;
      boundsLines.push(line);
      say(`bounds ${line}`);
    }
    const solverVersion = (await HighsSolver.create()).version;
    const progress = out === null ? undefined : new Progress(runnable.length, out);
    const summary = await runResumable<AttackJob, AttackOutcome, BenchRow>({
      store,
      jobs: runnable,
      pool: { handlerModule, workers, watchdogSeconds: (job) => attackWatchdog(job.timeLimit), signal: options.signal },
      toRow: (job, outcome) => attackRow(job, outcome, cores),
      toErrorRow: (job, error, seconds) => errorRow(job, error, seconds, solverVersion, cores),
      isSolved,
      progress,
      describe: (row) => `${row.model}/${row.method} #${row.index} ${row.status} ${row.seconds.toFixed(1)}s`,
    });
    return { ...summary, skipped: jobs.length - pending.length, bounds: boundsLines, notRun: pending.length - runnable.length, file };
  } finally {
    store.close();
  }
}
