import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { MNIST_CLASSES } from "../data/mnist";
import { seededRandom } from "../train/random";

/**
 * Seeded, digit-balanced choice of the images behind the adversarial data sets (thesis 4.3).
 */

/** The project's seeded generator (mulberry32), re-exported for the data-set selection. */
export { seededRandom };

/** Fisher-Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Options of {@link selectBalanced}. */
export interface SelectOptions {
  /** How many images in total; spread as evenly as possible over the digits 0-9. */
  readonly total: number;
  /** Seed of the shuffle (fixed, so the choice is reproducible). */
  readonly seed: number;
  /** Which images qualify (evaluated lazily, in shuffled order). */
  readonly eligible: (index: number) => boolean;
  /** Indices never chosen. */
  readonly exclude?: ReadonlySet<number>;
}

/**
 * Chooses `total` eligible images balanced over their labels: ⌊total/10⌋ per digit (the first
 * `total mod 10` digits one more); where a digit has too few eligible images the others make
 * up the difference ("balanced where possible"). The result is sorted by digit, then by the
 * shuffled order.
 * @throws Error when fewer than `total` images are eligible
 */
export function selectBalanced(labels: ArrayLike<number>, options: SelectOptions): number[] {
  const random = seededRandom(options.seed);
  const byDigit: number[][] = Array.from({ length: MNIST_CLASSES }, () => []);
  for (let i = 0; i < labels.length; i++) if (!options.exclude?.has(i)) byDigit[labels[i]].push(i);
  const queues = byDigit.map((list) => shuffled(list, random));
  const cursor = new Array<number>(MNIST_CLASSES).fill(0);
  const chosen: number[][] = Array.from({ length: MNIST_CLASSES }, () => []);
  const next = (d: number): number | null => {
    const q = queues[d];
    while (cursor[d] < q.length) {
      const i = q[cursor[d]++];
      if (options.eligible(i)) return i;
    }
    return null;
  };
  const base = Math.floor(options.total / MNIST_CLASSES);
  const quota = Array.from({ length: MNIST_CLASSES }, (_, d) => base + (d < options.total % MNIST_CLASSES ? 1 : 0));
  let missing = 0;
  for (let d = 0; d < MNIST_CLASSES; d++) {
    while (chosen[d].length < quota[d]) {
      const i = next(d);
      if (i === null) {
        missing += quota[d] - chosen[d].length;
        break;
      }
      chosen[d].push(i);
    }
  }
  const exhausted = new Set<number>();
  while (missing > 0 && exhausted.size < MNIST_CLASSES) {
    for (let d = 0; d < MNIST_CLASSES && missing > 0; d++) {
      if (exhausted.has(d)) continue;
      const i = next(d);
      if (i === null) exhausted.add(d);
      else {
        chosen[d].push(i);
        missing--;
      }
    }
  }
  if (missing > 0) throw new Error(`selectBalanced: only ${options.total - missing} of ${options.total} images are eligible`);
  return chosen.flat();
}

/** The images of the two data sets of thesis 4.3, as MNIST indices. */
export interface DatasetPlan {
  /** 50 correctly classified training images (5 per digit), attacked towards the 9 other digits. */
  readonly trainSources: number[];
  /** 100 correctly classified test images (10 per digit), attacked towards the 9 other digits. */
  readonly testSources: number[];
  /** 900 correctly classified test images (90 per digit), the 100 sources among them. */
  readonly testCorrect: number[];
  /** 200 test images the network misclassifies (20 per digit where possible). */
  readonly testIncorrect: number[];
}

/** Sizes and seed of a {@link DatasetPlan}; defaults are the thesis' (4.3). */
export interface PlanOptions {
  readonly seed?: number;
  readonly trainSources?: number;
  readonly testSources?: number;
  readonly testCorrect?: number;
  readonly testIncorrect?: number;
}

/** Labelled images (an `MnistSet` or a slice of one). */
export interface LabelledImages {
  readonly images: readonly ArrayLike<number>[];
  readonly labels: ArrayLike<number>;
}

/**
 * Chooses the images of both data sets with a fixed seed (default 7), balanced over digits.
 * The 900 correctly classified test originals include the 100 attacked test images (the thesis
 * does not say; the training set likewise holds the 50 originals its examples come from).
 */
export function planDatasets(net: Network, train: LabelledImages, test: LabelledImages, options: PlanOptions = {}): DatasetPlan {
  const seed = options.seed ?? 7;
  const correct = (set: LabelledImages) => {
    const memo = new Map<number, boolean>();
    return (i: number): boolean => {
      let ok = memo.get(i);
      if (ok === undefined) {
        ok = classify(net, set.images[i]) === set.labels[i];
        memo.set(i, ok);
      }
      return ok;
    };
  };
  const trainCorrect = correct(train);
  const testIsCorrect = correct(test);
  const trainSources = selectBalanced(train.labels, { total: options.trainSources ?? 50, seed, eligible: trainCorrect });
  const testSources = selectBalanced(test.labels, { total: options.testSources ?? 100, seed: seed + 1, eligible: testIsCorrect });
  const sourceSet = new Set(testSources);
  const moreCorrect = (options.testCorrect ?? 900) - testSources.length;
  const others = selectBalanced(test.labels, { total: moreCorrect, seed: seed + 2, eligible: testIsCorrect, exclude: sourceSet });
  const testCorrect = [...testSources, ...others].sort((a, b) => test.labels[a] - test.labels[b] || a - b);
  const testIncorrect = selectBalanced(test.labels, {
    total: options.testIncorrect ?? 200,
    seed: seed + 3,
    eligible: (i) => !testIsCorrect(i),
  });
  return { trainSources, testSources, testCorrect, testIncorrect };
}
