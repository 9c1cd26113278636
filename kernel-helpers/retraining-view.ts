/**
 * Table 4 (thesis 4.3.1) for notebook 05: each retrained network's accuracy on an adversarial
 * test set, ours beside the thesis', how each network was trained, and how far the data sets'
 * adversarial examples are from their sources.
 */
import type { Network } from "../src/dnn/network";
import type { AccuracyBreakdown } from "../src/robustness/evaluate";
import type { L1Distribution } from "../src/robustness/l1-distribution";
import type { ThesisAccuracyRow } from "../src/robustness/thesis-tables";
import { oursThesis, type Row } from "./tables";

/** One approach of Table 4: its display name, its accuracies and the thesis' row (none beyond the thesis). */
export interface Table4Entry {
  readonly name: string;
  readonly acc: AccuracyBreakdown;
  readonly thesis?: ThesisAccuracyRow;
}

/** Table 4's rows, each accuracy as "ours (thesis)", and the number of images behind them. */
export function table4Rows(entries: readonly Table4Entry[]): Row[] {
  return entries.map(({ name, acc, thesis }) => ({
    approach: name,
    "adv. examples (%)": oursThesis(acc.adversarial.pct, thesis?.adversarial),
    "original correct (%)": oursThesis(acc.originalCorrect.pct, thesis?.originalCorrect),
    "original incorrect (%)": oursThesis(acc.originalIncorrect.pct, thesis?.originalIncorrect),
    "overall (%)": oursThesis(acc.overall.pct, thesis?.overall),
    images: acc.overall.total,
  }));
}

/**
 * How each network was trained and how accurate it is on MNIST itself, from its own file
 * (`data/models/<name>.json`: `training` and `metrics`): the settings the thesis leaves open for
 * PR (batch size, learning rate) and the clean accuracy the adversarial test set does not show.
 */
export function trainingRows(nets: readonly Network[]): Row[] {
  return nets.map((n) => ({
    network: n.name,
    "MNIST test acc. (%)": 100 * n.metrics.testAccuracy,
    "MNIST train acc. (%)": 100 * n.metrics.trainAccuracy,
    "starts from": n.training.initialNetwork ?? "random weights",
    "training images": n.training.trainingExamples ?? 60000,
    epochs: n.training.epochs,
    batch: n.training.batchSize,
    optimiser: n.training.optimizer,
    "learning rate": n.training.learningRate,
  }));
}

/**
 * Holds the networks' figures a notebook's text quotes (`{ "dnn1-pr-adv": { testAccuracy: 91.37,
 * batchSize: 32 } }`, accuracies in percent rounded to two decimals) against their files; returns one
 * line per mismatch.
 */
export function networkFigureMismatches(
  nets: readonly Network[],
  quoted: Readonly<Record<string, { readonly testAccuracy?: number; readonly batchSize?: number; readonly epochs?: number }>>,
): string[] {
  const bad: string[] = [];
  for (const [name, q] of Object.entries(quoted)) {
    const net = nets.find((n) => n.name === name);
    if (net === undefined) {
      bad.push(`${name}: not among the loaded networks`);
      continue;
    }
    const acc = Number((100 * net.metrics.testAccuracy).toFixed(2));
    if (q.testAccuracy !== undefined && acc !== q.testAccuracy) bad.push(`${name}: test accuracy ${acc} %, the text says ${q.testAccuracy} %`);
    if (q.batchSize !== undefined && net.training.batchSize !== q.batchSize) bad.push(`${name}: batch ${net.training.batchSize}, the text says ${q.batchSize}`);
    if (q.epochs !== undefined && net.training.epochs !== q.epochs) bad.push(`${name}: ${net.training.epochs} epochs, the text says ${q.epochs}`);
  }
  return bad;
}

/** One data set's L1 distribution, under the name its row shows. */
export interface NamedL1Distribution {
  readonly name: string;
  readonly dist: L1Distribution;
}

/**
 * One row per data set: the number of adversarial examples, mean, min, each quantile ("median"
 * for 50 %, else "q10" etc.), max, the count above the threshold and the entry with the largest L1.
 */
export function l1DistributionRows(sets: readonly NamedL1Distribution[]): Row[] {
  return sets.map(({ name, dist }) => {
    const quantiles = Object.fromEntries(dist.quantiles.map((q) => [q.p === 0.5 ? "median" : `q${Math.round(100 * q.p)}`, q.value]));
    const e = dist.largest.entry;
    return {
      "data set": name, examples: dist.count, mean: dist.mean, min: dist.min, ...quantiles, max: dist.max,
      [`L1 > ${dist.threshold}`]: dist.above, "largest": `${e.split} ${e.index}: ${e.label} → ${e.target}`,
    };
  });
}

/** The figures of an L1 distribution a notebook's text quotes, rounded as the text writes them. */
export interface QuotedL1Figures {
  /** Mean, median and max, compared at two decimals. */
  readonly mean?: number;
  readonly median?: number;
  readonly max?: number;
  /** Source index of the example with the largest L1. */
  readonly largestIndex?: number;
  /** Count above the distribution's threshold. */
  readonly above?: number;
}

/** Holds the quoted figures against the distribution `name`; returns one line per mismatch. */
export function l1FigureMismatches(dist: L1Distribution, name: string, quoted: QuotedL1Figures): string[] {
  const bad: string[] = [];
  const median = dist.quantiles.find((q) => q.p === 0.5)?.value;
  const two = (v: number | undefined): number | undefined => (v === undefined ? undefined : Number(v.toFixed(2)));
  for (const [label, got, want] of [["mean", two(dist.mean), quoted.mean], ["median", two(median), quoted.median], ["max", two(dist.max), quoted.max],
    ["largest entry's index", dist.largest.entry.index, quoted.largestIndex], [`count above ${dist.threshold}`, dist.above, quoted.above]] as const) {
    if (want !== undefined && got !== want) bad.push(`${name}: ${label} ${got ?? "not computed"}, the text says ${want}`);
  }
  return bad;
}
