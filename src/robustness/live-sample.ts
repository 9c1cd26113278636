import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { NetworkBounds } from "../bounds/types";
import { findAdversarialExampleBest, type BestResult } from "../best/best-attack";
import type { MilpSolver } from "../solver/types";
import { roundPixels, type DatasetEntry, type DatasetSplit } from "./dataset";
import type { LabelledImages } from "./selection";

/** Options of {@link liveAdversarialEntries}. */
export interface LiveSampleOptions {
  /** Global bounds over [0, 1] (e.g. the cached `lp` bounds). */
  readonly bounds: NetworkBounds;
  readonly solver: MilpSolver;
  /** Time limit per attack in seconds. */
  readonly timeLimit: number;
}

/**
 * A small sample of the adversarial data sets of thesis 4.3, made on the spot for notebooks:
 * the minimal-L1 adversarial examples (3.3: ratio 1.2, floor 0.01) of one image towards each of
 * `targets`, found with the `best` method (same optimum as the thesis' model, faster). Only
 * examples that the float64 forward pass classifies as their target (after rounding to the data
 * set's 6 decimals) become entries, labelled with the source digit as in the data sets.
 */
export async function liveAdversarialEntries(
  net: Network,
  images: LabelledImages,
  split: DatasetSplit,
  index: number,
  targets: readonly number[],
  options: LiveSampleOptions,
): Promise<{ entries: DatasetEntry[]; results: BestResult[] }> {
  const label = images.labels[index];
  const image = Float64Array.from(images.images[index]);
  const entries: DatasetEntry[] = [];
  const results: BestResult[] = [];
  for (const target of targets) {
    const r = await findAdversarialExampleBest(net, image, { label, target, bounds: options.bounds, solver: options.solver, timeLimit: options.timeLimit, eliminateStable: true });
    results.push(r);
    if (r.adversarial === null || !r.verified) continue;
    const pixels = roundPixels(r.adversarial);
    if (classify(net, pixels) !== target) continue;
    entries.push({ kind: "adversarial", split, index, label, target, pixels, ...(r.l1 === null ? {} : { l1: r.l1 }) });
  }
  return { entries, results };
}
