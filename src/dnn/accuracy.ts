import { classify } from "./forward";
import type { Network } from "./network";

/** Labelled inputs, e.g. an `MnistSet` from `src/data/mnist.ts`. */
export interface LabelledSet {
  readonly images: readonly ArrayLike<number>[];
  readonly labels: ArrayLike<number>;
}

/**
 * Fraction of `set` classified correctly (argmax of x^K equals the label) by the float64
 * forward pass of `src/dnn/forward.ts`; this is how `metrics.testAccuracy` is defined.
 * @throws Error when the set is empty or images and labels differ in number
 */
export function accuracy(net: Pick<Network, "inputSize" | "layers">, set: LabelledSet): number {
  return correctCount(net, set) / set.images.length;
}

/** Number of inputs of `set` classified correctly by the float64 forward pass. */
export function correctCount(net: Pick<Network, "inputSize" | "layers">, set: LabelledSet): number {
  if (set.images.length !== set.labels.length) {
    throw new Error(`accuracy: ${set.images.length} images but ${set.labels.length} labels`);
  }
  if (set.images.length === 0) throw new Error("accuracy: the set is empty");
  let correct = 0;
  for (let i = 0; i < set.images.length; i++) if (classify(net, set.images[i]) === set.labels[i]) correct++;
  return correct;
}
