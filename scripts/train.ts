/**
 * `npm run train -- --model dnn1 [--epochs N] [--seed S] [--batch-size B] [--learning-rate R]
 *  [--backend tensorflow|wasm|cpu] [--out path] [--force]`
 *
 * Trains one of the five thesis networks (thesis 3.1, Table 1) on the 60,000 MNIST training
 * images with Adam, printing per-epoch progress on stderr, and writes it in the `relu-mlp/1`
 * format (default `data/models/<model>.json`) with float64 test/train accuracies. An existing
 * file (e.g. the shipped network, which the committed results were computed with) is only
 * replaced with `--force`. After every epoch the state goes to `<out>.train-checkpoint.json`: a
 * killed run started again with the same command continues from its last finished epoch.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadMnist } from "../src/data/mnist";
import { architectureOf, isThesisNetwork, SHIPPED_SEEDS, THESIS_NETWORKS, type ThesisNetworkName } from "../src/dnn/architectures";
import { modelPath, saveNetwork } from "../src/dnn/load";
import { backendFlag, describeBackend, selectBackend, type BackendName } from "../src/train/backend";
import { DEFAULT_LEARNING_RATE, trainNetwork } from "../src/train/train";

/** Batch size of the shipped networks: DNN1's 50 epochs take about 1.5 minutes on wasm. */
const DEFAULT_BATCH_SIZE = 128;
const DEFAULT_EPOCHS = 50;

const USAGE =
  "usage: npm run train -- --model dnn1|dnn2|dnn3|dnn4|dnn5 [--epochs N] [--seed S] [--batch-size B] " +
  "[--learning-rate R] [--backend tensorflow|wasm|cpu] [--out path] [--force]";

interface Args {
  model: ThesisNetworkName;
  epochs: number;
  seed: number;
  batchSize: number;
  learningRate: number;
  backend?: BackendName;
  out: string;
  force: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const values = new Map<string, string>();
  const known = ["--model", "--epochs", "--seed", "--batch-size", "--learning-rate", "--backend", "--out"];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (flag === "--force") {
      if (values.has(flag)) throw new Error("--force given twice");
      values.set(flag, "");
      continue;
    }
    if (!known.includes(flag)) throw new Error(`unknown argument ${JSON.stringify(flag)}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    if (values.has(flag)) throw new Error(`${flag} given twice`);
    values.set(flag, value);
    i++;
  }
  const model = values.get("--model");
  if (model === undefined) throw new Error("--model is required");
  if (!isThesisNetwork(model)) throw new Error(`--model must be one of ${THESIS_NETWORKS.join(", ")}, got ${JSON.stringify(model)}`);
  const int = (flag: string, fallback: number, min: number): number => {
    const raw = values.get(flag);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const lrRaw = values.get("--learning-rate");
  const learningRate = lrRaw === undefined ? DEFAULT_LEARNING_RATE : Number(lrRaw);
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new Error(`--learning-rate must be a positive number, got ${JSON.stringify(lrRaw)}`);
  }
  const backend = backendFlag(values.get("--backend"));
  return {
    model,
    epochs: int("--epochs", DEFAULT_EPOCHS, 1),
    seed: int("--seed", SHIPPED_SEEDS[model], 0),
    batchSize: int("--batch-size", DEFAULT_BATCH_SIZE, 1),
    learningRate,
    backend,
    out: path.resolve(values.get("--out") ?? modelPath(model)),
    force: values.has("--force"),
  };
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`train: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const outName = path.basename(args.out, ".json");
  if (isThesisNetwork(outName) && args.out !== path.resolve(modelPath(outName))) {
    console.error(`train: --out ${path.relative(process.cwd(), args.out)} would name the network ${outName}, the shipped network's name, whose cached bounds and results it would then share; choose another file name (e.g. ${outName}-variant.json)`);
    process.exit(2);
  }
  if (fs.existsSync(args.out) && !args.force) {
    console.error(`train: ${path.relative(process.cwd(), args.out)} exists (for a shipped network: the committed results and cached bounds were made with it); pass --force to replace it or --out to write elsewhere`);
    process.exit(2);
  }
  const checkpoint = `${args.out.replace(/\.json$/, "")}.train-checkpoint.json`;
  const choice = await selectBackend(args.backend);
  console.error(await describeBackend(choice));
  const units = architectureOf(args.model);
  console.error(
    `training ${args.model} (784-${units.join("-")}, all ReLU): ${args.epochs} epochs, batch ${args.batchSize}, ` +
      `Adam lr ${args.learningRate}, seed ${args.seed}`,
  );
  const data = loadMnist("train");
  // Named after its file: bounds and results are cached by network name, so a variant written with
  // --out (e.g. dnn3-b32) must not share the shipped dnn3's name and overwrite its cached bounds.
  const name = outName;
  const result = await trainNetwork({
    name,
    architecture: units,
    data,
    epochs: args.epochs,
    batchSize: args.batchSize,
    learningRate: args.learningRate,
    seed: args.seed,
    backend: choice.backend,
    checkpoint,
    onEpoch: (s) =>
      console.error(
        `${args.model} epoch ${String(s.epoch).padStart(2)}/${s.epochs}  loss ${s.loss.toFixed(4)}  ` +
          `accuracy ${s.accuracy.toFixed(4)}  ${s.seconds.toFixed(1)} s (CPU ${s.cpuSeconds.toFixed(1)} s)`,
      ),
  });
  if (result.resumedEpochs > 0) console.error(`resumed from ${path.relative(process.cwd(), checkpoint)}: epochs 1-${result.resumedEpochs} were done by an earlier run`);
  saveNetwork(result.network, args.out);
  const m = result.network.metrics;
  console.log(
    `${args.model}: test accuracy ${(100 * m.testAccuracy).toFixed(2)} %, train accuracy ${(100 * m.trainAccuracy).toFixed(2)} % ` +
      `(float64 forward pass), ${result.network.training.seconds} s on ${choice.backend}; wrote ${path.relative(process.cwd(), args.out)}`,
  );
}

main().catch((e: unknown) => {
  console.error(`train: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
