import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { adversarialSpec } from "./spec";
import type { AdversarialOptions, AdversarialResult } from "./types";
import { isVerified, verifyAdversarial } from "./verify";
import { optimumSlack, sameOptimum } from "./optimum";
import type { UntargetedResult } from "./untargeted";

/**
 * The closing check of notebook 03 (thesis 3.3 / 4.1), one visible verdict per line: every
 * adversarial example passes the float64 forward pass under the options it was solved with, and
 * the fast incumbents and the plain thesis model agree with the proven optimum.
 */

/** One verdict: "✓ …" / "✗ …" and whether it held. */
export interface ExampleCheck {
  readonly ok: boolean;
  readonly line: string;
}

const mark = (ok: boolean): string => (ok ? "✓" : "✗");

/**
 * Each example re-checked from scratch: it exists, the solver's own check passed, and (8) with
 * its ratio and floor, Δ and any extra rows hold (`verifyAdversarial` under the example's
 * `options`, target included). The float64 prediction must be the target wherever the model
 * forces it (a floor > 0 and a ratio > 1); without the floor or with ratio 1, (8) admits ties such
 * as the thesis' Fig. 4b all-zero output, which is then a correct optimum "not classified".
 */
export function checkExample(net: Network, original: ArrayLike<number>, name: string, r: AdversarialResult, options: AdversarialOptions): ExampleCheck {
  if (r.adversarial === null) return { ok: false, line: `✗ ${name}: no adversarial example (${r.status})` };
  const spec = adversarialSpec(net, original, { ...options, target: r.target });
  const check = verifyAdversarial(net, spec, r.adversarial);
  const tiesAllowed = spec.floor <= 0 || spec.ratio <= 1;
  const ok = r.verified && isVerified(check) && (check.classifiedAsTarget || tiesAllowed);
  const out = forward(net, r.adversarial).output[r.target];
  const verdict = check.classifiedAsTarget ? `predicted ${r.predicted} = target ${r.target}` : `not classified (arg max ${r.predicted}, target ${r.target}${tiesAllowed ? ": a tie, which (8) admits without the floor" : ""})`;
  const reasons = check.reasons.filter((reason) => !(tiesAllowed && reason.startsWith("not classified")));
  return { ok, line: `${mark(ok)} ${name}: ${verdict}, x^K_d = ${out.toFixed(3)}, L1 ${r.l1?.toFixed(4)} ${reasons.join("; ")}`.trimEnd() };
}

/**
 * The optima of the Fig. 4 variants are ordered by their feasible sets: a variant that adds
 * constraints to another (the floor, Δ, both) cannot have a smaller optimal L1. Each pair is
 * `[looser, tighter]`; only pairs where both are proven optimal are compared (relative 1e-5
 * slack, `optimumSlack`), the others are reported as not comparable and fail.
 */
export function checkVariantOrder(pairs: readonly (readonly [string, AdversarialResult, string, AdversarialResult])[]): ExampleCheck {
  const parts: string[] = [];
  let ok = true;
  for (const [looseName, loose, tightName, tight] of pairs) {
    if (loose.status !== "optimal" || tight.status !== "optimal" || loose.l1 === null || tight.l1 === null) {
      ok = false;
      parts.push(`${looseName} (${loose.status}) vs ${tightName} (${tight.status}): not both optimal`);
      continue;
    }
    const holds = tight.l1 >= loose.l1 - optimumSlack(loose.l1);
    ok &&= holds;
    parts.push(`${looseName} ${loose.l1.toFixed(4)} ${holds ? "≤" : ">"} ${tightName} ${tight.l1.toFixed(4)}`);
  }
  return { ok, line: `${mark(ok)} variant optima ordered by their constraints: ${parts.join(", ")}` };
}

/** The region descent ends between the proven optimum and the attack's distance: optimum ≤ descent ≤ attack. */
export function checkDescent(optimum: number, descent: number, attack: number): ExampleCheck {
  const ok = descent <= attack + 1e-12 && descent >= optimum - 1e-6;
  return { ok, line: `${mark(ok)} region descent: optimum ${optimum.toFixed(4)} ≤ descent ${descent.toFixed(4)} ≤ attack ${attack.toFixed(4)}` };
}

/** The plain thesis model and the best method both prove the same optimal L1 (`sameOptimum`, relative 1e-5). */
export function checkSameOptimum(plain: AdversarialResult, best: AdversarialResult): ExampleCheck {
  const ok = plain.status === "optimal" && best.status === "optimal" && plain.l1 !== null && best.l1 !== null && sameOptimum(best.l1, plain.l1);
  return { ok, line: `${mark(ok)} plain thesis model: L1 ${plain.l1?.toFixed(6)} (${plain.status}, ${plain.seconds.toFixed(1)} s) = best method ${best.l1?.toFixed(6)} (${best.status})` };
}

/**
 * The untargeted search is consistent: solved over every class but the label, its example
 * verified and of the class it names, no farther than the optimum for one particular target
 * (`targeted`, e.g. the thesis' (d̃ + 5) mod 10), and its proven bound meets its L1.
 */
export function checkUntargeted(r: UntargetedResult, targeted: AdversarialResult): ExampleCheck {
  const classes = r.best?.outputs?.length ?? 0;
  const covered = new Set(r.perTarget.map((o) => o.target));
  const ok =
    r.status === "optimal" &&
    r.best !== null &&
    r.best.verified &&
    r.best.target === r.target &&
    r.l1 !== null &&
    covered.size === classes - 1 &&
    !covered.has(r.label) &&
    targeted.l1 !== null &&
    r.l1 <= targeted.l1 + optimumSlack(targeted.l1) &&
    sameOptimum(r.bound, r.l1);
  return {
    ok,
    line: `${mark(ok)} untargeted: closest class ${r.target} at L1 ${r.l1?.toFixed(4)} (${r.status}, bound ${r.bound.toFixed(4)}) ≤ target ${targeted.target} at ${targeted.l1?.toFixed(4)}`,
  };
}

