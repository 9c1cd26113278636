import * as os from "node:os";
import { loadMnist, type MnistSet } from "../data/mnist";
import { loadNetwork } from "../dnn/load";
import { createJobHandler } from "./attack-job";
import type { BenchMethod, BenchRow, BenchTable } from "./row";
import { attackRow, studyJobs } from "./study";

/** Which instances of the study {@link solveStudyInstances} solves again. */
export interface LiveInstances {
  readonly table: BenchTable;
  /** A shipped network's name, e.g. "dnn1". */
  readonly model: string;
  /** Any method of the study: the thesis' base, improved or weak model, or ours (best, shrink, region). */
  readonly method: BenchMethod;
  /** The first `images` test images the network classifies correctly (the study's images). */
  readonly images: number;
  /** Seconds per instance (default 300, the study's). */
  readonly timeLimit?: number;
  readonly testSet?: MnistSet;
}

/**
 * Solves instances of the performance study (thesis 4.2) again, in this process and exactly as
 * the benchmark's workers do (the same jobs from `studyJobs`, the same handler, cached bounds
 * from data/bounds/), and returns the rows the benchmark would have written, without writing
 * them. Notebook 04 uses it to re-solve a few instances live with the method of the reader's
 * choice and hold them against the committed rows.
 */
export async function solveStudyInstances(options: LiveInstances): Promise<BenchRow[]> {
  const net = loadNetwork(options.model);
  const set = options.testSet ?? loadMnist("test");
  const jobs = studyJobs(
    { table: options.table, models: [options.model], methods: [options.method], images: options.images, timeLimit: options.timeLimit },
    [{ spec: options.model, net }],
    set,
  );
  const handler = await createJobHandler();
  const rows: BenchRow[] = [];
  for (const job of jobs) {
    const outcome = await handler(job);
    if (outcome.kind !== "attack") throw new Error(`solveStudyInstances: expected an attack outcome for ${job.model} #${job.index}`);
    rows.push(attackRow(job, outcome, os.cpus().length));
  }
  return rows;
}
