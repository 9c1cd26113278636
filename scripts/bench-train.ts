/**
 * `npm run bench:train [-- --examples N]`
 *
 * Seconds per training epoch (60,000 MNIST images) for every tfjs backend that works here
 * (tensorflow = tfjs-node, wasm, cpu) × batch sizes 32 and 128 × DNN1 and DNN5, the goal being
 * DNN1's 50 epochs in <= 2 minutes. Each case trains 2 epochs on the first N training images
 * (default 12,000 for tensorflow/wasm, 3,000 for cpu), takes the second (warm) epoch and
 * scales it to 60,000 images. PyTorch CPU is timed the same way when `python3 -c "import torch"`
 * works. A benchmark, not a test: it prints figures and asserts nothing.
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { loadMnist } from "../src/data/mnist";
import { architectureOf, type ThesisNetworkName } from "../src/dnn/architectures";
import { BACKEND_PREFERENCE, describeBackend, useBackend, type BackendName } from "../src/train/backend";
import { trainNetwork } from "../src/train/train";

const FULL_EPOCH = 60000;
const NETWORKS: readonly ThesisNetworkName[] = ["dnn1", "dnn5"];
const BATCH_SIZES = [32, 128];
const EPOCHS = 50;

interface Row {
  readonly engine: string;
  readonly network: string;
  readonly batch: number;
  readonly examples: number;
  readonly secondsPerEpoch: number;
  /** CPU seconds per epoch (user + system of the process): robust to other jobs' load. */
  readonly cpuSecondsPerEpoch: number;
}

function examplesFor(backend: BackendName, override: number | undefined): number {
  return override ?? (backend === "cpu" ? 3000 : 12000);
}

async function benchTfjs(override: number | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const all = loadMnist("train");
  const evaluation = loadMnist("test", { limit: 10 });
  for (const backend of BACKEND_PREFERENCE) {
    try {
      await useBackend(backend);
    } catch (e) {
      console.log(`tfjs ${backend}: not available (${(e as Error).message})`);
      continue;
    }
    console.log(await describeBackend({ backend, skipped: [] }));
    const n = examplesFor(backend, override);
    const data = { images: all.images.slice(0, n), labels: all.labels.slice(0, n) };
    for (const network of NETWORKS) {
      for (const batch of BATCH_SIZES) {
        const result = await trainNetwork({
          name: network,
          architecture: architectureOf(network),
          data,
          epochs: 2,
          batchSize: batch,
          seed: 1,
          backend,
          evaluateOn: { test: evaluation, train: evaluation },
        });
        const warm = result.history[1];
        const row = {
          engine: `tfjs ${backend}`,
          network,
          batch,
          examples: n,
          secondsPerEpoch: (warm.seconds * FULL_EPOCH) / n,
          cpuSecondsPerEpoch: (warm.cpuSeconds * FULL_EPOCH) / n,
        };
        rows.push(row);
        console.log(`  ${format(row)}`);
      }
    }
  }
  return rows;
}

/** The same measurement in PyTorch (CPU), run by python3 when torch imports. */
const TORCH_SCRIPT = `
import sys, time, torch
torch.manual_seed(1)
n = int(sys.argv[1])
x = torch.rand(n, 784)
y = torch.randint(0, 10, (n,))
for name, units in [("dnn1", [8, 8, 8, 10]), ("dnn5", [20, 20, 10, 10, 10, 10])]:
    for batch in (32, 128):
        layers, prev = [], 784
        for u in units:
            layers += [torch.nn.Linear(prev, u), torch.nn.ReLU()]
            prev = u
        model = torch.nn.Sequential(*layers)
        opt = torch.optim.Adam(model.parameters(), lr=0.001)
        loss_fn = torch.nn.CrossEntropyLoss()
        for epoch in range(2):
            t0, c0 = time.perf_counter(), time.process_time()
            perm = torch.randperm(n)
            for s in range(0, n, batch):
                idx = perm[s:s + batch]
                opt.zero_grad()
                loss = loss_fn(model(x[idx]), y[idx])
                loss.backward()
                opt.step()
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(name, batch, seconds, cpu, flush=True)
`;

function benchTorch(examples: number): Row[] {
  const probe = spawnSync("python3", ["-c", "import torch; print(torch.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) {
    const why = (probe.error?.message ?? probe.stderr.trim().split("\n").pop() ?? "").trim();
    console.log(`PyTorch CPU: not available (python3 -c "import torch" failed: ${why})`);
    return [];
  }
  console.log(`PyTorch ${probe.stdout.trim()} CPU (${os.cpus().length} cores, random inputs of MNIST's shape)`);
  const run = spawnSync("python3", ["-c", TORCH_SCRIPT, String(examples)], { encoding: "utf8" });
  if (run.status !== 0) {
    console.log(`PyTorch CPU: benchmark failed: ${run.stderr.trim().split("\n").pop()}`);
    return [];
  }
  return run.stdout
    .trim()
    .split("\n")
    .map((line) => {
      const [network, batch, seconds, cpu] = line.split(" ");
      const row = {
        engine: "pytorch cpu",
        network,
        batch: Number(batch),
        examples,
        secondsPerEpoch: (Number(seconds) * FULL_EPOCH) / examples,
        cpuSecondsPerEpoch: (Number(cpu) * FULL_EPOCH) / examples,
      };
      console.log(`  ${format(row)}`);
      return row;
    });
}

function format(r: Row): string {
  return (
    `${r.network} batch ${String(r.batch).padStart(3)}: ${r.secondsPerEpoch.toFixed(2)} s/epoch wall, ` +
    `${r.cpuSecondsPerEpoch.toFixed(2)} s/epoch CPU ` +
    `(${EPOCHS} epochs ≈ ${((r.secondsPerEpoch * EPOCHS) / 60).toFixed(1)} min; timed on ${r.examples} images)`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let override: number | undefined;
  if (args.length > 0) {
    const n = Number(args[1]);
    if (args[0] !== "--examples" || args.length !== 2 || !Number.isInteger(n) || n < 256 || n > FULL_EPOCH) {
      console.error("usage: npm run bench:train [-- --examples N]   (256 <= N <= 60000)");
      process.exit(2);
    }
    override = n;
  }
  console.log(`bench:train — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), node ${process.version}`);
  console.log("seconds per epoch of 60,000 images: 2 epochs on N images, second (warm) epoch scaled by 60,000/N");
  const rows = [...(await benchTfjs(override)), ...benchTorch(override ?? 12000)];
  console.log(`load average while running: ${os.loadavg()[0].toFixed(1)} (1 min)`);
  console.log(
    "\n| engine | network | batch | wall s/epoch | CPU s/epoch | 50 epochs wall (min) | 50 epochs CPU (min) |\n|---|---|---:|---:|---:|---:|---:|",
  );
  for (const r of rows) {
    const cpu = r.cpuSecondsPerEpoch.toFixed(2);
    const wall = ((r.secondsPerEpoch * EPOCHS) / 60).toFixed(1);
    const cpuTotal = ((r.cpuSecondsPerEpoch * EPOCHS) / 60).toFixed(1);
    console.log(`| ${r.engine} | ${r.network.toUpperCase()} | ${r.batch} | ${r.secondsPerEpoch.toFixed(2)} | ${cpu} | ${wall} | ${cpuTotal} |`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench:train: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
