/**
 * `npx tsx scripts/robustness-perturb.ts --variant gp|gp-min-distance|cp|only-weights|only-disturbances
 *  [--net dnn1] [--time-limit 600] [--bounds milp] [--encoding substitute|variables]
 *  [--margin direct|thesis-y] [--seed 11] [--start search|pattern|identity] [--search-budget s] [--out path]`
 *
 * Solves the input-perturbation MILP (10a)-(10q) on images of `data/adversarial/<net>-train.jsonl`
 * (thesis 4.3.2: GP 20 adversarial + 10 originals; CP per digit c 18 adversarial with target c + 5
 * originals of c; only-disturbances 10 adversarial examples as in Appendix A) with pre-activation
 * bounds over the input domain [-1, 1] (cached in data/bounds/), a time limit per solve (CP: per
 * digit), and writes `data/perturbations/<net>-<variant>.json`. A time-limited solve keeps its best
 * perturbation. The MIP start is the activation-pattern LP (`src/robustness/input-perturbation-start.ts`)
 * unless `--start identity`; for gp-min-distance it is by default the minimum-distance search
 * (`src/robustness/min-distance-search.ts`) from that LP, within `--search-budget` seconds (default
 * half the time limit; the MILP gets the rest), and `--start pattern` gives the previous start.
 */
import * as path from "node:path";
import { resolveBounds } from "../src/bounds/resolve";
import type { BoundsMethod, InputDomain } from "../src/bounds/types";
import { loadNetwork } from "../src/dnn/load";
import { PROJECT_ROOT } from "../src/paths";
import { readDataset } from "../src/robustness/dataset";
import type { PerturbationImage, PerturbationModelOptions } from "../src/robustness/input-perturbation-milp";
import { solvePerturbation, type PerturbationRun } from "../src/robustness/input-perturbation-solve";
import {
  PERTURBATION_FORMAT,
  PERTURBATION_VARIANTS,
  perturbationPath,
  savePerturbationFile,
  type PerturbationVariant,
  type SavedPerturbation,
} from "../src/robustness/perturbation-io";
import { conditionalTrainingSet, generalTrainingSet } from "../src/robustness/perturbation-sets";
import { HighsSolver } from "../src/solver/highs";
import { numberFlag, parseFlags } from "../src/cli/flags";

const DOMAIN: InputDomain = { lower: -1, upper: 1 };

const USAGE =
  "usage: npx tsx scripts/robustness-perturb.ts --variant gp|gp-min-distance|cp|only-weights|only-disturbances " +
  "[--net dnn1] [--time-limit 600] [--bounds milp] [--encoding substitute|variables] [--margin direct|thesis-y] " +
  "[--seed 11] [--start search|pattern|identity] [--search-budget s] [--out path]";

function parseArgs(argv: readonly string[]): Map<string, string> {
  return parseFlags(argv, { values: ["--variant", "--net", "--time-limit", "--bounds", "--encoding", "--margin", "--seed", "--start", "--search-budget", "--out"], usage: USAGE });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const variant = args.get("--variant") as PerturbationVariant;
  if (!PERTURBATION_VARIANTS.includes(variant)) throw new Error(`--variant must be one of ${PERTURBATION_VARIANTS.join(", ")}, got ${JSON.stringify(variant ?? null)}`);
  const netName = args.get("--net") ?? "dnn1";
  const timeLimit = numberFlag(args, "--time-limit", 600);
  const method = (args.get("--bounds") ?? "milp") as BoundsMethod;
  const seed = numberFlag(args, "--seed", 11, "integer >= 0");
  const encoding = args.get("--encoding") ?? "substitute";
  if (encoding !== "substitute" && encoding !== "variables") throw new Error(`--encoding must be substitute or variables, got ${JSON.stringify(encoding)}`);
  const margin = args.get("--margin") ?? "direct";
  if (margin !== "direct" && margin !== "thesis-y") throw new Error(`--margin must be direct or thesis-y, got ${JSON.stringify(margin)}`);
  const net = loadNetwork(netName);
  const train = readDataset(path.join(PROJECT_ROOT, "data", "adversarial", `${netName}-train.jsonl`));
  const solver = await HighsSolver.create();
  const { bounds, cached } = await resolveBounds(net, { method, inputDomain: DOMAIN, solver });
  process.stderr.write(`bounds ${method} over [-1, 1]: ${cached ? "cached" : "computed"} (${bounds.seconds.toFixed(1)} s)\n`);
  const modelOptions: PerturbationModelOptions = {
    bounds,
    inputDomain: DOMAIN,
    freedom: variant === "only-weights" ? "only-weights" : variant === "only-disturbances" ? "only-disturbances" : "both",
    distanceWeight: variant === "gp-min-distance" ? 0.001 : 0,
    inputEncoding: encoding,
    margin,
  };
  const start = (args.get("--start") ?? (variant === "gp-min-distance" ? "search" : "pattern")) as "search" | "pattern" | "identity";
  if (start !== "search" && start !== "pattern" && start !== "identity") throw new Error(`--start must be search, pattern or identity, got ${JSON.stringify(start)}`);
  if (start === "search" && variant !== "gp-min-distance") throw new Error(`--start search needs --variant gp-min-distance (it minimises the distance)`);
  const searchBudget = numberFlag(args, "--search-budget", timeLimit / 2);
  if (searchBudget >= timeLimit) throw new Error(`--search-budget (${searchBudget} s) must be below --time-limit (${timeLimit} s): the MILP gets the rest`);
  const jobs: { predictedClass?: number; images: PerturbationImage[] }[] =
    variant === "cp"
      ? Array.from({ length: 10 }, (_, c) => ({ predictedClass: c, images: conditionalTrainingSet(train, c, { seed }) }))
      : [{ images: generalTrainingSet(train, variant === "only-disturbances" ? { seed, adversarialPerDigit: 1, originalsPerDigit: 0 } : { seed }) }];
  const saved: SavedPerturbation[] = [];
  let total = 0;
  for (const job of jobs) {
    let last = 0;
    const tag = job.predictedClass === undefined ? variant : `${variant} c=${job.predictedClass}`;
    const run: PerturbationRun = await solvePerturbation(net, job.images, solver, {
      ...modelOptions,
      timeLimit,
      start,
      searchBudget,
      onProgress: (p) => {
        if (p.seconds - last < 15) return;
        last = p.seconds;
        process.stderr.write(`[${tag}] ${p.seconds.toFixed(0)} s nodes ${p.nodes} incumbent ${p.incumbent ?? "–"} bound ${p.bound ?? "–"}\n`);
      },
    });
    total += run.seconds;
    const verified = run.verified.filter((v) => v).length;
    // t^h = 1 is the solver's claim at its tolerances; the float64 check is what counts (src/robustness/input-perturbation-milp.ts).
    const unconfirmed = job.images.filter((_, h) => run.t[h] === 1 && run.verified[h] !== true).map((img) => img.id);
    const outside = run.perturbation === null ? [] : job.images.filter((_, h) => run.inDomain[h] !== true).map((img) => img.id);
    if (outside.length > 0) process.stderr.write(`[${tag}] warning: ${outside.length} perturbed image(s) leave the domain (10f), where the bounds do not hold: ${outside.join(", ")}\n`);
    if (unconfirmed.length > 0) process.stderr.write(`[${tag}] warning: t^h = 1 but the float64 check fails for ${unconfirmed.length} image(s): ${unconfirmed.join(", ")} (not counted)\n`);
    process.stderr.write(`[${tag}] start ${run.start?.kind ?? "none"} (${run.start?.objective ?? "–"}, ${run.startSeconds.toFixed(1)} s); ${run.status} objective ${run.objective} bound ${run.bound} gap ${run.gap} ${run.seconds.toFixed(1)} s, ` +
      `${run.nodes} nodes, model ${run.size.variables} vars / ${run.size.rows} rows / ${run.size.binaries} binaries; ${verified}/${job.images.length} verified\n`);
    if (run.perturbation === null) throw new Error(`[${tag}] no perturbation found (${run.status}${run.message === undefined ? "" : `: ${run.message}`})`);
    saved.push({
      ...(job.predictedClass === undefined ? {} : { predictedClass: job.predictedClass }),
      p: Array.from(run.perturbation.p),
      q: Array.from(run.perturbation.q),
      trainingImages: job.images.map((h) => h.id),
      status: run.status,
      objective: run.objective,
      bound: run.bound,
      gap: run.gap,
      seconds: run.seconds,
      nodes: run.nodes,
      verified,
    });
  }
  const out = args.get("--out") ?? perturbationPath(netName, variant);
  savePerturbationFile(out, {
    format: PERTURBATION_FORMAT,
    network: netName,
    variant,
    scheme: variant === "cp" ? "conditional" : "general",
    perturbations: saved,
    seconds: total,
    settings: {
      bounds: method,
      boundsSeconds: bounds.seconds,
      inputDomain: "[-1, 1]",
      timeLimitPerSolve: timeLimit,
      inputEncoding: modelOptions.inputEncoding ?? "substitute",
      margin: modelOptions.margin ?? "direct",
      distanceWeight: modelOptions.distanceWeight ?? 0,
      start,
      ...(start === "search" ? { searchBudget } : {}),
      seed,
      solver: solver.version,
    },
    createdAt: new Date().toISOString(),
  });
  process.stderr.write(`wrote ${out} (${total.toFixed(1)} s of solving)\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
