import type { AttackRecord } from "./evaluate";

/**
 * How sure Table 8's comparisons are. Table 8 (thesis Appendix B) gives one mean minimal-L1
 * distance per approach over the same test images, so two approaches are best compared image by
 * image: d_i = L1_i(approach) − L1_i(baseline) on the images where both attacks were proven
 * optimal. Reported: the mean of d, its standard deviation and standard error, the 95 % interval
 * mean ± 1.96 · SE (normal approximation: fine for the study's 100 images, too narrow for a
 * handful), and the change of the mean: the mean difference over the baseline's mean distance
 * (a ratio of means, not the mean of per-image ratios).
 */
export interface PairedDifference {
  readonly approach: string;
  readonly baseline: string;
  /** Images where both attacks are proven optimal with an example. */
  readonly n: number;
  readonly meanDifference: number;
  /** Sample standard deviation of the per-image differences (NaN for n < 2). */
  readonly sd: number;
  /** Standard error sd / √n. */
  readonly se: number;
  readonly ci95: readonly [number, number];
  /** Change of the mean: meanDifference / the baseline's mean distance on the same images. */
  readonly relative: number;
}

/** Paired differences for each [approach, baseline] pair of `records` (keyed by approach). */
export function pairedDistanceDifferences(
  records: Readonly<Record<string, readonly AttackRecord[]>>,
  pairs: readonly (readonly [string, string])[],
): PairedDifference[] {
  return pairs.map(([approach, baseline]) => {
    const proven = (name: string): Map<string, number> => {
      const list = records[name];
      if (list === undefined) throw new Error(`pairedDistanceDifferences: no records for approach "${name}" (have: ${Object.keys(records).join(", ")})`);
      return new Map(list.filter((r) => r.status === "optimal" && r.l1 !== null).map((r) => [r.image, r.l1 as number]));
    };
    const a = proven(approach);
    const b = proven(baseline);
    const images = [...a.keys()].filter((i) => b.has(i));
    const d = images.map((i) => (a.get(i) as number) - (b.get(i) as number));
    const n = d.length;
    const mean = n === 0 ? Number.NaN : d.reduce((s, v) => s + v, 0) / n;
    const sd = n < 2 ? Number.NaN : Math.sqrt(d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const se = sd / Math.sqrt(n);
    const baselineMean = n === 0 ? Number.NaN : images.reduce((s, i) => s + (b.get(i) as number), 0) / n;
    return { approach, baseline, n, meanDifference: mean, sd, se, ci95: [mean - 1.96 * se, mean + 1.96 * se], relative: mean / baselineMean };
  });
}
