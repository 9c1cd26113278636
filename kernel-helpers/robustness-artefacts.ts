/**
 * The artefacts of the robustness study (thesis 3.4, 4.3, Appendices A-C) that notebooks 05-07
 * load when they are committed, and how to generate each one when it is not (docs/robustness.md).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../src/paths";
import { quotedFigureMismatches, readRobustnessResults } from "../src/robustness/committed-results";
import { loadNetwork } from "../src/dnn/load";
import type { Network } from "../src/dnn/network";
import type { DistanceApproach } from "../src/robustness/distance";
import { distanceApproaches, DISTANCE_RETRAINED, type DistanceRetrained } from "../src/robustness/distance-approaches";
import { loadPerturbationFile } from "../src/robustness/perturbation-io";
import type { Row } from "./tables";

/** One file of the study. */
export interface Artefact {
  /** What it holds, in words. */
  readonly what: string;
  /** Path relative to the project root. */
  readonly path: string;
  /** The command that generates it. */
  readonly how: string;
}

/** The command of one perturbation variant, with the settings its committed file records (`settings` in data/perturbations/). */
const PERTURB = (v: string, settings: string): string => `nice -n 10 npx tsx scripts/robustness-perturb.ts --variant ${v} ${settings}`;

/** Every artefact by key (network DNN1, as in the thesis). */
export const ROBUSTNESS_ARTEFACTS = {
  "train-set": { what: "adversarial training set (450 adv. + 50 originals)", path: "data/adversarial/dnn1-train.jsonl", how: "nice -n 10 npx tsx scripts/robustness-datasets.ts --net dnn1 --split train" },
  "test-set": { what: "adversarial test set (900 adv. + 900 correct + 200 incorrect)", path: "data/adversarial/dnn1-test.jsonl", how: "nice -n 10 npx tsx scripts/robustness-datasets.ts --net dnn1 --split test" },
  cr: { what: "Complete Retraining (CR)", path: "data/models/dnn1-cr.json", how: "nice -n 10 npx tsx scripts/robustness-retrain.ts --approach cr --force" },
  "pr-adv": { what: "Partial Retraining, adv. examples only", path: "data/models/dnn1-pr-adv.json", how: "nice -n 10 npx tsx scripts/robustness-retrain.ts --approach pr-adv --force" },
  "pr-mixed": { what: "Partial Retraining, adv. examples + originals", path: "data/models/dnn1-pr-mixed.json", how: "nice -n 10 npx tsx scripts/robustness-retrain.ts --approach pr-mixed --force" },
  pgd: { what: "PGD adversarial training (beyond the thesis)", path: "data/models/dnn1-pgd.json", how: "nice -n 10 npx tsx scripts/robustness-retrain.ts --approach pgd --force" },
  gp: { what: "General Perturbation (GP)", path: "data/perturbations/dnn1-gp.json", how: PERTURB("gp", "--time-limit 120") },
  "gp-min-distance": { what: "GP with minimum distance", path: "data/perturbations/dnn1-gp-min-distance.json", how: PERTURB("gp-min-distance", "--time-limit 180 --start search --search-budget 150") },
  cp: { what: "Conditional Perturbation (CP)", path: "data/perturbations/dnn1-cp.json", how: PERTURB("cp", "--time-limit 180") },
  "only-weights": { what: "only weights p (q = 0)", path: "data/perturbations/dnn1-only-weights.json", how: PERTURB("only-weights", "--time-limit 60") },
  "only-disturbances": { what: "only disturbances q (p = 1)", path: "data/perturbations/dnn1-only-disturbances.json", how: PERTURB("only-disturbances", "--time-limit 60") },
  evaluation: { what: "Tables 4-8 (accuracy, distances)", path: "results/robustness.json", how: "nice -n 10 npx tsx scripts/robustness-evaluate.ts --distance" },
} as const satisfies Record<string, Artefact>;

/** A key of {@link ROBUSTNESS_ARTEFACTS}. */
export type ArtefactKey = keyof typeof ROBUSTNESS_ARTEFACTS;

/** Absolute path of an artefact (under `root`, default the project). */
export function artefactPath(key: ArtefactKey, root = PROJECT_ROOT): string {
  return path.join(root, ROBUSTNESS_ARTEFACTS[key].path);
}

/** True when the artefact's file exists (under `root`, default the project). */
export function artefactPresent(key: ArtefactKey, root = PROJECT_ROOT): boolean {
  return fs.existsSync(artefactPath(key, root));
}

/** One row per artefact: present (with its size) or not yet generated (with the command); `root` as for {@link artefactPath}. */
export function artefactStatusRows(keys: readonly ArtefactKey[], root = PROJECT_ROOT): Row[] {
  return keys.map((key) => {
    const a = ROBUSTNESS_ARTEFACTS[key];
    const file = artefactPath(key, root);
    const present = fs.existsSync(file);
    const size = present ? fs.statSync(file).size : 0;
    const lines = present && a.path.endsWith(".jsonl") ? fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").length : null;
    return {
      artefact: a.what,
      file: a.path,
      status: present ? `✓ present (${lines !== null ? `${lines} lines, ` : ""}${(size / 1024).toFixed(0)} kB)` : "✗ not yet generated",
      "to generate": present ? "" : a.how,
    };
  });
}

/**
 * The distinct commands of {@link ROBUSTNESS_ARTEFACTS} in dependency order (data sets, retraining,
 * perturbations, evaluation): what `scripts/robustness-pipeline.ts` runs to regenerate the study.
 */
export function robustnessCommands(): string[] {
  return [...new Set(Object.values(ROBUSTNESS_ARTEFACTS).map((a: Artefact) => a.how))];
}

/**
 * Holds the figures a notebook's text quotes against `results/robustness.json` (dotted paths, see
 * `quotedFigureMismatches`), prints one ✓/✗ line and returns the mismatches; nothing to hold while
 * the evaluation is not generated.
 */
export function checkQuotedFigures(quoted: Readonly<Record<string, number>>): string[] {
  if (!artefactPresent("evaluation")) {
    console.log("– quoted figures not checked: results/robustness.json is not generated yet");
    return [];
  }
  const bad = quotedFigureMismatches(readRobustnessResults(artefactPath("evaluation")), quoted);
  console.log(`${bad.length === 0 ? "✓" : "✗"} the ${Object.keys(quoted).length} committed figures the text quotes match results/robustness.json${bad.length > 0 ? `: ${bad.join("; ")}` : ""}`);
  return bad;
}

/**
 * The approaches of Table 8's distance study, named as `results/robustness-distance.jsonl` names
 * them (original, cr, pr-mixed, pgd, gp-min-distance), for those whose artefact exists: the
 * retrained networks as loaded, the input perturbation folded into DNN1's first layer; the same
 * list `scripts/robustness-evaluate.ts` attacks ({@link distanceApproaches}).
 */
export function distanceStudyApproaches(dnn1: Network = loadNetwork("dnn1")): DistanceApproach[] {
  const retrained: Partial<Record<DistanceRetrained, Network>> = {};
  for (const key of DISTANCE_RETRAINED) if (artefactPresent(key)) retrained[key] = loadNetwork(`dnn1-${key}`);
  return distanceApproaches(dnn1, retrained, artefactPresent("gp-min-distance") ? loadPerturbationFile(artefactPath("gp-min-distance")) : null);
}
