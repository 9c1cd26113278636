/**
 * Table 4 (thesis 4.3.1) for notebook 05: each retrained network's accuracy on an adversarial
 * test set, ours beside the thesis'.
 */
import type { AccuracyBreakdown } from "../src/robustness/evaluate";
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
