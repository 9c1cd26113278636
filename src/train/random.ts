/**
 * A small seeded pseudo-random generator (mulberry32) so that training runs are reproducible:
 * the same seed gives the same example order on every machine.
 */

/** A function returning uniform numbers in [0, 1). */
export type Random = () => number;

/** A {@link Random} whose position can be saved: `seededRandom(0, r.state())` continues exactly where `r` is. */
export interface SeededRandom extends Random {
  /** The generator's 32-bit internal state (what a training checkpoint stores). */
  state(): number;
}

/**
 * mulberry32: a fast 32-bit generator, good enough for shuffling.
 * @param seed - the seed (taken modulo 2^32)
 * @param state - resume from a saved `state()` instead (the seed is then ignored)
 */
export function seededRandom(seed: number, state?: number): SeededRandom {
  let a = (state ?? seed) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { state: (): number => a });
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
