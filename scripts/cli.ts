/**
 * Command-line entry to the MILP core (thesis 3.2-3.3). Exactly one JSON object goes to stdout
 * with `--json` (a one-line summary without it); logs and progress go to stderr; errors print a
 * message on stderr and exit with status 1 (2 for usage errors); a solve that ends in status "error"
 * still prints its result, then its message on stderr, and exits with status 1.
 *
 *   npm run --silent cli -- attack --model dnn1 --index 17 [--bounds interval|lp|milp|weak-milp]
 *        [--time-limit 300] [--gap 0] [--target 2] [--no-min-activation] [--min-activation 0.01]
 *        [--max-deviation 0.2] [--ratio 1.2] [--norm l1|linf] [--thesis-model] [--untargeted] [--json]
 *   npm run --silent cli -- visualize --model dnn1 --digit 2 [--bounds ...] [--time-limit 300] [--json]
 *   npm run --silent cli -- export --model dnn1 --index 17 --format lp|mps [--out file] [attack options]
 *   npm run --silent cli -- bounds --model dnn1 --method milp [--domain 0,1] [--time-limit-per-bound 60] [--workers 1] [--json]
 *
 * `--no-cache` (every command) computes bounds without reading or writing data/bounds/: needed
 * for settings other than those a cached file was computed with, which is refused otherwise.
 */
import { findAdversarialExample, findUntargeted, prepareAdversarial, type AdversarialOptions } from "../src/adversarial";
import { BOUNDS_METHODS, resolveBounds, stableCounts, type BoundsMethod, type InputDomain } from "../src/bounds";
import { loadMnist } from "../src/data/mnist";
import { loadNetwork } from "../src/dnn/load";
import type { Network } from "../src/dnn/network";
import { parseNumber, type NumberKind } from "../src/cli/flags";
import { writeFileAtomic } from "../src/store/atomic-file";
import { writeLp } from "../src/milp/lp-format";
import { HighsSolver } from "../src/solver/highs";
import type { SolveProgress } from "../src/solver/types";
import { visualizeFeature } from "../src/visualize";

class UsageError extends Error {}

type Flags = Map<string, string | true>;

const FLAGS: Readonly<Record<string, readonly string[]>> = {
  attack: ["model", "index", "bounds", "time-limit", "gap", "target", "untargeted", "no-min-activation", "min-activation", "max-deviation", "ratio", "norm", "thesis-model", "time-limit-per-bound", "no-cache", "json"],
  visualize: ["model", "digit", "bounds", "time-limit", "thesis-model", "time-limit-per-bound", "no-cache", "json"],
  export: ["model", "index", "format", "out", "bounds", "target", "no-min-activation", "min-activation", "max-deviation", "ratio", "norm", "thesis-model", "time-limit-per-bound", "no-cache"],
  bounds: ["model", "method", "domain", "time-limit-per-bound", "no-skip-stable", "workers", "no-cache", "json"],
};
const BOOLEAN_FLAGS = new Set(["no-min-activation", "thesis-model", "json", "no-skip-stable", "no-cache", "untargeted"]);

function parseFlags(command: string, args: string[]): Flags {
  const allowed = FLAGS[command];
  const flags: Flags = new Map();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!allowed.includes(name)) throw new UsageError(`${command}: unknown option --${name} (known: ${allowed.map((f) => `--${f}`).join(" ")})`);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value, got "--${name}=${inline}"`);
      flags.set(name, true);
    } else {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    }
  }
  return flags;
}

function str(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === "string" ? v : undefined;
}

function required(flags: Flags, name: string): string {
  const v = str(flags, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

/** A numeric flag ({@link parseNumber}: plain decimal, of the given kind), or undefined when absent; the library checks the finer ranges (e.g. a target digit in 0..9). */
function num(flags: Flags, name: string, kind: NumberKind = "number"): number | undefined {
  const v = str(flags, name);
  if (v === undefined) return undefined;
  const parsed = parseNumber(`--${name}`, v, kind);
  if ("error" in parsed) throw new UsageError(parsed.error);
  return parsed.value;
}

function boundsMethod(flags: Flags, name: string): BoundsMethod | undefined {
  const v = str(flags, name);
  if (v !== undefined && !BOUNDS_METHODS.includes(v as BoundsMethod)) throw new UsageError(`--${name} must be one of ${BOUNDS_METHODS.join(", ")}, got "${v}"`);
  return v as BoundsMethod | undefined;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function progressLogger(tag: string): (p: SolveProgress) => void {
  return (p) => {
    const fmt = (v: number | null): string => (v === null ? "-" : v.toFixed(4));
    log(`[${tag}] ${p.seconds.toFixed(1)} s, nodes ${p.nodes}, incumbent ${fmt(p.incumbent)}, bound ${fmt(p.bound)}`);
  };
}

function mnistImage(index: number): { image: Float32Array; label: number } {
  if (!Number.isInteger(index) || index < 0 || index >= 10000) throw new UsageError(`--index must be an integer in 0..9999 (MNIST test set), got ${index}`);
  const set = loadMnist("test", { limit: index + 1 });
  return { image: set.images[index], label: set.labels[index] };
}

function attackOptions(flags: Flags, label: number): AdversarialOptions {
  const norm = str(flags, "norm");
  if (norm !== undefined && norm !== "l1" && norm !== "linf") throw new UsageError(`--norm must be l1 or linf, got "${norm}"`);
  if (flags.has("no-min-activation") && flags.has("min-activation")) throw new UsageError("--no-min-activation and --min-activation exclude each other");
  return {
    label,
    target: num(flags, "target", "integer"),
    ratio: num(flags, "ratio"),
    norm,
    minTargetActivation: flags.has("no-min-activation") ? null : num(flags, "min-activation"),
    maxDeviation: num(flags, "max-deviation"),
    bounds: boundsMethod(flags, "bounds") ?? "interval",
    timeLimitPerBound: num(flags, "time-limit-per-bound", "positive"),
    cacheBounds: !flags.has("no-cache"),
    eliminateStable: !flags.has("thesis-model"),
    deviation: flags.has("thesis-model") ? "thesis" : "split",
  };
}

function emit(flags: Flags, json: object, summary: string): void {
  process.stdout.write(flags.has("json") ? `${JSON.stringify(json)}\n` : `${summary}\n`);
}

/** Exit status of a finished solve: 1 (with its message on stderr) when it ended in status "error". */
function solveExit(r: { readonly status: string; readonly message?: string }): number {
  if (r.status !== "error") return 0;
  log(`error: the solve failed: ${r.message ?? "no message"}`);
  return 1;
}

async function attack(flags: Flags): Promise<number> {
  const modelName = required(flags, "model");
  const net = loadNetwork(modelName);
  const index = num(flags, "index", "integer") ?? requiredNumber("index");
  const { image, label } = mnistImage(index);
  const solver = await HighsSolver.create();
  const options = attackOptions(flags, label);
  log(`[attack] ${net.name}, test image ${index} (label ${label}), bounds ${String(options.bounds)}`);
  if (flags.has("untargeted")) return untargeted(flags, net, index, image, options, solver);
  const r = await findAdversarialExample(net, image, {
    ...options,
    solver,
    timeLimit: num(flags, "time-limit", "positive") ?? 300,
    relativeGap: num(flags, "gap", ">= 0") ?? 0,
    onProgress: progressLogger("attack"),
  });
  const json = {
    model: net.name,
    index,
    label: r.label,
    target: r.target,
    originalPrediction: r.originalPrediction,
    status: r.status,
    norm: r.norm,
    l1: r.l1,
    linf: r.linf,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    nodes: r.nodes,
    seconds: r.seconds,
    presolveSeconds: r.presolveSeconds,
    boundsMethod: r.boundsMethod,
    boundsCached: r.boundsCached,
    eliminateStable: options.eliminateStable,
    modelSize: r.model,
    adversarial: r.adversarial === null ? null : Array.from(r.adversarial),
    outputs: r.outputs,
    predicted: r.predicted,
    verified: r.verified,
    verification: r.verification,
    ...(r.message !== undefined ? { message: r.message } : {}),
  };
  const distance = r.norm === "linf" ? `L∞ ${r.linf?.toFixed(4) ?? "-"}` : `L1 ${r.l1?.toFixed(4) ?? "-"}`;
  emit(flags, json, `${net.name} #${index}: ${r.status}, label ${r.label} -> target ${r.target}, ${distance}, bound ${r.bound?.toFixed(4) ?? "-"}, ${r.seconds.toFixed(2)} s, verified ${r.verified}`);
  return solveExit(r);
}

/** `attack --untargeted`: the closest example of any class but the label (`findUntargeted`), --time-limit per class. */
async function untargeted(flags: Flags, net: Network, index: number, image: ArrayLike<number>, options: AdversarialOptions, solver: HighsSolver): Promise<number> {
  if (flags.has("target")) throw new UsageError("--untargeted and --target exclude each other");
  const { target: _target, ...rest } = options;
  const r = await findUntargeted(net, image, {
    ...rest,
    solver,
    timeLimit: num(flags, "time-limit", "positive") ?? 300,
    relativeGap: num(flags, "gap", ">= 0") ?? 0,
    onTarget: (o, done, total) => log(`[untargeted] class ${o.target}: ${o.status}${o.l1 === null ? "" : `, L1 ${o.l1.toFixed(4)}`}${o.cap === null ? "" : ` (cap ${o.cap.toFixed(4)})`}, ${o.seconds.toFixed(1)} s (${done}/${total})`),
  });
  const best = r.best;
  const json = {
    model: net.name,
    index,
    label: r.label,
    target: r.target,
    status: r.status,
    l1: r.l1,
    bound: r.bound,
    gap: r.gap,
    seconds: r.seconds,
    perTarget: r.perTarget,
    adversarial: best?.adversarial === null || best === null ? null : Array.from(best.adversarial),
    outputs: best?.outputs ?? null,
    predicted: best?.predicted ?? null,
    verified: best?.verified ?? false,
  };
  emit(flags, json, `${net.name} #${index}: ${r.status}, label ${r.label} -> closest class ${r.target ?? "-"}, L1 ${r.l1?.toFixed(4) ?? "-"}, bound ${r.bound.toFixed(4)}, ${r.seconds.toFixed(2)} s`);
  return solveExit(r);
}

function requiredNumber(name: string): never {
  throw new UsageError(`--${name} is required`);
}

async function visualize(flags: Flags): Promise<number> {
  const net = loadNetwork(required(flags, "model"));
  const digit = num(flags, "digit", "integer") ?? requiredNumber("digit");
  const timeLimitPerBound = num(flags, "time-limit-per-bound", "positive");
  const solver = await HighsSolver.create();
  const r = await visualizeFeature(net, digit, {
    solver,
    bounds: boundsMethod(flags, "bounds") ?? "interval",
    timeLimit: num(flags, "time-limit", "positive") ?? 300,
    eliminateStable: !flags.has("thesis-model"),
    ...(timeLimitPerBound !== undefined ? { timeLimitPerBound } : {}),
    cacheBounds: !flags.has("no-cache"),
  });
  const json = {
    model: net.name,
    digit,
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    gap: r.gap,
    nodes: r.nodes,
    seconds: r.seconds,
    activation: r.activation,
    image: r.image === null ? null : Array.from(r.image),
    outputs: r.outputs,
    verified: r.verified,
    ...(r.message !== undefined ? { message: r.message } : {}),
  };
  emit(flags, json, `${net.name} digit ${digit}: ${r.status}, max x^K_${digit} = ${r.objective?.toFixed(4) ?? "-"}, ${r.seconds.toFixed(2)} s, verified ${r.verified}`);
  return solveExit(r);
}

async function exportModel(flags: Flags): Promise<number> {
  const net = loadNetwork(required(flags, "model"));
  const index = num(flags, "index", "integer") ?? requiredNumber("index");
  const format = required(flags, "format");
  if (format !== "lp" && format !== "mps") throw new UsageError(`--format must be lp or mps, got "${format}"`);
  const { image, label } = mnistImage(index);
  const solver = await HighsSolver.create();
  const { built } = await prepareAdversarial(net, image, attackOptions(flags, label), solver);
  const text = format === "lp" ? writeLp(built.model) : await solver.exportModel(built.model, "mps");
  const out = str(flags, "out");
  if (out === undefined) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  else {
    writeFileAtomic(out, text);
    log(`[export] wrote ${out} (${built.model.variables.length} variables, ${built.model.rows.length} rows)`);
  }
  return 0;
}

function parseDomain(value: string | undefined): InputDomain {
  if (value === undefined) return { lower: 0, upper: 1 };
  const texts = value.split(",");
  const parts = texts.map((t) => (t.trim() === "" ? Number.NaN : Number(t)));
  if (parts.length !== 2 || !parts.every(Number.isFinite) || parts[0] >= parts[1]) throw new UsageError(`--domain must be "lower,upper" with lower < upper (e.g. -1,1), got "${value}"`);
  return { lower: parts[0], upper: parts[1] };
}

async function bounds(flags: Flags, net: Network = loadNetwork(required(flags, "model"))): Promise<number> {
  const method = boundsMethod(flags, "method") ?? requiredNumber("method");
  const inputDomain = parseDomain(str(flags, "domain"));
  const timeLimitPerBound = num(flags, "time-limit-per-bound", "positive");
  const workers = num(flags, "workers", "positive integer");
  const solver = await HighsSolver.create();
  let last = 0;
  const { bounds: b, cached } = await resolveBounds(net, {
    method,
    solver,
    inputDomain,
    timeLimitPerBound,
    // only when asked: a cached file answers for whatever it was computed with otherwise
    ...(flags.has("no-skip-stable") ? { skipStable: false } : {}),
    cache: !flags.has("no-cache"),
    workers,
    onProgress: (p) => {
      if (p.seconds - last >= 5 || p.done === p.total) {
        last = p.seconds;
        log(`[bounds] ${net.name} ${method}: ${p.done}/${p.total} neurons, ${p.seconds.toFixed(1)} s`);
      }
    },
  });
  const stable = b.layers.map((l) => stableCounts(l));
  const json = { model: net.name, method, cached, seconds: b.seconds, inputDomain: b.inputDomain, stable, layers: b.layers };
  emit(flags, json, `${net.name} ${method}: ${cached ? "cached" : "computed"}, ${b.seconds.toFixed(1)} s, stable per layer ${stable.map((s) => `${s.active}+/${s.inactive}-/${s.unstable}?`).join(" ")}`);
  return 0;
}

/** Each command returns its exit status (0, or 1 when a solve ended in status "error"). */
const COMMANDS: Readonly<Record<string, (flags: Flags) => Promise<number>>> = { attack, visualize, export: exportModel, bounds: (f) => bounds(f) };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "help") {
    log("usage: cli <attack|visualize|export|bounds> [options]  (see scripts/cli.ts)");
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (run === undefined) throw new UsageError(`unknown command "${command}" (use ${Object.keys(COMMANDS).join(", ")})`);
    return await run(parseFlags(command, rest));
  } catch (e) {
    log(`error: ${e instanceof Error ? e.message : String(e)}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

// A closed pipe (e.g. `| head`) ends the command quietly instead of crashing on EPIPE.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
