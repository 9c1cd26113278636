import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { PerturbationFreedom, PerturbationImage } from "./input-perturbation-milp";
import type { PerturbationRun } from "./input-perturbation-solve";
import type { PerturbationFile } from "./perturbation-io";
import { accuracyDifferences } from "./committed-results";
import type { DatasetEntry } from "./dataset";
import { accuracyBreakdown, perturbedClassifier, type AccuracyBreakdown } from "./evaluate";
import { applyPerturbation, type PerturbationScheme } from "./perturbation";

/** One visible verdict of notebook 06's closing check: a "✓ …" / "✗ …" line and whether it passed. */
export interface PerturbationCheck {
  /** Every condition held. */
  readonly ok: boolean;
  /** "✓ …" or "✗ …: what failed", for the notebook's output. */
  readonly line: string;
}

/**
 * Checks a live run of the input-perturbation MILP (10a)-(10q) on its images H from the run alone:
 * a perturbation was found; p_j ≥ 0 (10o); q = 0 for "only-weights" and p = 1 for
 * "only-disturbances" (Appendix A); at least one image counted (t^h = 1); and every counted image
 * passed the margin check and is classified as d^h by the float64 forward pass of p ⊙ x̄^h + q (10b);
 * every perturbed image lies in the domain (10f, k = 0).
 */
export function checkLivePerturbation(
  net: Network,
  images: readonly PerturbationImage[],
  name: string,
  run: PerturbationRun,
  freedom: PerturbationFreedom = "both",
): PerturbationCheck {
  const counted = run.t.reduce((a, b) => a + b, 0);
  const problems: string[] = [];
  const pert = run.perturbation;
  if (run.t.length !== images.length) problems.push(`t has ${run.t.length} entries for ${images.length} images`);
  if (pert === null) problems.push("no perturbation found");
  else {
    if (pert.p.some((v) => !(v >= 0))) problems.push("a weight p_j < 0 (10o)");
    if (freedom === "only-weights" && pert.q.some((v) => v !== 0)) problems.push("only-weights with a disturbance q_j ≠ 0");
    if (freedom === "only-disturbances" && pert.p.some((v) => v !== 1)) problems.push("only-disturbances with a weight p_j ≠ 1");
    const wrong = images.filter((h, i) => run.t[i] === 1 && !(run.verified[i] && classify(net, applyPerturbation(pert, h.pixels)) === h.label));
    if (wrong.length > 0) problems.push(`counted but not re-verified in float64: ${wrong.map((h) => h.id).join(", ")}`);
    const outside = images.filter((_, i) => run.inDomain[i] !== true);
    if (outside.length > 0) problems.push(`perturbed outside the domain (10f), where the bounds do not hold: ${outside.map((h) => h.id).join(", ")}`);
  }
  if (counted < 1) problems.push("no image counted");
  const ok = problems.length === 0;
  return { ok, line: `${ok ? "✓" : "✗"} ${name}: ${counted}/${images.length} counted, all re-verified in float64 (${run.status})${ok ? "" : `: ${problems.join("; ")}`}` };
}

/**
 * Checks a committed perturbation file against the network: at least one perturbation, each with
 * `inputSize` finite weights p_j ≥ 0 (10o) and `inputSize` finite disturbances q_j.
 */
export function checkPerturbationFile(file: PerturbationFile, name: string, inputSize: number): PerturbationCheck {
  const problems: string[] = [];
  if (file.perturbations.length === 0) problems.push("no perturbation");
  file.perturbations.forEach((s, i) => {
    if (s.p.length !== inputSize || s.q.length !== inputSize) problems.push(`perturbations[${i}] has ${s.p.length} weights and ${s.q.length} disturbances, expected ${inputSize}`);
    else if (!s.p.every((x) => Number.isFinite(x) && x >= 0)) problems.push(`perturbations[${i}].p has a weight that is negative or not finite`);
    else if (!s.q.every(Number.isFinite)) problems.push(`perturbations[${i}].q has a disturbance that is not finite`);
    // the variant's freedom (10a-10q): only-weights fixes q = 0, only-disturbances fixes p = 1
    if (file.variant === "only-weights" && s.q.some((v) => v !== 0)) problems.push(`perturbations[${i}]: only-weights with a disturbance q_j ≠ 0`);
    if (file.variant === "only-disturbances" && s.p.some((v) => v !== 1)) problems.push(`perturbations[${i}]: only-disturbances with a weight p_j ≠ 1`);
  });
  const ok = problems.length === 0;
  return { ok, line: `${ok ? "✓" : "✗"} ${name}: p ≥ 0, ${inputSize} weights and disturbances in each of ${file.perturbations.length} perturbation(s), within the variant's freedom${ok ? "" : `: ${problems.join("; ")}`}` };
}

/**
 * Recomputes Tables 5 / 7's accuracies of each committed perturbation on the committed test set
 * (float64 forward pass of p ⊙ x̄ + q; CP through the unperturbed first classification) and
 * compares them with `results/robustness.json`'s (`committed`, keyed by variant).
 */
export function checkPerturbationAccuracies(
  net: Network,
  testSet: readonly DatasetEntry[],
  schemes: readonly (readonly [string, PerturbationScheme])[],
  committed: Readonly<Record<string, AccuracyBreakdown>>,
): PerturbationCheck {
  if (testSet.length === 0 || schemes.length === 0) return { ok: false, line: "✗ Tables 5 / 7: no test set or no perturbation to recompute" };
  const differing = accuracyDifferences(schemes.map(([variant, scheme]) => [variant, accuracyBreakdown(testSet, perturbedClassifier(net, scheme))] as const), committed);
  const ok = differing.length === 0;
  return { ok, line: `${ok ? "✓" : "✗"} Tables 5 / 7 recomputed here = results/robustness.json for ${schemes.length} perturbation(s) on ${testSet.length} test images${ok ? "" : `: ${differing.join("; ")}`}` };
}
