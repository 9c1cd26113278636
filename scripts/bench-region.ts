/**
 * `npm run bench:region [-- --models dnn4,dnn5 --images 25 --indices 1,11 --descent-seconds 5]`
 *
 * Measures the region descent (src/attack/region-descent.ts) on the `best` method's attack: for
 * each network, the first N test images it classifies correctly (or `--indices`), target
 * (d̃ + 5) mod 10, the attack as the bench runs it (1 s, 5 guides), then the descent from its
 * `--starts` closest examples (`BestOptions.regionDescentStarts`, default 1). Prints both
 * L1 distances beside the best proven optimum in results/table2.jsonl (whichever method proved it) and sums up how
 * often each is within 1e-4 (relative) of it. Figures only; nothing is asserted or written.
 */
import * as fs from "node:fs";
import { resultsFile } from "../src/bench/report";
import { readResults } from "../src/bench/results-store";
import type { BenchRow } from "../src/bench/row";
import { firstCorrectImages, targetGuides } from "../src/bench/study-images";
import { runBestAttackDescended } from "../src/best/best-attack";
import { indexListFlag, listFlag, numberFlag, parseFlags } from "../src/cli/flags";
import { loadMnist } from "../src/data/mnist";
import { loadNetwork } from "../src/dnn/load";
import { HighsSolver } from "../src/solver/highs";

interface Args {
  models: string[];
  images: number;
  indices: number[] | null;
  descentSeconds: number;
  starts: number;
}

const USAGE = "usage: npm run bench:region -- [--models dnn5] [--images 25] [--indices 1,11] [--descent-seconds 5] [--starts 1]";

function parseArgs(argv: readonly string[]): Args {
  const flags = parseFlags(argv, { values: ["--models", "--images", "--indices", "--descent-seconds", "--starts"], usage: USAGE });
  return {
    models: listFlag(flags, "--models", ["dnn5"]),
    images: numberFlag(flags, "--images", 25, "positive integer"),
    indices: indexListFlag(flags, "--indices"),
    descentSeconds: numberFlag(flags, "--descent-seconds", 5),
    starts: numberFlag(flags, "--starts", 1, "positive integer"),
  };
}

/** Proven optima of Table 2 rows (of every method) by test image index. */
function provenOptima(model: string): Map<number, number> {
  const out = new Map<number, number>();
  if (!fs.existsSync(resultsFile(2))) return out;
  for (const r of readResults<BenchRow>(resultsFile(2))) if (r.model === model && r.status === "optimal" && r.l1 !== null) out.set(r.index, r.l1);
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const test = loadMnist("test");
  const solver = await HighsSolver.create();
  const atOptimum = (u: number, opt: number): boolean => u <= opt * (1 + 1e-4) + 1e-9;
  for (const model of args.models) {
    const net = loadNetwork(model);
    const optima = provenOptima(model);
    const indices = args.indices ?? firstCorrectImages(net, test, args.images);
    let known = 0;
    let attackAt = 0;
    let descentAt = 0;
    let ratioAttack = 0;
    let ratioDescent = 0;
    let seconds = 0;
    console.log(`${model}: image | attack u | descent u | proven optimum`);
    for (const index of indices) {
      const label = test.labels[index];
      const target = (label + 5) % 10;
      const guides = targetGuides(net, test, target, 5);
      const t0 = Date.now();
      const run = await runBestAttackDescended(net, test.images[index], { label, target, guides, regionDescentSeconds: args.descentSeconds, regionDescentStarts: args.starts }, 300, solver);
      const attackBest = run.attack.best;
      if (run.found === null || attackBest === null) {
        console.log(`  #${index} | no example | – | ${optima.get(index)?.toFixed(4) ?? "–"}`);
        continue;
      }
      const d = { best: run.found, seconds: (Date.now() - t0) / 1000 - run.attack.stats.seconds };
      seconds += d.seconds;
      const opt = optima.get(index);
      if (opt !== undefined) {
        known++;
        if (atOptimum(attackBest.l1, opt)) attackAt++;
        if (atOptimum(d.best.l1, opt)) descentAt++;
        ratioAttack += attackBest.l1 / opt;
        ratioDescent += d.best.l1 / opt;
      }
      console.log(`  #${index} | ${attackBest.l1.toFixed(4)} (${run.attack.examples.length} examples) | ${d.best.l1.toFixed(4)} (${d.seconds.toFixed(2)} s) | ${opt?.toFixed(4) ?? "–"}`);
    }
    const mean = (v: number): string => (known > 0 ? (v / known).toFixed(3) : "–");
    console.log(
      `${model}: ${indices.length} images, descent ${(seconds / Math.max(1, indices.length)).toFixed(2)} s each; of ${known} with a proven optimum: ` +
        `attack at it ${attackAt}, descent at it ${descentAt}; mean u / optimum: attack ${mean(ratioAttack)}, descent ${mean(ratioDescent)}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
