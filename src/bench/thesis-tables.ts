import type { BenchMethod, BenchTable } from "./row";

/**
 * The thesis' published figures (section 4.2): Table 2 (solved to optimality) and Table 3
 * (stopped at a 1 % relative gap), 100 correctly classified test images per network, 300 s per
 * image, CPLEX 20.1.0 on a 4-core Intel i5 @ 1.6 GHz. Copied verbatim; the base model has no
 * presolve (no tightened bounds), stored here as null.
 */

/** One cell group of a thesis table: one network under one method. */
export interface ThesisCell {
  /** "Solved (%)": instances solved to optimality (Table 3: to the 1 % gap) within 300 s. */
  readonly solvedPercent: number;
  /** "Gap (%)": mean relative gap between the best solution and the best bound. */
  readonly gapPercent: number;
  /** "Nodes": mean branch-and-bound nodes. */
  readonly nodes: number;
  /** "Presolve (s)": seconds to compute the tightened bounds (null for the base model). */
  readonly presolveSeconds: number | null;
  /** "Time (s)": mean solve seconds, time-limited instances included. */
  readonly seconds: number;
}

type Row5 = readonly [number, number, number, number | null, number];

function cell([solvedPercent, gapPercent, nodes, presolveSeconds, seconds]: Row5): ThesisCell {
  return { solvedPercent, gapPercent, nodes, presolveSeconds, seconds };
}

/** Per network: [base, improved, weaker improved], each [solved %, gap %, nodes, presolve s, time s]. */
const TABLE_2: Readonly<Record<string, readonly [Row5, Row5, Row5]>> = {
  dnn1: [[100, 0.0, 1868, null, 0.75], [100, 0.0, 895, 6.0, 0.62], [100, 0.0, 895, 5.94, 0.66]],
  dnn2: [[100, 0.0, 15392, null, 7.87], [100, 0.0, 5626, 12.93, 3.97], [100, 0.0, 5626, 12.91, 3.93]],
  dnn3: [[95, 0.99, 33501, null, 68.16], [100, 0.0, 9036, 129.32, 14.28], [100, 0.0, 9059, 49.03, 15.84]],
  dnn4: [[46, 27.55, 90766, null, 209.06], [96, 0.85, 30195, 325.93, 67.16], [99, 0.35, 28644, 71.11, 65.71]],
  dnn5: [[15, 66.36, 185604, null, 280.19], [55, 19.39, 97401, 543.04, 192.69], [58, 17.84, 104993, 81.6, 186.38]],
};

const TABLE_3: Readonly<Record<string, readonly [Row5, Row5, Row5]>> = {
  dnn1: [[100, 0.55, 1859, null, 0.76], [100, 0.53, 900, 6.25, 0.67], [100, 0.53, 900, 5.97, 0.65]],
  dnn2: [[100, 0.8, 16551, null, 7.68], [100, 0.82, 5554, 12.85, 3.82], [100, 0.82, 5554, 13.08, 3.81]],
  dnn3: [[96, 1.78, 41190, null, 67.7], [100, 0.83, 7376, 129.87, 14.31], [100, 0.82, 7715, 48.95, 14.82]],
  dnn4: [[46, 28.92, 115874, null, 211.17], [97, 1.63, 29033, 323.36, 66.45], [96, 2.31, 33910, 71.36, 67.12]],
  dnn5: [[16, 65.25, 198940, null, 274.39], [54, 18.93, 101210, 544.96, 189.19], [59, 16.34, 100052, 83.1, 186.73]],
};

const METHOD_COLUMN: Partial<Record<BenchMethod, 0 | 1 | 2>> = { base: 0, improved: 1, weak: 2 };

/**
 * The thesis' figures for one network and method, or null when the thesis has none
 * (the `best` method, or a network other than DNN1-DNN5).
 */
export function thesisCell(table: BenchTable, model: string, method: BenchMethod): ThesisCell | null {
  const column = METHOD_COLUMN[method];
  const row = (table === 2 ? TABLE_2 : TABLE_3)[model.toLowerCase()];
  if (column === undefined || row === undefined) return null;
  return cell(row[column]);
}
