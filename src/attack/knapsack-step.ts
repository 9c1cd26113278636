/**
 * The L1-cheapest move that raises a linear function by a given amount inside a box: a
 * fractional knapsack. To raise a·x by `gain` starting from `from` with lower ≤ x ≤ upper and the
 * least Σ |x_i − from_i|, move the pixels with the largest |a_i| first, each as far as its box
 * allows in the direction sign(a_i), and the last one only partly.
 */

/** Result of {@link knapsackStep}. */
export interface KnapsackStep {
  /** The pixels moved and their new values. */
  readonly pixels: number[];
  readonly values: number[];
  /** The gain a·(x' − from) reached (less than asked only when the box or the L1 budget `maxL1` runs out). */
  readonly gain: number;
}

/**
 * @param a - the gradient (linear coefficients)
 * @param from - the starting point
 * @param lower - per-pixel lower bounds of the box
 * @param upper - per-pixel upper bounds of the box
 * @param gain - the increase of a·x wanted (> 0)
 * @param priority - optional multipliers of |a_i| used only to order the pixels (randomised restarts)
 * @param maxL1 - a trust region: stop once the moves add up to this L1 length (default ∞)
 */
export function knapsackStep(
  a: ArrayLike<number>,
  from: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  gain: number,
  priority?: ArrayLike<number>,
  maxL1 = Infinity,
): KnapsackStep {
  const n = a.length;
  const order: number[] = [];
  const key = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    if (ai === 0) continue;
    const room = ai > 0 ? upper[i] - from[i] : from[i] - lower[i];
    if (room <= 0) continue;
    order.push(i);
    key[i] = Math.abs(ai) * (priority ? priority[i] : 1);
  }
  order.sort((p, q) => key[q] - key[p]);
  const pixels: number[] = [];
  const values: number[] = [];
  let reached = 0;
  let length = 0;
  for (const i of order) {
    if (reached >= gain || length >= maxL1) break;
    const ai = a[i];
    const abs = Math.abs(ai);
    const room = ai > 0 ? upper[i] - from[i] : from[i] - lower[i];
    const move = Math.min(room, (gain - reached) / abs, maxL1 - length);
    reached += move * abs;
    length += move;
    pixels.push(i);
    values.push(ai > 0 ? Math.min(upper[i], from[i] + move) : Math.max(lower[i], from[i] - move));
  }
  return { pixels, values, gain: reached };
}
