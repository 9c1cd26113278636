/**
 * Measures formulation variants of the adversarial MILP (thesis 3.3, Table 2 setting: target
 * (d+5) mod 10, ratio 1.2, floor 0.01) on the first correctly classified MNIST test images, one
 * solve at a time, variants interleaved per image so machine load hits them alike. Prints a
 * markdown table (stdout) for docs/performance.md "## MILP core"; one JSON line per solve on stderr.
 * "CPU" is the process CPU time of the call (HiGHS-wasm is single-threaded): on a shared, loaded
 * machine it is a better estimate of the unloaded wall time than the wall time itself.
 *
 *   nice -n 10 npx tsx scripts/measure-formulation.ts --model dnn1 --images 10 --time-limit 60
 */
import { findAdversarialExample, type AdversarialOptions } from "../src/adversarial";
import { resolveBounds, type BoundsMethod } from "../src/bounds";
import { loadMnist } from "../src/data/mnist";
import { classify } from "../src/dnn/forward";
import { loadNetwork } from "../src/dnn/load";
import { HighsSolver } from "../src/solver/highs";

interface Variant {
  readonly name: string;
  readonly bounds: BoundsMethod;
  readonly options: AdversarialOptions;
}

const VARIANTS: readonly Variant[] = [
  { name: "thesis base model (interval, no elimination, (9) rows)", bounds: "interval", options: { eliminateStable: false, deviation: "thesis" } },
  { name: "interval, split deviation", bounds: "interval", options: { eliminateStable: false, deviation: "split" } },
  { name: "interval, split, eliminateStable", bounds: "interval", options: { eliminateStable: true, deviation: "split" } },
  { name: "lp bounds, split, eliminateStable", bounds: "lp", options: { eliminateStable: true, deviation: "split" } },
  { name: "milp bounds, split, eliminateStable", bounds: "milp", options: { eliminateStable: true, deviation: "split" } },
  {
    name: "interval, split, HiGHS RINS/RENS off",
    bounds: "interval",
    options: { eliminateStable: true, deviation: "split", solverOptions: { mip_heuristic_run_rins: false, mip_heuristic_run_rens: false } },
  },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const model = arg("model", "dnn1");
  const count = Number(arg("images", "10"));
  const timeLimit = Number(arg("time-limit", "60"));
  const only = arg("variants", "").split(",").filter((s) => s !== "").map(Number);
  const variants = only.length > 0 ? only.map((i) => VARIANTS[i]) : VARIANTS;
  const net = loadNetwork(model);
  const solver = await HighsSolver.create();
  const mnist = loadMnist("test", { limit: 200 });
  const images: number[] = [];
  for (let i = 0; images.length < count && i < mnist.labels.length; i++) if (classify(net, mnist.images[i]) === mnist.labels[i]) images.push(i);
  const bounds = new Map<BoundsMethod, Awaited<ReturnType<typeof resolveBounds>>["bounds"]>();
  for (const v of variants) if (!bounds.has(v.bounds)) bounds.set(v.bounds, (await resolveBounds(net, { method: v.bounds, solver })).bounds);
  const rows = variants.map(() => ({ seconds: [] as number[], cpu: [] as number[], nodes: [] as number[], solved: 0, l1: [] as (number | null)[] }));
  for (const index of images) {
    for (const [n, v] of variants.entries()) {
      const cpu0 = process.cpuUsage();
      const r = await findAdversarialExample(net, mnist.images[index], { ...v.options, bounds: bounds.get(v.bounds), label: mnist.labels[index], solver, timeLimit });
      const cpu = process.cpuUsage(cpu0);
      rows[n].cpu.push((cpu.user + cpu.system) / 1e6);
      rows[n].seconds.push(r.seconds);
      rows[n].nodes.push(r.nodes);
      rows[n].l1.push(r.l1);
      if (r.status === "optimal") rows[n].solved++;
      if (r.adversarial !== null && !r.verified) throw new Error(`${model} #${index} ${v.name}: not verified: ${r.message}`);
      process.stderr.write(`${JSON.stringify({ model, index, variant: v.name, status: r.status, l1: r.l1, nodes: r.nodes, seconds: r.seconds, cpuSeconds: rows[n].cpu[rows[n].cpu.length - 1], verified: r.verified })}\n`);
    }
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  console.log(`${model}, MNIST test images ${images.join(", ")}, time limit ${timeLimit} s, ${new Date().toISOString()}`);
  console.log("");
  console.log("| variant | solved | mean time (s) | median time (s) | mean CPU (s) | mean nodes | presolve (s) |");
  console.log("|---|---|---|---|---|---|---|");
  variants.forEach((v, n) => {
    const r = rows[n];
    console.log(`| ${v.name} | ${r.solved}/${images.length} | ${mean(r.seconds).toFixed(2)} | ${median(r.seconds).toFixed(2)} | ${mean(r.cpu).toFixed(2)} | ${Math.round(mean(r.nodes))} | ${bounds.get(v.bounds)!.seconds.toFixed(1)} |`);
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
