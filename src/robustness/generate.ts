import { forward, argmax } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { DatasetEntry, DatasetSplit, DatasetWriter } from "./dataset";
import { entryKey, roundPixels } from "./dataset";
import type { DatasetPlan, LabelledImages } from "./selection";

/**
 * Generation of the adversarial data sets of thesis 4.3, resumable: every entry already in the
 * file is skipped, every new one is appended as soon as it exists. Every adversarial example is
 * verified twice: by the attack (float64 forward pass of the solver's answer) and here, after
 * rounding the pixels as they are stored, by the float64 forward pass (argmax = target). The
 * rounding to 6 decimals can cost the margin of (8) (ratio down to 1.1975 in the committed sets):
 * a stored example is classified as its target, not necessarily with the margin.
 */

/** What an attack returns (a subset of `AdversarialResult` of `src/adversarial`). */
export interface AttackOutcome {
  readonly status: string;
  readonly adversarial: Float64Array | null;
  readonly verified: boolean;
  readonly l1: number | null;
  readonly seconds: number;
  readonly message?: string;
}

/** An attack: the minimal-L1 adversarial example of `image` (true digit `label`) for `target`. */
export type Attack = (image: Float64Array, label: number, target: number) => Promise<AttackOutcome>;

/** One attack to run: a source image of a split towards a target. */
export interface AttackTask {
  readonly split: DatasetSplit;
  readonly index: number;
  readonly label: number;
  readonly target: number;
  readonly pixels: Float64Array;
}

/**
 * Runs attack tasks and reports each outcome as it arrives (in any order), e.g. sequentially
 * ({@link sequentialRunner}) or over worker threads (`attack-worker.ts`). Outcomes are written
 * by the caller, on the main thread only.
 */
export type AttackRunner = (tasks: readonly AttackTask[], onOutcome: (task: AttackTask, outcome: AttackOutcome) => void) => Promise<void>;

/** Runs the tasks one after the other with `attack`. */
export function sequentialRunner(attack: Attack): AttackRunner {
  return async (tasks, onOutcome) => {
    for (const t of tasks) onOutcome(t, await attack(t.pixels, t.label, t.target));
  };
}

/** One progress event of {@link generateDataset}. */
export interface GenerateProgress {
  readonly done: number;
  readonly total: number;
  readonly skipped: number;
  readonly failed: number;
  readonly entry: string;
  readonly outcome?: AttackOutcome;
}

/** Counts of one generation run. */
export interface GenerateSummary {
  readonly written: number;
  readonly skipped: number;
  /** Attacks that gave no verified example (left out; a rerun tries them again). */
  readonly failed: readonly string[];
}

/** The tasks of one split: originals to copy and (source, target) pairs to attack. */
function tasksOf(split: DatasetSplit, plan: DatasetPlan): { originals: { index: number; kind: DatasetEntry["kind"] }[]; sources: number[] } {
  if (split === "train") return { originals: plan.trainSources.map((index) => ({ index, kind: "original-correct" })), sources: plan.trainSources };
  return {
    originals: [
      ...plan.testCorrect.map((index) => ({ index, kind: "original-correct" as const })),
      ...plan.testIncorrect.map((index) => ({ index, kind: "original-incorrect" as const })),
    ],
    sources: plan.testSources,
  };
}

/** Every class of the output layer except `label` (the thesis' "all 9 other targets"). */
export function otherClasses(net: Network, label: number): number[] {
  const classes = net.layers[net.layers.length - 1].bias.length;
  return Array.from({ length: classes }, (_, c) => c).filter((c) => c !== label);
}

/**
 * Writes one split's data set: the originals first (checked against the network: correct ones
 * must be classified as their label, incorrect ones must not), then the adversarial examples of
 * every source towards each target of `targetsOf` (default: the 9 other digits).
 */
export async function generateDataset(
  net: Network,
  split: DatasetSplit,
  images: LabelledImages,
  plan: DatasetPlan,
  writer: DatasetWriter,
  runner: AttackRunner,
  onProgress?: (p: GenerateProgress) => void,
  targetsOf: (label: number) => readonly number[] = (label) => otherClasses(net, label),
): Promise<GenerateSummary> {
  const { originals, sources } = tasksOf(split, plan);
  // Resuming must continue the same plan: entries of another seed or network would mix two data sets.
  const planned = new Set<string>([
    ...originals.map(({ index, kind }) => entryKey({ kind, split, index })),
    ...sources.flatMap((index) => targetsOf(images.labels[index]).map((target) => entryKey({ kind: "adversarial", split, index, target }))),
  ]);
  const foreign = writer.existing.filter((e) => e.split === split && !planned.has(entryKey(e)));
  if (foreign.length > 0) {
    throw new Error(`the data-set file holds ${foreign.length} ${split} entries this plan does not (e.g. ${entryKey(foreign[0])}): it was made with another seed or network; rerun with those or start a new file`);
  }
  const total = planned.size;
  let done = 0;
  let skipped = 0;
  let written = 0;
  const failed: string[] = [];
  for (const { index, kind } of originals) {
    const key = { kind, split, index } as const;
    done++;
    if (writer.has(key)) {
      skipped++;
      continue;
    }
    const pixels = roundPixels(images.images[index]);
    const label = images.labels[index];
    const predicted = argmax(forward(net, pixels).output);
    if ((predicted === label) !== (kind === "original-correct")) {
      throw new Error(`${split} image ${index}: the network predicts ${predicted} for label ${label}, it cannot be ${kind}`);
    }
    writer.append({ ...key, label, pixels });
    written++;
  }
  onProgress?.({ done, total, skipped, failed: failed.length, entry: `${originals.length} originals` });
  const tasks: AttackTask[] = [];
  for (const index of sources) {
    const label = images.labels[index];
    const pixels = Float64Array.from(images.images[index]);
    for (const target of targetsOf(label)) {
      if (target === label) throw new Error(`target ${target} equals the label of ${split} image ${index}`);
      if (writer.has({ kind: "adversarial", split, index, target })) {
        done++;
        skipped++;
      } else tasks.push({ split, index, label, target, pixels });
    }
  }
  await runner(tasks, (task, outcome) => {
    done++;
    const name = `${split}/${task.index} ${task.label}->${task.target}`;
    const pixels = outcome.adversarial === null ? null : roundPixels(outcome.adversarial);
    const ok = outcome.verified && pixels !== null && argmax(forward(net, pixels).output) === task.target;
    if (!ok || pixels === null) {
      failed.push(`${name} (${outcome.status}${outcome.message === undefined ? "" : `: ${outcome.message}`})`);
    } else {
      let l1 = 0;
      for (let j = 0; j < pixels.length; j++) l1 += Math.abs(pixels[j] - task.pixels[j]);
      writer.append({ kind: "adversarial", split, index: task.index, label: task.label, target: task.target, pixels, l1 });
      written++;
    }
    onProgress?.({ done, total, skipped, failed: failed.length, entry: name, outcome });
  });
  return { written, skipped, failed };
}
