/**
 * `npx tsx scripts/robustness-datasets.ts [--net dnn1] [--split train|test|both] [--seed 7]
 *  [--time-limit 300] [--bounds milp] [--workers 1] [--out-dir data/adversarial]`
 *
 * Generates the adversarial data sets of thesis 4.3 (`<out-dir>/<net>-train.jsonl`: 450
 * adversarial examples + 50 originals; `<net>-test.jsonl`: 900 adversarial, 900 correct and 200
 * misclassified originals), resumably: rerun the same command after an interruption and it
 * continues where it stopped (and retries attacks that found no verified example). Attacks are
 * the thesis' minimal-L1 MILP (3.3: ratio 1.2, floor 0.01, domain [0, 1]) with the bounds method
 * given (cached in data/bounds/), run over `--workers` worker threads (default 1; each has its own
 * HiGHS). Only the main thread writes, one line per verified example. Progress goes to stderr. Run it
 * niced: it is one long CPU job per worker.
 */
import * as path from "node:path";
import { findAdversarialExample } from "../src/adversarial";
import { resolveBounds } from "../src/bounds/resolve";
import type { BoundsMethod } from "../src/bounds/types";
import { loadMnist } from "../src/data/mnist";
import { loadNetwork } from "../src/dnn/load";
import { PROJECT_ROOT } from "../src/paths";
import { DatasetWriter, type DatasetSplit } from "../src/robustness/dataset";
import { runPool } from "../src/bench/pool";
import type { AttackJob, AttackJobResult, AttackWorkerInit } from "../src/robustness/attack-worker";
import { generateDataset, sequentialRunner, type AttackRunner, type AttackTask } from "../src/robustness/generate";
import { planDatasets } from "../src/robustness/selection";
import { HighsSolver } from "../src/solver/highs";
import { numberFlag, parseFlags } from "../src/cli/flags";

const USAGE = "usage: tsx scripts/robustness-datasets.ts [--net dnn1] [--split train|test|both] [--seed 7] [--time-limit 300] [--bounds milp] [--workers 1] [--out-dir data/adversarial]";

/** Runs the attacks over worker threads (`src/robustness/attack-worker.ts`). */
function poolRunner(init: AttackWorkerInit, workers: number): AttackRunner {
  return async (tasks, onOutcome) => {
    const jobs: AttackJob[] = tasks.map((t, id) => ({ id, label: t.label, target: t.target, pixels: Array.from(t.pixels) }));
    await runPool<AttackJob, AttackJobResult>(
      jobs,
      { handlerModule: path.join(PROJECT_ROOT, "src", "robustness", "attack-worker.ts"), init, workers, watchdogSeconds: init.timeLimit + 120 },
      (o) => {
        const task: AttackTask = tasks[o.job.id];
        if (o.ok) onOutcome(task, { ...o.result, adversarial: o.result.adversarial === null ? null : Float64Array.from(o.result.adversarial) });
        else onOutcome(task, { status: "error", adversarial: null, verified: false, l1: null, seconds: o.seconds, message: o.error });
      },
    );
  };
}

function parseArgs(argv: readonly string[]): Map<string, string> {
  return parseFlags(argv, { values: ["--net", "--split", "--seed", "--time-limit", "--bounds", "--workers", "--out-dir"], usage: USAGE });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const netName = args.get("--net") ?? "dnn1";
  const splitArg = args.get("--split") ?? "both";
  if (!["train", "test", "both"].includes(splitArg)) throw new Error(`--split must be train, test or both, got ${splitArg}`);
  const seed = numberFlag(args, "--seed", 7, "integer >= 0");
  const timeLimit = numberFlag(args, "--time-limit", 300);
  const method = (args.get("--bounds") ?? "milp") as BoundsMethod;
  const outDir = path.resolve(PROJECT_ROOT, args.get("--out-dir") ?? "data/adversarial");
  const workers = numberFlag(args, "--workers", 1, "positive integer");

  const net = loadNetwork(netName);
  const train = loadMnist("train");
  const test = loadMnist("test");
  const t0 = Date.now();
  const plan = planDatasets(net, train, test, { seed });
  process.stderr.write(`plan (seed ${seed}): ${plan.trainSources.length} train sources, ${plan.testSources.length} test sources, ` +
    `${plan.testCorrect.length} correct and ${plan.testIncorrect.length} misclassified test originals (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const solver = await HighsSolver.create();
  const { bounds, cached } = await resolveBounds(net, { method, inputDomain: { lower: 0, upper: 1 }, solver });
  process.stderr.write(`bounds ${method} over [0, 1]: ${cached ? "cached" : `computed in ${bounds.seconds.toFixed(1)} s`}\n`);
  const splits: DatasetSplit[] = splitArg === "both" ? ["train", "test"] : [splitArg as DatasetSplit];
  for (const split of splits) {
    const file = path.join(outDir, `${netName}-${split}.jsonl`);
    const writer = new DatasetWriter(file);
    const started = Date.now();
    let attacks = 0;
    const runner: AttackRunner =
      workers > 1
        ? poolRunner({ network: netName, bounds: method, timeLimit }, workers)
        : sequentialRunner((image, label, target) => findAdversarialExample(net, image, { label, target, bounds, solver, timeLimit }));
    try {
      const summary = await generateDataset(net, split, split === "train" ? train : test, plan, writer, runner, (p) => {
        if (p.outcome !== undefined) attacks++;
        if (p.outcome === undefined && p.done < p.total) return;
        const elapsed = (Date.now() - started) / 1000;
        const rate = attacks > 0 ? elapsed / attacks : 0; // wall seconds per attack (all workers)
        const left = p.total - p.done;
        const o = p.outcome;
        const what = o === undefined ? "" : ` ${o.status} L1 ${o.l1?.toFixed(3) ?? "–"} ${o.seconds.toFixed(2)} s${o.verified ? "" : " NOT VERIFIED"}`;
        process.stderr.write(`[${split}] ${p.done}/${p.total} ${p.entry}${what} | skipped ${p.skipped} failed ${p.failed} | ETA ${(left * rate / 60).toFixed(1)} min\n`);
      });
      process.stderr.write(`[${split}] ${file}: ${summary.written} written, ${summary.skipped} already there, ${summary.failed.length} failed\n`);
      for (const f of summary.failed) process.stderr.write(`  failed: ${f}\n`);
    } finally {
      writer.close();
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
