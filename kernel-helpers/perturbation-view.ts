/**
 * Pictures of an input perturbation (thesis 3.4.2, Appendix C): the weights p applied to an
 * input of ones (Fig. 5), the disturbances q added to an input of zeros (Fig. 6) and the whole
 * perturbation applied to ones, p + q (Fig. 7), each normalised to [0, 1] as in the thesis.
 */
import type { Network } from "../src/dnn/network";
import type { DatasetEntry } from "../src/robustness/dataset";
import { accuracyBreakdown, perturbedClassifier, schemeDistance } from "../src/robustness/evaluate";
import type { Perturbation } from "../src/robustness/perturbation";
import { loadPerturbationFile, schemeOf, type PerturbationVariant } from "../src/robustness/perturbation-io";
import { thesisPerturbationRow } from "../src/robustness/thesis-tables";
import type { CaptionedImage } from "./images";
import { artefactPath, artefactPresent } from "./robustness-artefacts";
import { oursThesis, type Row } from "./tables";

/** Min-max normalisation to [0, 1] (all 0.5 when every value is equal), with the original range. */
export function normalise(values: ArrayLike<number>): { pixels: Float64Array; min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let j = 0; j < values.length; j++) {
    min = Math.min(min, values[j]);
    max = Math.max(max, values[j]);
  }
  const span = max - min;
  const pixels = Float64Array.from(values, (v) => (span > 0 ? (v - min) / span : 0.5));
  return { pixels, min, max };
}

/** The three Appendix C images of a perturbation, captioned with their range before normalisation. */
export function appendixCImages(pert: Perturbation, label = ""): CaptionedImage[] {
  const sum = Float64Array.from(pert.p, (p, j) => p + pert.q[j]);
  const items: [string, ArrayLike<number>][] = [["p ⊙ 1 (Fig. 5)", pert.p], ["0 + q (Fig. 6)", pert.q], ["p ⊙ 1 + q (Fig. 7)", sum]];
  return items.map(([what, values]) => {
    const n = normalise(values);
    // A constant image (e.g. p ≡ 1: the perturbation left the weights alone) normalises to flat grey: say so.
    const flat = n.max - n.min < 1e-9 ? ` — constant ${n.min.toFixed(2)} everywhere, nothing to see` : "";
    return { pixels: n.pixels, caption: `${label}${what}: [${n.min.toFixed(2)}, ${n.max.toFixed(2)}]${flat}` };
  });
}

/**
 * Tables 5 and 7, ours (thesis): one row per committed perturbation variant (those whose file
 * exists), its accuracies on `testSet` by the float64 forward pass of p ⊙ x̄ + q, the solve's time
 * and the distances Σ|p_j − 1| and Σ|q_j| from the identity.
 */
export function perturbationTableRows(net: Network, testSet: readonly DatasetEntry[], variants: readonly PerturbationVariant[]): Row[] {
  if (testSet.length === 0) return [];
  return variants.filter((v) => artefactPresent(v)).map((v) => {
    const file = loadPerturbationFile(artefactPath(v));
    const scheme = schemeOf(file);
    const acc = accuracyBreakdown(testSet, perturbedClassifier(net, scheme));
    const t = thesisPerturbationRow(v);
    const dist = schemeDistance(scheme);
    return {
      variant: v,
      "adv. (%)": oursThesis(acc.adversarial.pct, t.adversarial),
      "orig. correct (%)": oursThesis(acc.originalCorrect.pct, t.originalCorrect),
      "orig. incorrect (%)": oursThesis(acc.originalIncorrect.pct, t.originalIncorrect),
      "overall (%)": oursThesis(acc.overall.pct, t.overall),
      "time (s)": oursThesis(file.seconds, t.seconds),
      "Σ|p−1|": `${dist.weight.toPrecision(3)} (${t.weightDistance.toPrecision(3)})`,
      "Σ|q|": `${dist.disturbance.toPrecision(3)} (${t.disturbanceDistance.toPrecision(3)})`,
    };
  });
}
