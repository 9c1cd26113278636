import * as fs from "node:fs";
import * as path from "node:path";
import { MODELS_DIR } from "../paths";
import {
  NETWORK_FORMAT,
  type Activation,
  type DenseLayer,
  type Network,
  type NetworkMetrics,
  type TrainingInfo,
} from "./network";

/**
 * Reading, validating and writing network files (`data/models/<name>.json`, format
 * `relu-mlp/1`, see `src/dnn/network.ts`). A file is refused with a message naming the file,
 * the layer and the field, e.g. `dnn1.json: layers[2].kernel[5] has 7 columns, expected 8`.
 */

const ACTIVATIONS: readonly Activation[] = ["relu", "linear"];
const TOP_KEYS = ["format", "name", "inputSize", "layers", "training", "metrics"];
const LAYER_KEYS = ["kernel", "bias", "activation"];
const TRAINING_KEYS = [
  "epochs",
  "batchSize",
  "optimizer",
  "learningRate",
  "seed",
  "backend",
  "seconds",
  "initialNetwork",
  "trainingExamples",
  "dataFingerprint",
  "tfjsVersion",
];
const METRICS_KEYS = ["testAccuracy", "trainAccuracy"];

type Json = Record<string, unknown>;

/** Collects the context of a validation error: the source file and the field path. */
class Checker {
  constructor(private readonly source: string) {}

  fail(field: string, problem: string): never {
    throw new Error(`${this.source}: ${field === "" ? "the file" : field} ${problem}`);
  }

  object(value: unknown, field: string, keys: readonly string[]): Json {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.fail(field, `must be an object, got ${describe(value)}`);
    }
    const obj = value as Json;
    for (const k of Object.keys(obj)) {
      if (!keys.includes(k)) this.fail(field === "" ? k : `${field}.${k}`, `is not a known field (known: ${keys.join(", ")})`);
    }
    return obj;
  }

  array(value: unknown, field: string): readonly unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array, got ${describe(value)}`);
    return value;
  }

  finite(value: unknown, field: string): number {
    if (typeof value !== "number" || !Number.isFinite(value)) this.fail(field, `must be a finite number, got ${describe(value)}`);
    return value;
  }

  nonNegative(value: unknown, field: string): number {
    const n = this.finite(value, field);
    if (n < 0) this.fail(field, `must be >= 0, got ${n}`);
    return n;
  }

  integer(value: unknown, field: string, min: number): number {
    const n = this.finite(value, field);
    if (!Number.isInteger(n) || n < min) this.fail(field, `must be an integer >= ${min}, got ${n}`);
    return n;
  }

  fraction(value: unknown, field: string): number {
    const n = this.finite(value, field);
    if (n < 0 || n > 1) this.fail(field, `must be in [0, 1], got ${n}`);
    return n;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== "string" || value.length === 0) this.fail(field, `must be a non-empty string, got ${describe(value)}`);
    return value;
  }

  /** A vector of `length` finite numbers; the error names the first bad entry. */
  vector(value: unknown, field: string, length: number, what: string): number[] {
    const arr = this.array(value, field);
    if (arr.length !== length) this.fail(field, `has ${arr.length} ${what}, expected ${length}`);
    const out = new Array<number>(length);
    for (let i = 0; i < length; i++) out[i] = this.finite(arr[i], `${field}[${i}]`);
    return out;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "number") return String(value);
  return typeof value;
}

function parseLayer(c: Checker, value: unknown, k: number, inputs: number): DenseLayer {
  const field = `layers[${k}]`;
  const obj = c.object(value, field, LAYER_KEYS);
  const activation = obj.activation;
  if (typeof activation !== "string" || !(ACTIVATIONS as readonly string[]).includes(activation)) {
    c.fail(`${field}.activation`, `is ${describe(activation)}, expected one of ${ACTIVATIONS.map((a) => `"${a}"`).join(", ")}`);
  }
  const bias = c.array(obj.bias, `${field}.bias`);
  if (bias.length === 0) c.fail(`${field}.bias`, "is empty: a layer needs at least one unit");
  const units = bias.length;
  const kernel = c.array(obj.kernel, `${field}.kernel`);
  if (kernel.length !== inputs) {
    c.fail(`${field}.kernel`, `has ${kernel.length} rows, expected ${inputs} (one per output of ${k === 0 ? "the input" : `layers[${k - 1}]`})`);
  }
  const rows = kernel.map((row, i) => c.vector(row, `${field}.kernel[${i}]`, units, "columns"));
  return { kernel: rows, bias: c.vector(bias, `${field}.bias`, units, "entries"), activation: activation as Activation };
}

function parseTraining(c: Checker, value: unknown): TrainingInfo {
  const t = c.object(value, "training", TRAINING_KEYS);
  const info: TrainingInfo = {
    epochs: c.integer(t.epochs, "training.epochs", 0),
    batchSize: c.integer(t.batchSize, "training.batchSize", 0),
    optimizer: c.string(t.optimizer, "training.optimizer"),
    learningRate: c.nonNegative(t.learningRate, "training.learningRate"),
    seed: c.integer(t.seed, "training.seed", 0),
    backend: c.string(t.backend, "training.backend"),
    seconds: c.nonNegative(t.seconds, "training.seconds"),
  };
  const extra: { initialNetwork?: string; trainingExamples?: number; dataFingerprint?: string; tfjsVersion?: string } = {};
  if (t.initialNetwork !== undefined) extra.initialNetwork = c.string(t.initialNetwork, "training.initialNetwork");
  if (t.trainingExamples !== undefined) extra.trainingExamples = c.integer(t.trainingExamples, "training.trainingExamples", 0);
  if (t.dataFingerprint !== undefined) extra.dataFingerprint = c.string(t.dataFingerprint, "training.dataFingerprint");
  if (t.tfjsVersion !== undefined) extra.tfjsVersion = c.string(t.tfjsVersion, "training.tfjsVersion");
  return { ...info, ...extra };
}

function parseMetrics(c: Checker, value: unknown): NetworkMetrics {
  const m = c.object(value, "metrics", METRICS_KEYS);
  return {
    testAccuracy: c.fraction(m.testAccuracy, "metrics.testAccuracy"),
    trainAccuracy: c.fraction(m.trainAccuracy, "metrics.trainAccuracy"),
  };
}

/**
 * Validates a parsed network file and returns it as a fresh {@link Network}.
 * Checks the format tag, `inputSize`, that every layer's kernel has one row per input
 * (n_{k-1}) and one column per unit (n_k), that the bias has n_k entries, that every number is
 * finite, that the activation is "relu" or "linear", and the `training` and `metrics` fields.
 * @param json - the value read from the file (e.g. `JSON.parse(text)`)
 * @param source - the name used in error messages (usually the file's base name)
 * @throws Error `<source>: <field> <problem>`, e.g. `dnn1.json: layers[2].bias has 7 entries, expected 8`
 */
export function parseNetwork(json: unknown, source: string): Network {
  const c = new Checker(source);
  const obj = c.object(json, "", TOP_KEYS);
  if (obj.format !== NETWORK_FORMAT) c.fail("format", `is ${describe(obj.format)}, expected "${NETWORK_FORMAT}"`);
  const name = c.string(obj.name, "name");
  const inputSize = c.integer(obj.inputSize, "inputSize", 1);
  const rawLayers = c.array(obj.layers, "layers");
  if (rawLayers.length === 0) c.fail("layers", "is empty: a network needs at least one layer");
  const layers: DenseLayer[] = [];
  let inputs = inputSize;
  rawLayers.forEach((raw, k) => {
    const layer = parseLayer(c, raw, k, inputs);
    layers.push(layer);
    inputs = layer.bias.length;
  });
  return {
    format: NETWORK_FORMAT,
    name,
    inputSize,
    layers,
    training: parseTraining(c, obj.training),
    metrics: parseMetrics(c, obj.metrics),
  };
}

/** Path of a shipped network: `data/models/<name>.json`. */
export function modelPath(name: string): string {
  return path.join(MODELS_DIR, `${name}.json`);
}

/** Names of the networks in `data/models/` (e.g. ["dnn1", ..., "dnn5"]). */
export function listNetworks(): string[] {
  if (!fs.existsSync(MODELS_DIR)) return [];
  return fs
    .readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".train-checkpoint.json")) // a training run's checkpoint is no network
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Loads and validates a network.
 * @param nameOrPath - a shipped network's name ("dnn1" -> `data/models/dnn1.json`) or a path to
 *   a JSON file (anything containing a path separator or ending in `.json`, relative to the cwd)
 * @throws Error naming the file when it is missing, is not JSON or fails {@link parseNetwork}, or,
 *   loaded by name, when its `name` is not that name (bounds and results are cached by name)
 */
export function loadNetwork(nameOrPath: string): Network {
  const isPath = nameOrPath.endsWith(".json") || nameOrPath.includes("/") || nameOrPath.includes(path.sep);
  const file = isPath ? path.resolve(nameOrPath) : modelPath(nameOrPath);
  if (!fs.existsSync(file)) {
    const known = listNetworks();
    const hint = isPath ? "" : `; shipped networks: ${known.length > 0 ? known.join(", ") : "none"}`;
    throw new Error(`${nameOrPath}: no network file at ${file}${hint}`);
  }
  const text = fs.readFileSync(file, "utf8");
  const source = path.basename(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const net = parseNetwork(json, source);
  // Bounds and results are cached by name: a file loaded as "dnn3-b32" that calls itself "dnn3"
  // would read and overwrite the shipped dnn3's caches.
  if (!isPath && net.name !== nameOrPath) {
    throw new Error(`${source}: name must be "${nameOrPath}" (the file's name), got "${net.name}": bounds and results are cached by it; set "name" in the file to "${nameOrPath}"`);
  }
  return net;
}

/**
 * Serialises a network as compact but readable JSON: one line per kernel row, numbers with
 * full float64 precision (shortest round-trip form), fields in the documented order.
 */
export function formatNetwork(net: Network): string {
  const nums = (v: readonly number[]): string => `[${v.map((x) => JSON.stringify(x)).join(",")}]`;
  const layer = (l: DenseLayer): string =>
    [
      "    {",
      `      "activation": ${JSON.stringify(l.activation)},`,
      `      "bias": ${nums(l.bias)},`,
      `      "kernel": [`,
      l.kernel.map((row) => `        ${nums(row)}`).join(",\n"),
      "      ]",
      "    }",
    ].join("\n");
  return [
    "{",
    `  "format": ${JSON.stringify(net.format)},`,
    `  "name": ${JSON.stringify(net.name)},`,
    `  "inputSize": ${net.inputSize},`,
    `  "layers": [`,
    net.layers.map(layer).join(",\n"),
    "  ],",
    `  "training": ${JSON.stringify(net.training)},`,
    `  "metrics": ${JSON.stringify(net.metrics)}`,
    "}",
    "",
  ].join("\n");
}

/**
 * Validates `net` and writes it to `file` (created with its folder; written to a temporary
 * file first, then renamed, so a reader never sees half a file).
 * @throws Error when the network fails {@link parseNetwork}
 */
export function saveNetwork(net: Network, file: string): void {
  const text = formatNetwork(parseNetwork(net, path.basename(file)));
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}
