/**
 * `npx tsx scripts/bench-native.ts [--models dnn1,...,dnn5] [--images 10] [--time-limit 60] [--model-kind best|base]`
 *
 * The wasm/native HiGHS ratio of issue 6: for each network, the first N test images it classifies
 * correctly (target (d̃ + 5) mod 10, ratio 1.2, floor 0.01), builds one MILP per image and solves
 * it twice, with highs-js (wasm, this project's solver) and with native HiGHS
 * (scipy.optimize.milp, `scripts/native_highs.py`), both without a MIP start, gap 0, the same time
 * limit. `--model-kind best` (default) is the model the best method solves (L1-ball bounds of
 * radius u from the gradient attack, the cap Σδ ≤ u); `base` is the thesis' base model (interval
 * bounds), which DNN4/DNN5 rarely solve within a minute. Prints per instance both times and the
 * ratio, and per network the geometric mean of the ratio over the instances both proved optimal
 * with the same objective, both of wall-clock and of CPU seconds (wasm: this process's CPU time around
 * the solve, native: the python process's). The CPU ratio holds on a loaded machine; the wall ratio
 * only on a quiet one. Give a time limit well above the solve times when the machine is loaded:
 * the limit is wall-clock.
 */
import * as os from "node:os";
import { solveNativeHighs } from "../src/bench/native-highs";
import { prepareAdversarial } from "../src/adversarial/find";
import { adversarialTarget } from "../src/adversarial/target";
import { runBestAttack } from "../src/best/best-attack";
import { cappedRadius, deltaSumRow } from "../src/best/l1-cap";
import { l1BallBounds } from "../src/bounds/l1-ball";
import { resolveBounds } from "../src/bounds/resolve";
import { loadMnist } from "../src/data/mnist";
import { classify } from "../src/dnn/forward";
import { loadNetwork } from "../src/dnn/load";
import type { Network } from "../src/dnn/network";
import type { Model } from "../src/milp/model";
import { HighsSolver } from "../src/solver/highs";

interface Args {
  models: string[];
  images: number;
  timeLimit: number;
  kind: "best" | "base";
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { models: ["dnn1", "dnn2", "dnn3", "dnn4", "dnn5"], images: 10, timeLimit: 60, kind: "best" };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === "--models") args.models = value.split(",");
    else if (key === "--images" || key === "--time-limit") {
      const n = Number(value);
      if (!(n > 0)) throw new Error(`${key} must be a positive number, got ${JSON.stringify(value)}`);
      if (key === "--images") args.images = Math.floor(n);
      else args.timeLimit = n;
    } else if (key === "--model-kind") {
      if (value !== "best" && value !== "base") throw new Error(`--model-kind must be best or base, got ${JSON.stringify(value)}`);
      args.kind = value;
    } else throw new Error(`unknown option ${key} (use --models, --images, --time-limit, --model-kind)`);
  }
  return args;
}

/** The MILP of one instance: the best method's model without its start, or the base model. */
async function buildInstance(net: Network, image: Float32Array, label: number, kind: Args["kind"], solver: HighsSolver): Promise<Model | null> {
  const target = adversarialTarget(label);
  if (kind === "base") {
    const { bounds } = await resolveBounds(net, { method: "interval" });
    return (await prepareAdversarial(net, image, { label, target, bounds, eliminateStable: false }, solver)).built.model;
  }
  const { bounds: global } = await resolveBounds(net, { method: "lp", solver });
  const { found } = runBestAttack(net, image, { label, target }, 300);
  if (found === null) return null;
  const u = cappedRadius(found.l1);
  const ball = l1BallBounds(net, image, u, { global });
  const cap = deltaSumRow(net.inputSize, "<=", u, "l1_ball_cap");
  return (await prepareAdversarial(net, image, { label, target, bounds: { ...ball, seconds: global.seconds }, constraints: [cap] }, solver)).built.model;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const solver = await HighsSolver.create();
  const test = loadMnist("test");
  console.log(`bench-native: ${args.kind} model, ${args.images} images per network, ${args.timeLimit} s limit, load ${os.loadavg()[0].toFixed(1)}`);
  console.log("| network | image | wasm s | native s | wall ratio | wasm CPU s | native CPU s | CPU ratio | status wasm / native |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---|");
  const summary: string[] = [];
  let warmedUp = false;
  for (const name of args.models) {
    const net = loadNetwork(name);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let n = 0;
    for (let i = 0; i < test.images.length && n < args.images; i++) {
      if (classify(net, test.images[i]) !== test.labels[i]) continue;
      n++;
      const model = await buildInstance(net, test.images[i], test.labels[i], args.kind, solver);
      if (model === null) {
        console.log(`| ${name} | ${i} | – | – | – | attack found no incumbent |`);
        continue;
      }
      // The first solve of a process also compiles and warms up the wasm module: not HiGHS' time.
      if (!warmedUp) {
        await solver.solve(model, { timeLimit: 1, quiet: true });
        warmedUp = true;
      }
      // Native first, then wasm: a drift in the load hits both alike over the run.
      const [native] = solveNativeHighs([model], args.timeLimit);
      const cpuStarted = process.cpuUsage();
      const wasm = await solver.solve(model, { timeLimit: args.timeLimit, quiet: true, relativeGap: 0 });
      const cpuUsed = process.cpuUsage(cpuStarted);
      const wasmCpu = (cpuUsed.user + cpuUsed.system) / 1e6;
      const same = wasm.status === "optimal" && native.status === "optimal" && wasm.objective !== null && native.objective !== null &&
        Math.abs(wasm.objective - native.objective) <= 1e-5 * (1 + Math.abs(native.objective));
      const ratio = wasm.seconds / native.seconds;
      const cpuRatio = wasmCpu / native.cpuSeconds;
      if (same) {
        ratios.push(ratio);
        cpuRatios.push(cpuRatio);
      }
      console.log(
        `| ${name} | ${i} | ${wasm.seconds.toFixed(2)} | ${native.seconds.toFixed(2)} | ${same ? ratio.toFixed(2) : "–"} | ` +
          `${wasmCpu.toFixed(2)} | ${native.cpuSeconds.toFixed(2)} | ${same ? cpuRatio.toFixed(2) : "–"} | ${wasm.status} / ${native.status} |`,
      );
    }
    const geo = (xs: readonly number[]): string => (xs.length === 0 ? "–" : Math.exp(xs.reduce((s, r) => s + Math.log(r), 0) / xs.length).toFixed(2));
    summary.push(`| ${name} | ${ratios.length} of ${n} | ${geo(ratios)} | ${geo(cpuRatios)} |`);
  }
  console.log(`\n| network | both optimal, same objective | wasm/native wall (geometric mean) | wasm/native CPU (geometric mean) |\n|---|---|---:|---:|\n${summary.join("\n")}`);
  console.log(`load average at the end: ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
