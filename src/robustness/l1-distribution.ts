import type { DatasetEntry } from "./dataset";
import { quantile } from "../bench/statistics";

/**
 * How far the adversarial examples of a data set are from their source images: the distribution
 * of their L1 distances Σ_j |x_j − x̃_j| (the objective Σ_j δ_j, δ from (9)). A data set made of
 * minimal-L1 examples (thesis 3.3) has small distances; a time-limited attack keeps whatever
 * verified incumbent it holds, which can be far larger than the optimum.
 */

/** The probabilities of the quantiles reported by default (10 %, quartiles, 90 %, 99 %). */
export const DEFAULT_L1_PROBABILITIES: readonly number[] = [0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

/** One quantile: the value below which a share `p` of the distances lies. */
export interface L1Quantile {
  /** Probability in [0, 1]. */
  readonly p: number;
  /** The quantile, by linear interpolation between order statistics (see {@link quantile}). */
  readonly value: number;
}

/** The adversarial example with the largest L1 distance of a set. */
export interface LargestL1Entry {
  /** The entry itself (its source `index`, `label` d̃, `target` d and pixels). */
  readonly entry: DatasetEntry;
  /** Its L1 distance. */
  readonly l1: number;
}

/** The distribution of the L1 distances of a data set's adversarial examples. */
export interface L1Distribution {
  /** Number of adversarial examples. */
  readonly count: number;
  /** Mean L1 distance. */
  readonly mean: number;
  /** Smallest L1 distance. */
  readonly min: number;
  /** The quantiles, in the order of the probabilities asked for. */
  readonly quantiles: readonly L1Quantile[];
  /** Largest L1 distance. */
  readonly max: number;
  /** The example with the largest distance (the first one on ties). */
  readonly largest: LargestL1Entry;
  /** The threshold of {@link L1Distribution.above}. */
  readonly threshold: number;
  /** Number of examples whose L1 distance is strictly above `threshold`. */
  readonly above: number;
}

/** Options of {@link adversarialL1Distribution}. */
export interface L1DistributionOptions {
  /** Probabilities of the quantiles; default {@link DEFAULT_L1_PROBABILITIES}. */
  readonly probabilities?: readonly number[];
  /** Count the examples above this L1 distance; default 15. */
  readonly threshold?: number;
}

/**
 * The distribution of the L1 distances of the adversarial examples in `entries` (originals are
 * skipped). Every adversarial example must carry its `l1` field, as the data-set generator and
 * the live sample write it.
 * @throws Error when `entries` holds no adversarial example, or one without `l1` (named by
 *   split, index and target)
 */
export function adversarialL1Distribution(entries: readonly DatasetEntry[], options: L1DistributionOptions = {}): L1Distribution {
  const probabilities = options.probabilities ?? DEFAULT_L1_PROBABILITIES;
  const threshold = options.threshold ?? 15;
  const adversarial: LargestL1Entry[] = [];
  for (const entry of entries) {
    if (entry.kind !== "adversarial") continue;
    if (entry.l1 === undefined) throw new Error(`adversarialL1Distribution: adversarial example ${entry.split}/${entry.index} → ${entry.target} has no l1`);
    adversarial.push({ entry, l1: entry.l1 });
  }
  if (adversarial.length === 0) throw new Error("adversarialL1Distribution: no adversarial example in the set");
  const sorted = adversarial.map((a) => a.l1).sort((a, b) => a - b);
  const largest = adversarial.reduce((best, a) => (a.l1 > best.l1 ? a : best));
  return {
    count: sorted.length,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    min: sorted[0],
    quantiles: probabilities.map((p) => ({ p, value: quantile(sorted, p) })),
    max: sorted[sorted.length - 1],
    largest,
    threshold,
    above: sorted.filter((v) => v > threshold).length,
  };
}
