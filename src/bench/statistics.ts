/**
 * The small statistics the reports use: the Wilson interval of a solved share (Tables 2-3,
 * "95 % CI"), McNemar's exact test of two methods on the same images (notebook 04, "Do the
 * thesis' findings hold?"), and quantiles (the median time ratio there, the L1 distribution of the
 * adversarial data sets in notebook 05).
 */

/**
 * Wilson score interval (95 % for z = 1.96) of a share of k successes in n trials, in percent:
 * the interval to quote beside a solved share on a few images (k = n = 25 gives 86.7-100 %).
 */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n <= 0) return [Number.NaN, Number.NaN];
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [100 * Math.max(0, centre - half), 100 * Math.min(1, centre + half)];
}

/** The discordant images of a paired comparison of two methods, first method's wins first. */
export interface Discordant {
  readonly first: number;
  readonly second: number;
}

/**
 * Two-sided exact McNemar p-value of a paired comparison with `first` and `second` discordant
 * images: P(a split at least this uneven | each discordant image goes either way with
 * probability 1/2) = min(1, 2 · P(Binomial(first + second, 1/2) ≤ min(first, second))); 1 without
 * discordant images.
 */
export function mcnemarExactP({ first, second }: Discordant): number {
  const n = first + second;
  if (n === 0) return 1;
  let term = Math.pow(0.5, n); // C(n, 0) / 2^n
  let tail = term;
  for (let i = 1; i <= Math.min(first, second); i++) {
    term = (term * (n - i + 1)) / i;
    tail += term;
  }
  return Math.min(1, 2 * tail);
}

/**
 * The `p`-quantile of sorted values by linear interpolation between order statistics (numpy's
 * default, R's type 7): position h = (n − 1)·p, value v⌊h⌋ + (h − ⌊h⌋)(v⌈h⌉ − v⌊h⌋).
 * @param sorted - values in ascending order, at least one
 * @param p - probability in [0, 1]
 * @throws Error on an empty array or p outside [0, 1]
 */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error("quantile: no values");
  if (!(p >= 0 && p <= 1)) throw new Error(`quantile: p must be in [0, 1], got ${p}`);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
