import type { MnistSet } from "../data/mnist";
import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";

/**
 * Which test images the performance study attacks and which guide the attack (thesis 4.2), in a
 * module of their own so that notebooks can pick the same images without loading the study's
 * worker pool.
 */

/** Indices of the first `count` test images the network classifies correctly (float64 forward pass). */
export function firstCorrectImages(net: Network, set: MnistSet, count: number): number[] {
  const picked: number[] = [];
  for (let i = 0; i < set.images.length && picked.length < count; i++) {
    if (classify(net, set.images[i]) === set.labels[i]) picked.push(i);
  }
  return picked;
}

/** Up to `count` test images, from the last one down to index 5000 (or to the middle of a smaller set), that the network classifies as `target`. */
export function targetGuides(net: Network, set: MnistSet, target: number, count: number): number[][] {
  const out: number[][] = [];
  for (let i = set.images.length - 1; i >= Math.min(5000, set.images.length / 2) && out.length < count; i--) {
    if (classify(net, set.images[i]) === target) out.push(Array.from(set.images[i]));
  }
  return out;
}
