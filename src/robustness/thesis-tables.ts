import type { PerturbationVariant } from "./perturbation-io";

/**
 * The thesis' robustness results (DNN1, section 4.3 and Appendices A-B), copied exactly from
 * Tables 4-8 so that our figures can be printed beside them. Accuracies are percentages.
 */

/** One accuracy row of Tables 4-7. */
export interface ThesisAccuracyRow {
  readonly approach: string;
  readonly adversarial: number;
  readonly originalCorrect: number;
  readonly originalIncorrect: number;
  readonly overall: number;
}

/** A perturbation row of Tables 5 and 7: accuracies plus time (s), Σ|p_j − 1| and Σ|q_j|. */
export interface ThesisPerturbationRow extends ThesisAccuracyRow {
  readonly seconds: number;
  readonly weightDistance: number;
  readonly disturbanceDistance: number;
}

/** A row of Table 8 (and the distance column of Table 6). */
export interface ThesisDistanceRow {
  readonly approach: string;
  readonly solvedPct: number;
  readonly gapPct: number;
  readonly nodes: number;
  readonly seconds: number;
  readonly distance: number;
}

/** Table 4: test set accuracy of retraining approaches. */
export const THESIS_TABLE4: readonly ThesisAccuracyRow[] = [
  { approach: "Complete Retraining", adversarial: 90.78, originalCorrect: 96.67, originalIncorrect: 33.5, overall: 87.7 },
  { approach: "Partial Retraining - Only adv. exmpls.", adversarial: 77.33, originalCorrect: 97.78, originalIncorrect: 10.0, overall: 79.8 },
  { approach: "Partial Retraining - Adv. exmpls. + original", adversarial: 79.11, originalCorrect: 98.11, originalIncorrect: 10.0, overall: 80.75 },
];

/** Table 5: test set accuracy of perturbation approaches. */
export const THESIS_TABLE5: readonly ThesisPerturbationRow[] = [
  { approach: "General Perturbation", adversarial: 19.44, originalCorrect: 21.33, originalIncorrect: 13.5, overall: 19.7, seconds: 273.92, weightDistance: 8.54e10, disturbanceDistance: 1.68e12 },
  { approach: "- Min. distance", adversarial: 51.89, originalCorrect: 98.78, originalIncorrect: 8.5, overall: 68.65, seconds: 14152.32, weightDistance: 2.66, disturbanceDistance: 0.36 },
  { approach: "Conditional Perturbation", adversarial: 7.89, originalCorrect: 27.56, originalIncorrect: 8.0, overall: 16.75, seconds: 11123.02, weightDistance: 1.08e6, disturbanceDistance: 1.68e12 },
];

/** Table 6: comparison of the three approaches and the original DNN (accuracies and adversarial distance). */
export const THESIS_TABLE6: readonly (ThesisAccuracyRow & { readonly distance: number })[] = [
  { approach: "Original DNN", adversarial: 0.0, originalCorrect: 100.0, originalIncorrect: 0.0, overall: 45.0, distance: 2.04 },
  { approach: "Complete Retraining", adversarial: 90.78, originalCorrect: 96.67, originalIncorrect: 33.5, overall: 87.7, distance: 2.01 },
  { approach: "Partial Retraining", adversarial: 79.11, originalCorrect: 98.11, originalIncorrect: 10.0, overall: 80.75, distance: 2.65 },
  { approach: "Input Perturbation", adversarial: 51.89, originalCorrect: 98.78, originalIncorrect: 8.5, overall: 68.65, distance: 2.17 },
];

/** Table 7 (Appendix A): variations of the perturbation approaches. */
export const THESIS_TABLE7: readonly ThesisPerturbationRow[] = [
  { approach: "General Perturbation", adversarial: 19.44, originalCorrect: 21.33, originalIncorrect: 13.5, overall: 19.7, seconds: 273.92, weightDistance: 8.54e10, disturbanceDistance: 1.68e12 },
  { approach: "Only weights (p_j)", adversarial: 17.11, originalCorrect: 21.67, originalIncorrect: 11.5, overall: 18.6, seconds: 40.52, weightDistance: 1.3e11, disturbanceDistance: 0.0 },
  { approach: "Only disturbances (q_j)", adversarial: 0.0, originalCorrect: 0.0, originalIncorrect: 0.0, overall: 0.0, seconds: 43202.67, weightDistance: 0.0, disturbanceDistance: 1.68e12 },
  { approach: "Min. distance", adversarial: 51.89, originalCorrect: 98.78, originalIncorrect: 8.5, overall: 68.65, seconds: 14152.32, weightDistance: 2.66, disturbanceDistance: 0.36 },
];

/** Where each of our perturbation variants stands in the thesis: its table and row label. */
const VARIANT_ROWS: Readonly<Record<PerturbationVariant, readonly [readonly ThesisPerturbationRow[], string]>> = {
  gp: [THESIS_TABLE5, "General Perturbation"],
  "gp-min-distance": [THESIS_TABLE5, "- Min. distance"],
  cp: [THESIS_TABLE5, "Conditional Perturbation"],
  "only-weights": [THESIS_TABLE7, "Only weights (p_j)"],
  "only-disturbances": [THESIS_TABLE7, "Only disturbances (q_j)"],
};

/** The thesis' row (Table 5, or Table 7 for the single-variable variants) of a perturbation variant. */
export function thesisPerturbationRow(variant: PerturbationVariant): ThesisPerturbationRow {
  const entry = VARIANT_ROWS[variant];
  if (entry === undefined) throw new Error(`variant must be one of ${Object.keys(VARIANT_ROWS).join(", ")}, got ${JSON.stringify(variant)}`);
  const [table, label] = entry;
  const row = table.find((r) => r.approach === label);
  if (row === undefined) throw new Error(`thesis tables: no row "${label}" for variant ${variant}`);
  return row;
}

/** Table 8 (Appendix B): adversarial example creation after the improvement approaches. */
export const THESIS_TABLE8: readonly ThesisDistanceRow[] = [
  { approach: "Original DNN", solvedPct: 100, gapPct: 0.0, nodes: 888, seconds: 0.66, distance: 2.04 },
  { approach: "Complete Retraining", solvedPct: 100, gapPct: 0.0, nodes: 753, seconds: 0.56, distance: 2.01 },
  { approach: "Partial Retraining", solvedPct: 100, gapPct: 0.0, nodes: 855, seconds: 0.67, distance: 2.65 },
  { approach: "Input Perturbation", solvedPct: 100, gapPct: 0.0, nodes: 841, seconds: 0.73, distance: 2.17 },
];
