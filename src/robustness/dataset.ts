import { checkNotReplaced, takeWriterLock } from "../store/jsonl-store";
import * as fs from "node:fs";
import * as path from "node:path";
import { MNIST_CLASSES, MNIST_PIXELS } from "../data/mnist";

/**
 * The adversarial data sets of thesis 4.3 as JSON lines, one image per line:
 * `{ "kind", "split", "index", "label", "target" (adversarial only), "pixels": [784 numbers] }`
 * (optionally `"l1"`, the L1 distance (9) of an adversarial example from its source image).
 *
 * - train (`data/adversarial/<net>-train.jsonl`): 50 correctly classified training images × the
 *   9 other targets = 450 adversarial examples, labelled with the source digit d̃, plus the
 *   50 originals;
 * - test (`<net>-test.jsonl`): 100 correctly classified test images × 9 targets = 900
 *   adversarial examples, 900 correctly classified originals and 200 misclassified originals.
 *
 * `index` is the image's position in its MNIST split; `label` is always the true digit.
 */

/** What a line holds. */
export type DatasetKind = "adversarial" | "original-correct" | "original-incorrect";

/** The MNIST split an image (or the source of an adversarial example) comes from. */
export type DatasetSplit = "train" | "test";

/** One image of an adversarial data set. */
export interface DatasetEntry {
  readonly kind: DatasetKind;
  readonly split: DatasetSplit;
  /** Index of the (source) image in its MNIST split. */
  readonly index: number;
  /** The true digit d̃ of the (source) image, 0-9. */
  readonly label: number;
  /** The target class d of an adversarial example (≠ label); absent for originals. */
  readonly target?: number;
  /** The 784 pixels in [0, 1]. */
  readonly pixels: Float64Array;
  /** L1 distance Σ_j |x_j − x̃_j| of an adversarial example from its source (optional). */
  readonly l1?: number;
}

const KINDS: readonly DatasetKind[] = ["adversarial", "original-correct", "original-incorrect"];
const SPLITS: readonly DatasetSplit[] = ["train", "test"];
const KEYS = new Set(["kind", "split", "index", "label", "target", "pixels", "l1"]);

/** Decimals kept per pixel when writing (files stay small; callers verify the rounded pixels). */
export const PIXEL_DECIMALS = 6;

/** Rounds pixels to {@link PIXEL_DECIMALS} decimals and clamps them into [0, 1]. */
export function roundPixels(pixels: ArrayLike<number>): Float64Array {
  const scale = 10 ** PIXEL_DECIMALS;
  const out = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.min(1, Math.max(0, Math.round(pixels[i] * scale) / scale));
  return out;
}

function isDigit(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < MNIST_CLASSES;
}

/**
 * Parses and validates one line of a data-set file.
 * @param line - the JSON text of the line
 * @param where - "file:line" used in every error message
 * @throws Error `<where>: field "<name>": <problem>` for invalid JSON, an unknown field, a bad kind
 *   or split, a label or target outside 0-9, target = label, a target on an original, or pixels
 *   that are not 784 finite numbers in [0, 1]
 */
export function parseDatasetLine(line: string, where: string): DatasetEntry {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (e) {
    throw new Error(`${where}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`${where}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  const fail = (field: string, problem: string): never => {
    throw new Error(`${where}: field "${field}": ${problem}`);
  };
  for (const k of Object.keys(o)) if (!KEYS.has(k)) fail(k, "unknown field");
  const kind = o.kind as DatasetKind;
  if (!KINDS.includes(kind)) fail("kind", `expected one of ${KINDS.join(", ")}, got ${JSON.stringify(o.kind)}`);
  const split = o.split as DatasetSplit;
  if (!SPLITS.includes(split)) fail("split", `expected "train" or "test", got ${JSON.stringify(o.split)}`);
  const index = o.index;
  if (typeof index !== "number" || !Number.isInteger(index) || index < 0) {
    fail("index", `expected a non-negative integer, got ${JSON.stringify(index)}`);
  }
  if (!isDigit(o.label)) fail("label", `expected an integer 0-9, got ${JSON.stringify(o.label)}`);
  const label = o.label as number;
  let target: number | undefined;
  if (kind === "adversarial") {
    if (!isDigit(o.target)) fail("target", `expected an integer 0-9, got ${JSON.stringify(o.target)}`);
    target = o.target as number;
    if (target === label) fail("target", `equals the label ${label}`);
  } else if (o.target !== undefined) {
    fail("target", `only adversarial examples have a target (kind is ${kind})`);
  }
  let l1: number | undefined;
  if (o.l1 !== undefined) {
    if (typeof o.l1 !== "number" || !Number.isFinite(o.l1) || o.l1 < 0) fail("l1", `expected a number >= 0, got ${JSON.stringify(o.l1)}`);
    l1 = o.l1 as number;
  }
  if (!Array.isArray(o.pixels)) fail("pixels", "expected an array");
  const arr = o.pixels as unknown[];
  if (arr.length !== MNIST_PIXELS) fail("pixels", `expected ${MNIST_PIXELS} values, got ${arr.length}`);
  const pixels = new Float64Array(MNIST_PIXELS);
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1) {
      fail("pixels", `value ${i} is ${JSON.stringify(v)}, expected a number in [0, 1]`);
    }
    pixels[i] = v as number;
  }
  const entry: DatasetEntry = { kind, split, index: index as number, label, pixels };
  return {
    ...entry,
    ...(target === undefined ? {} : { target }),
    ...(l1 === undefined ? {} : { l1 }),
  };
}

/** The JSON text of one entry (no newline); pixels are written as given (round them first). */
export function formatDatasetLine(entry: DatasetEntry): string {
  const o: Record<string, unknown> = { kind: entry.kind, split: entry.split, index: entry.index, label: entry.label };
  if (entry.target !== undefined) o.target = entry.target;
  if (entry.l1 !== undefined) o.l1 = Math.round(entry.l1 * 1e6) / 1e6;
  o.pixels = Array.from(entry.pixels);
  return JSON.stringify(o);
}

/** Identity of an entry inside a file: kind, split, source index and target. */
export function entryKey(e: Pick<DatasetEntry, "kind" | "split" | "index" | "target">): string {
  return `${e.kind}/${e.split}/${e.index}/${e.target ?? "-"}`;
}

/**
 * Reads and validates a whole data-set file; blank lines are skipped.
 * @throws Error naming the file, the 1-based line number and the bad field; also on a duplicate entry
 */
export function readDataset(file: string): DatasetEntry[] {
  const text = fs.readFileSync(file, "utf8");
  return parseDatasetText(text, path.basename(file));
}

/** Parses the text of a data-set file; `source` names it in errors. */
export function parseDatasetText(text: string, source: string): DatasetEntry[] {
  const out: DatasetEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    const where = `${source}:${i + 1}`;
    const e = parseDatasetLine(line, where);
    const key = entryKey(e);
    if (seen.has(key)) throw new Error(`${where}: duplicate entry ${key}`);
    seen.add(key);
    out.push(e);
  });
  return out;
}

/**
 * Appends entries to a data-set file, resumably: opening it takes the file's lock
 * (`<file>.lock.tmp`, so two runs cannot append the same entries), reads what is already there (a
 * last line cut short by a crash is dropped from the file), and every entry is written with one
 * `writeSync` of one complete line and fsync'd, so an interrupted run loses at most the line being written.
 */
export class DatasetWriter {
  private readonly keys = new Set<string>();
  private readonly fd: number;
  private readonly release: () => void;
  /** Entries already in the file when it was opened. */
  readonly existing: readonly DatasetEntry[];

  constructor(readonly file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.release = takeWriterLock(file);
    try {
      let text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (text.length > 0 && !text.endsWith("\n")) {
        text = text.slice(0, text.lastIndexOf("\n") + 1);
        fs.truncateSync(file, Buffer.byteLength(text, "utf8"));
      }
      this.existing = parseDatasetText(text, path.basename(file));
      for (const e of this.existing) this.keys.add(entryKey(e));
      this.fd = fs.openSync(file, "a");
    } catch (e) {
      this.release();
      throw e;
    }
  }

  /** Whether an entry with this identity is already in the file. */
  has(e: Pick<DatasetEntry, "kind" | "split" | "index" | "target">): boolean {
    return this.keys.has(entryKey(e));
  }

  /** Validates (by re-parsing) and appends one entry as one line. */
  append(entry: DatasetEntry): void {
    const line = formatDatasetLine(entry);
    const e = parseDatasetLine(line, `${path.basename(this.file)}:new entry`);
    const key = entryKey(e);
    if (this.keys.has(key)) throw new Error(`${path.basename(this.file)}: entry ${key} already written`);
    checkNotReplaced(this.file, this.fd);
    fs.writeSync(this.fd, line + "\n");
    fs.fsyncSync(this.fd);
    this.keys.add(key);
  }

  /** Closes the file and releases its lock. */
  close(): void {
    fs.closeSync(this.fd);
    this.release();
  }
}
