import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { DatasetEntry, DatasetKind } from "./dataset";
import { classifyWithPerturbation, perturbationDistance, type PerturbationScheme } from "./perturbation";
import type { ThesisAccuracyRow, ThesisDistanceRow, ThesisPerturbationRow } from "./thesis-tables";

/**
 * Robustness evaluation of thesis 3.4.3: accuracy on the adversarial test set split by kind
 * (Tables 4-7), perturbation size (Tables 5, 7) and the adversarial distance (Tables 6, 8).
 */

/** Correct out of total, and the percentage (NaN for an empty part). */
export interface AccuracyPart {
  readonly correct: number;
  readonly total: number;
  readonly pct: number;
}

/** Accuracy per kind of test image and overall (the columns of Tables 4-7). */
export interface AccuracyBreakdown {
  readonly adversarial: AccuracyPart;
  readonly originalCorrect: AccuracyPart;
  readonly originalIncorrect: AccuracyPart;
  readonly overall: AccuracyPart;
}

/** Anything that maps an image to a class. */
export type Classifier = (pixels: Float64Array) => number;

/** The plain network as a classifier. */
export function networkClassifier(net: Network): Classifier {
  return (pixels) => classify(net, pixels);
}

/** The network behind a GP or CP perturbation (Figure 2) as a classifier. */
export function perturbedClassifier(net: Network, scheme: PerturbationScheme): Classifier {
  return (pixels) => classifyWithPerturbation(net, scheme, pixels).predicted;
}

function part(correct: number, total: number): AccuracyPart {
  return { correct, total, pct: total === 0 ? NaN : (100 * correct) / total };
}

/**
 * Accuracy of `classifier` on a test set: an image counts as correct when it is classified as
 * its `label` (the source digit d̃ for adversarial examples). Overall = all correct / all images.
 */
export function accuracyBreakdown(entries: readonly DatasetEntry[], classifier: Classifier): AccuracyBreakdown {
  const correct: Record<DatasetKind, number> = { adversarial: 0, "original-correct": 0, "original-incorrect": 0 };
  const total: Record<DatasetKind, number> = { adversarial: 0, "original-correct": 0, "original-incorrect": 0 };
  for (const e of entries) {
    total[e.kind]++;
    if (classifier(e.pixels) === e.label) correct[e.kind]++;
  }
  const all = correct.adversarial + correct["original-correct"] + correct["original-incorrect"];
  return {
    adversarial: part(correct.adversarial, total.adversarial),
    originalCorrect: part(correct["original-correct"], total["original-correct"]),
    originalIncorrect: part(correct["original-incorrect"], total["original-incorrect"]),
    overall: part(all, entries.length),
  };
}

/** Σ|p − 1| and Σ|q| of a scheme; for CP the average over its per-class perturbations (as Table 5 reports). */
export function schemeDistance(scheme: PerturbationScheme): { weight: number; disturbance: number } {
  const perts = scheme.kind === "general" ? [scheme.perturbation] : scheme.perClass;
  let weight = 0;
  let disturbance = 0;
  for (const p of perts) {
    const d = perturbationDistance(p);
    weight += d.weight;
    disturbance += d.disturbance;
  }
  return { weight: weight / perts.length, disturbance: disturbance / perts.length };
}

/** One adversarial attack on one image, as used for the adversarial distance. */
export interface AttackRecord {
  /** Identifies the image (same ids across approaches). */
  readonly image: string;
  /** "optimal" when the minimal L1 was proven. */
  readonly status: string;
  /** L1 distance of the best (verified) example, or null. */
  readonly l1: number | null;
  readonly gap: number | null;
  readonly nodes: number;
  readonly seconds: number;
}

/** The columns of Table 8 for one approach. */
export interface DistanceSummary {
  readonly attacks: number;
  readonly solvedPct: number;
  /** Mean relative gap in % over all attacks (0 for solved ones; unsolved without a gap count 100). */
  readonly gapPct: number;
  readonly nodes: number;
  readonly seconds: number;
  /** Mean L1 over the attacks solved to optimality. */
  readonly distance: number;
}

/** Means of Table 8 over a list of attacks. */
export function summarizeAttacks(records: readonly AttackRecord[]): DistanceSummary {
  const n = records.length;
  const solved = records.filter((r) => r.status === "optimal");
  const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  return {
    attacks: n,
    solvedPct: n === 0 ? NaN : (100 * solved.length) / n,
    gapPct: mean(records.map((r) => (r.status === "optimal" ? 0 : 100 * (r.gap ?? 1)))),
    nodes: mean(records.map((r) => r.nodes)),
    seconds: mean(records.map((r) => r.seconds)),
    distance: mean(solved.map((r) => r.l1 as number)),
  };
}

/** Ids of the images present in every list (the thesis uses images correctly classified by all approaches). */
export function commonImages(lists: readonly (readonly string[])[]): string[] {
  if (lists.length === 0) return [];
  const rest = lists.slice(1).map((l) => new Set(l));
  return lists[0].filter((id) => rest.every((s) => s.has(id)));
}

function fmt(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return "–";
  if (Math.abs(v) >= 1e5) return v.toExponential(2).replace("e+", "×10^");
  return v.toFixed(digits);
}

/** A markdown table. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Our accuracy rows beside the thesis' (Tables 4, 5, 7): "ours (thesis)" per cell. */
export function accuracyTable(
  ours: readonly { readonly approach: string; readonly accuracy: AccuracyBreakdown; readonly extra?: readonly string[] }[],
  thesis: readonly ThesisAccuracyRow[],
  extraHeaders: readonly string[] = [],
): string {
  const headers = ["Approach", "Adv. exmpls. (%)", "Original correct (%)", "Original incorrect (%)", "Overall (%)", ...extraHeaders];
  const rows = ours.map((o, i) => {
    const t = thesis[i];
    const cell = (v: number, tv: number | undefined) => (tv === undefined ? fmt(v) : `${fmt(v)} (${fmt(tv)})`);
    return [
      o.approach,
      cell(o.accuracy.adversarial.pct, t?.adversarial),
      cell(o.accuracy.originalCorrect.pct, t?.originalCorrect),
      cell(o.accuracy.originalIncorrect.pct, t?.originalIncorrect),
      cell(o.accuracy.overall.pct, t?.overall),
      ...(o.extra ?? []),
    ];
  });
  return `${markdownTable(headers, rows)}\n\nCells: ours (thesis).`;
}

/** Our Table 8 beside the thesis'. */
export function distanceTable(ours: readonly { readonly approach: string; readonly summary: DistanceSummary }[], thesis: readonly ThesisDistanceRow[]): string {
  const headers = ["Approach", "Solved (%)", "Gap (%)", "Nodes", "Time (s)", "Adv. distance"];
  const rows = ours.map((o, i) => {
    const t = thesis[i];
    const s = o.summary;
    const c = (v: number, tv: number | undefined, d = 2) => (tv === undefined ? fmt(v, d) : `${fmt(v, d)} (${fmt(tv, d)})`);
    return [o.approach, c(s.solvedPct, t?.solvedPct, 0), c(s.gapPct, t?.gapPct), c(s.nodes, t?.nodes, 0), c(s.seconds, t?.seconds), c(s.distance, t?.distance)];
  });
  return `${markdownTable(headers, rows)}\n\nCells: ours (thesis).`;
}

/** Formats a number for the Σ|p − 1|, Σ|q| and time columns. */
export function formatFigure(v: number): string {
  return fmt(v);
}

/** Our figures of one perturbation: solve time (s), Σ|p_j − 1| and Σ|q_j|. */
export interface PerturbationFigures {
  readonly seconds: number;
  readonly weight: number;
  readonly disturbance: number;
}

/**
 * The Time (s), Σ|p_j − 1| and Σ|q_j| cells of a row of Tables 5 and 7, each "ours (thesis)" like
 * the accuracy cells beside them (ours alone without a thesis row); large figures in ×10^ notation.
 */
export function perturbationFigureCells(ours: PerturbationFigures, thesis?: ThesisPerturbationRow): string[] {
  const cell = (v: number, tv: number | undefined): string => (tv === undefined ? formatFigure(v) : `${formatFigure(v)} (${formatFigure(tv)})`);
  return [cell(ours.seconds, thesis?.seconds), cell(ours.weight, thesis?.weightDistance), cell(ours.disturbance, thesis?.disturbanceDistance)];
}
