/**
 * `npm run bench:core [-- --models dnn1,dnn4 --images 10 --time-limit 60 --methods base,best --native 3]`
 * (`--indices 1,5` picks those test images instead, if the network classifies them correctly)
 *
 * Measures the speed ideas of the MILP core (thesis 4.2 setting): for each network, the first N
 * test images it classifies correctly, target (d̃ + 5) mod 10, every method of
 * `src/best/core-methods.ts`; prints solved %, mean/median seconds, mean nodes and flags any two
 * methods whose proven optima differ. With `--native K` it also exports the base model of the
 * first K images and solves it with native HiGHS (scipy.optimize.milp, scripts/native_highs.py),
 * printing the wasm/native time ratio. Run it niced on a shared machine: timings are wall-clock.
 */
import * as os from "node:os";
import { prepareAdversarial } from "../src/adversarial/find";
import { resolveBounds } from "../src/bounds/resolve";
import { type CoreMethod, CORE_METHODS, CORE_PLANS, parseCoreMethods, runCoreMethod, type CoreRun } from "../src/best/core-methods";
import { loadMnist } from "../src/data/mnist";
import { classify } from "../src/dnn/forward";
import { loadNetwork } from "../src/dnn/load";
import { solveNativeHighs } from "../src/bench/native-highs";
import { indexListFlag, listFlag, numberFlag, parseFlags } from "../src/cli/flags";
import { firstCorrectImages, targetGuides } from "../src/bench/study-images";
import type { Model } from "../src/milp/model";
import type { NetworkBounds } from "../src/bounds/types";
import { HighsSolver } from "../src/solver/highs";

interface Args {
  models: string[];
  images: number;
  timeLimit: number;
  methods: CoreMethod[];
  native: number;
  guides: number;
  /** Explicit test image indices (instead of the first N correctly classified). */
  indices: number[] | null;
}

const USAGE = "usage: npm run bench:core -- [--models dnn1,...] [--images 5 | --indices 1,11] [--time-limit 60] [--methods best,...] [--native 0] [--guides 5]";

function parseArgs(argv: readonly string[]): Args {
  const flags = parseFlags(argv, { values: ["--models", "--images", "--indices", "--time-limit", "--methods", "--native", "--guides"], usage: USAGE });
  return {
    models: listFlag(flags, "--models", ["dnn1"]),
    images: numberFlag(flags, "--images", 5, "positive integer"),
    timeLimit: numberFlag(flags, "--time-limit", 60),
    methods: flags.has("--methods") ? parseCoreMethods(flags.get("--methods") ?? "") : [...CORE_METHODS],
    native: numberFlag(flags, "--native", 0, "integer >= 0"),
    guides: numberFlag(flags, "--guides", 5, "integer >= 0"),
    indices: indexListFlag(flags, "--indices"),
  };
}

const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);
const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const solver = await HighsSolver.create();
  const test = loadMnist("test");
  console.log(`bench:core: ${args.models.join(",")} × ${args.methods.join(",")}, ${args.indices !== null ? `images ${args.indices.join(",")}` : `${args.images} images`}, ${args.timeLimit} s limit, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  for (const name of args.models) {
    const net = loadNetwork(name);
    const chosen = args.indices !== null
      ? args.indices.filter((i) => i < test.images.length && classify(net, test.images[i]) === test.labels[i])
      : firstCorrectImages(net, test, args.images);
    // Guides for the attack: images the network classifies as the target, from the end of the test set (as the study's).
    const guidesFor = (target: number): number[][] => targetGuides(net, test, target, args.guides);
    // Images outer, methods inner: a drift in the machine's load hits every method alike.
    const runs = new Map<CoreMethod, CoreRun[]>();
    const globals = new Map<CoreMethod, NetworkBounds>();
    for (const method of args.methods) {
      const { bounds, cached } = await resolveBounds(net, { method: CORE_PLANS[method].bounds, solver });
      console.error(`${name} ${method}: ${bounds.method} bounds ${cached ? "cached" : "computed"} (${bounds.seconds.toFixed(1)} s)`);
      globals.set(method, bounds);
      runs.set(method, []);
    }
    for (const index of chosen) {
      const label = test.labels[index];
      for (const method of args.methods) {
        const run = await runCoreMethod(net, test.images[index], label, method, globals.get(method)!, solver, args.timeLimit, guidesFor((label + 5) % 10));
        const r = run.result;
        if (r.adversarial !== null && !r.verified) throw new Error(`${name} #${index} ${method}: unverified example (${r.message ?? ""})`);
        console.error(
          `  #${index} ${method}: ${r.status} l1 ${r.l1?.toFixed(4) ?? "-"} nodes ${r.nodes} ${run.seconds.toFixed(2)} s (cpu ${run.cpuSeconds.toFixed(2)} s)` +
            (run.incumbentL1 !== null ? ` (attack ${run.attackSeconds.toFixed(2)} s, u ${run.incumbentL1.toFixed(4)})` : "") +
            ` bound ${r.bound?.toFixed(4) ?? "-"}` +
            (run.note ? `\n    ${run.note}` : ""),
        );
        runs.get(method)!.push(run);
      }
    }
    console.log(`\n${name} (n = ${chosen.length}, images ${chosen.join(",")})`);
    console.log("| method | solved % | mean s | median s | mean CPU s | median CPU s | mean nodes | attack s | incumbent/opt L1 |");
    console.log("|---|---|---|---|---|---|---|---|---|");
    for (const [method, list] of runs) {
      const solved = list.filter((r) => r.result.status === "optimal");
      const ratios = list.filter((r) => r.incumbentL1 !== null && r.result.status === "optimal" && (r.result.l1 ?? 0) > 0).map((r) => r.incumbentL1! / r.result.l1!);
      console.log(
        `| ${method} | ${((100 * solved.length) / list.length).toFixed(0)} | ${mean(list.map((r) => r.seconds)).toFixed(2)} | ${median(list.map((r) => r.seconds)).toFixed(2)} | ` +
          `${mean(list.map((r) => r.cpuSeconds)).toFixed(2)} | ${median(list.map((r) => r.cpuSeconds)).toFixed(2)} | ` +
          `${mean(list.map((r) => r.result.nodes)).toFixed(0)} | ${mean(list.map((r) => r.attackSeconds)).toFixed(2)} | ${ratios.length ? mean(ratios).toFixed(3) : "-"} |`,
      );
    }
    chosen.forEach((index, k) => {
      const optima = [...runs].filter(([, l]) => l[k].result.status === "optimal").map(([m, l]) => [m, l[k].result.objective ?? NaN] as const);
      const spread = optima.length > 1 ? Math.max(...optima.map((o) => o[1])) - Math.min(...optima.map((o) => o[1])) : 0;
      if (spread > 1e-4) console.log(`  MISMATCH #${index}: ${optima.map(([m, v]) => `${m} ${v.toFixed(6)}`).join(", ")}`);
    });
    if (args.native > 0) {
      const { bounds } = await resolveBounds(net, { method: "interval" });
      const models: Model[] = [];
      const wasm: number[] = [];
      for (const index of chosen.slice(0, args.native)) {
        const { built } = await prepareAdversarial(net, test.images[index], { label: test.labels[index], bounds, eliminateStable: false }, solver);
        models.push(built.model);
        wasm.push((await solver.solve(built.model, { timeLimit: args.timeLimit })).seconds);
      }
      const native = solveNativeHighs(models, args.timeLimit);
      const ratio = mean(wasm) / mean(native.map((r) => r.seconds));
      console.log(`wasm vs native HiGHS, base model, ${models.length} images: wasm mean ${mean(wasm).toFixed(2)} s, native ${mean(native.map((r) => r.seconds)).toFixed(2)} s, ratio ${ratio.toFixed(2)}`);
    }
  }
  console.log(`\nload average at the end: ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
