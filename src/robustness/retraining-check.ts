import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { accuracyDifferences } from "./committed-results";
import type { DatasetEntry } from "./dataset";
import type { AccuracyBreakdown } from "./evaluate";

/**
 * Notebook 05's closing check of the retraining study (thesis 3.4.1, 4.3.1, Table 4), as printable
 * lines and a failure count:
 *
 * 1. every adversarial example (live and committed) is classified by DNN1's float64 forward pass
 *    as its target: the data sets are attacks on DNN1;
 * 2. DNN1 scores exactly 0 / 100 / 0 % on adversarial / correct / incorrect originals, as the sets
 *    were built from its own predictions;
 * 3. with the committed test set, Table 4 recomputed equals `results/robustness.json`;
 * 4. the narrative's reading holds: Complete Retraining classifies more adversarial examples
 *    correctly than DNN1, and is best overall among the thesis' approaches (above both PR variants).
 *
 * A check whose input does not exist yet (no CR network, no committed test set) prints "–" and
 * neither passes nor fails; an empty `adversarial` list is a failure.
 */
export interface RetrainingCheck {
  /** One "✓ …" / "✗ …" / "– …" verdict per check. */
  readonly lines: readonly string[];
  /** Number of checks that failed (0 = everything holds). */
  readonly failures: number;
}

/** Table 4's accuracy of one approach ("original", "cr", "pr-adv", "pr-mixed", "pgd"). */
export interface ApproachAccuracy {
  readonly key: string;
  readonly acc: AccuracyBreakdown;
}

/** Runs the four checks of the file comment. `committed` is results/robustness.json's accuracy, or null. */
export function checkRetraining(
  dnn1: Network,
  adversarial: readonly DatasetEntry[],
  table4: readonly ApproachAccuracy[],
  committed: Readonly<Record<string, AccuracyBreakdown>> | null,
): RetrainingCheck {
  const lines: string[] = [];
  let failures = 0;
  const verdict = (ok: boolean | null, text: string): void => {
    lines.push(`${ok === null ? "–" : ok ? "✓" : "✗"} ${text}`);
    if (ok === false) failures++;
  };
  const wrong = adversarial.filter((e) => e.target === undefined || classify(dnn1, e.pixels) !== e.target).length;
  verdict(wrong === 0 && adversarial.length > 0, `${adversarial.length} adversarial examples: DNN1 predicts the target for all but ${wrong}`);
  const d1 = table4.find((a) => a.key === "original")?.acc;
  if (d1 === undefined) throw new Error('checkRetraining: table4 must hold the original DNN1 (key "original")');
  verdict(
    d1.adversarial.correct === 0 && d1.originalCorrect.pct === 100 && d1.originalIncorrect.correct === 0,
    `DNN1: ${d1.adversarial.pct.toFixed(2)} / ${d1.originalCorrect.pct.toFixed(2)} / ${d1.originalIncorrect.pct.toFixed(2)} % on adversarial / correct / incorrect (0 / 100 / 0 as the sets were built)`,
  );
  if (committed === null) verdict(null, "Table 4 not compared (no committed test set or results/robustness.json yet)");
  else {
    const differing = accuracyDifferences(table4.map((a) => [a.key, a.acc] as const), committed);
    verdict(differing.length === 0, `Table 4 recomputed here = results/robustness.json for ${table4.length} networks${differing.length > 0 ? `: ${differing.join("; ")}` : ""}`);
  }
  const cr = table4.find((a) => a.key === "cr")?.acc;
  const prs = table4.filter((a) => a.key === "pr-adv" || a.key === "pr-mixed");
  if (cr === undefined) verdict(null, "no CR network yet");
  else {
    const best = prs.every((p) => cr.overall.pct > p.acc.overall.pct);
    verdict(
      cr.adversarial.pct > d1.adversarial.pct && best,
      `CR repairs ${cr.adversarial.pct.toFixed(2)} % of the adversarial examples (DNN1 ${d1.adversarial.pct.toFixed(2)} %) and is best overall: ` +
        [`CR ${cr.overall.pct.toFixed(2)} %`, ...prs.map((p) => `${p.key} ${p.acc.overall.pct.toFixed(2)} %`)].join(", "),
    );
  }
  return { lines, failures };
}
