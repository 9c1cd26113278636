import type { DatasetEntry } from "./dataset";

/** The retraining approaches of thesis 3.4.1 / 4.3.1. */
export const RETRAINING_APPROACHES = ["cr", "pr-adv", "pr-mixed"] as const;

/** One of {@link RETRAINING_APPROACHES}. */
export type RetrainingApproach = (typeof RETRAINING_APPROACHES)[number];

/** Images and labels to train on. */
export interface RetrainingSet {
  readonly images: readonly ArrayLike<number>[];
  readonly labels: Uint8Array;
}

/**
 * The data of one retraining approach (thesis 3.4.1, 4.3.1) from the adversarial training set
 * (`data/adversarial/<net>-train.jsonl`), every adversarial example labelled with its true
 * source digit d̃ (not its target):
 * - "cr" (complete retraining, from scratch): the MNIST training images plus the adversarial examples;
 * - "pr-adv" (partial retraining, from the trained network): the adversarial examples only;
 * - "pr-mixed": the adversarial examples plus the originals they came from.
 * @throws Error when the set holds no adversarial example, or an entry of the test split.
 */
export function retrainingSet(
  approach: RetrainingApproach,
  mnistTrain: { readonly images: readonly ArrayLike<number>[]; readonly labels: ArrayLike<number> },
  entries: readonly DatasetEntry[],
): RetrainingSet {
  const test = entries.find((e) => e.split !== "train");
  if (test !== undefined) throw new Error(`retrainingSet: entry ${test.kind}/${test.split}/${test.index} is not of the training split`);
  const adversarial = entries.filter((e) => e.kind === "adversarial");
  if (adversarial.length === 0) throw new Error("retrainingSet: the adversarial training set holds no adversarial example");
  const originals = entries.filter((e) => e.kind === "original-correct");
  const set = approach === "pr-mixed" ? [...adversarial, ...originals] : adversarial;
  const base = approach === "cr" ? { images: mnistTrain.images, labels: Array.from(mnistTrain.labels) } : { images: [], labels: [] };
  return {
    images: [...base.images, ...set.map((e) => e.pixels)],
    labels: Uint8Array.from([...base.labels, ...set.map((e) => e.label)]),
  };
}
