import * as fs from "node:fs";
import type { AccuracyBreakdown, AccuracyPart, DistanceSummary } from "./evaluate";

/**
 * The committed robustness evaluation, `results/robustness.json` as
 * `scripts/robustness-evaluate.ts` writes it (Tables 4-8 of thesis 4.3 for DNN1), read with its
 * fields checked so that notebooks 05-07 can hold what they recompute against it.
 */

/** One perturbation variant's committed solve: time, distances from the identity, its MILPs. */
export interface CommittedPerturbation {
  readonly seconds: number;
  readonly weight: number;
  readonly disturbance: number;
  /** Per MILP: its status, relative gap and the training images it counts that the float64 forward pass confirms. */
  readonly solves: readonly { readonly status: string; readonly gap: number | null; readonly seconds: number; readonly verified: number }[];
}

/** `results/robustness.json`. */
export interface RobustnessResults {
  readonly network: string;
  readonly testSet: { readonly images: number };
  /** Table 4-7 accuracies by approach: "original", "cr", "pr-adv", "pr-mixed", "pgd" and the perturbation variants. */
  readonly accuracy: Readonly<Record<string, AccuracyBreakdown>>;
  readonly perturbations: Readonly<Record<string, CommittedPerturbation>>;
  /** Table 8 by approach, null when the distance study was not run. */
  readonly distance: Readonly<Record<string, DistanceSummary>> | null;
  readonly createdAt: string;
}

const PARTS = ["adversarial", "originalCorrect", "originalIncorrect", "overall"] as const;

/**
 * Reads and checks `results/robustness.json`.
 * @throws Error naming the file and the first field that is missing or of the wrong type
 */
export function readRobustnessResults(file: string): RobustnessResults {
  const v = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const fail = (field: string, what: string): never => {
    throw new Error(`${file}: ${field} must be ${what}`);
  };
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  if (typeof v.network !== "string") fail("network", "a string");
  if (!isObject(v.testSet) || typeof v.testSet.images !== "number") fail("testSet.images", "a number");
  if (!isObject(v.accuracy)) fail("accuracy", "an object");
  for (const [approach, breakdown] of Object.entries(v.accuracy as Record<string, unknown>)) {
    for (const part of PARTS) {
      const p = isObject(breakdown) ? breakdown[part] : undefined;
      if (!isObject(p) || typeof p.correct !== "number" || typeof p.total !== "number") fail(`accuracy.${approach}.${part}`, "{ correct, total, pct }");
    }
  }
  if (!isObject(v.perturbations)) fail("perturbations", "an object");
  for (const [variant, p] of Object.entries(v.perturbations as Record<string, unknown>)) {
    if (!isObject(p) || typeof p.seconds !== "number" || typeof p.weight !== "number" || typeof p.disturbance !== "number" || !Array.isArray(p.solves)) {
      fail(`perturbations.${variant}`, "{ seconds, weight, disturbance, solves[] }");
    }
  }
  if (v.distance !== null && !isObject(v.distance)) fail("distance", "an object or null");
  if (typeof v.createdAt !== "string") fail("createdAt", "a string");
  return v as unknown as RobustnessResults;
}

/** The parts (adversarial, originalCorrect, originalIncorrect, overall) whose counts differ between two breakdowns. */
export function breakdownDifferences(a: AccuracyBreakdown, b: AccuracyBreakdown): string[] {
  const same = (x: AccuracyPart, y: AccuracyPart): boolean => x.correct === y.correct && x.total === y.total;
  return PARTS.filter((part) => !same(a[part], b[part])).map((part) => `${part}: ${a[part].correct}/${a[part].total} vs ${b[part].correct}/${b[part].total}`);
}

/**
 * The figures a notebook's narrative quotes, held against the committed results: each key is a
 * dotted path into {@link RobustnessResults} (e.g. "accuracy.cr.overall.pct"), each value the figure
 * as the text prints it, compared after rounding to `digits` decimals. Returns one line per path
 * that is missing or differs, so that a regenerated evaluation makes stale prose fail its check.
 */
export function quotedFigureMismatches(results: RobustnessResults, quoted: Readonly<Record<string, number>>, digits = 2): string[] {
  const out: string[] = [];
  for (const [dotted, figure] of Object.entries(quoted)) {
    let value: unknown = results;
    for (const key of dotted.split(".")) value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    if (typeof value !== "number") out.push(`${dotted}: not a number in the results`);
    else if (value.toFixed(digits) !== figure.toFixed(digits)) out.push(`${dotted}: the text says ${figure.toFixed(digits)}, the results ${value.toFixed(digits)}`);
  }
  return out;
}

/**
 * Recomputed accuracies against the committed ones, approach by approach: one line per part that
 * differs (see {@link breakdownDifferences}) or per approach the results do not hold.
 */
export function accuracyDifferences(recomputed: readonly (readonly [string, AccuracyBreakdown])[], committed: Readonly<Record<string, AccuracyBreakdown>>): string[] {
  return recomputed.flatMap(([approach, acc]) => {
    const c = committed[approach];
    return c === undefined ? [`${approach}: not in the committed results`] : breakdownDifferences(acc, c).map((d) => `${approach} ${d}`);
  });
}
