import { argmax, forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { relativeGap } from "../solver/progress";
import type { AdversarialSpec } from "./spec";
import type { AdversarialResult, Verification } from "./types";
import { isVerified, verifyAdversarial } from "./verify";

/** What a result reports about one candidate example x (float64, from the forward pass). */
export interface ExampleFields {
  readonly adversarial: Float64Array;
  readonly verification: Verification;
  /** x passes every part of the float64 re-check (`isVerified`). */
  readonly verified: boolean;
  /** x^K = forward(x) and its arg max. */
  readonly outputs: number[];
  readonly predicted: number;
  /** Σ |x_j − x̃_j| (objective (9)) and max |x_j − x̃_j|. */
  readonly l1: number;
  readonly linf: number;
}

/** The reported fields of candidate x for `spec`: its float64 re-check, outputs and distances from x̃. */
export function exampleFields(net: Network, spec: AdversarialSpec, adversarial: Float64Array): ExampleFields {
  const verification = verifyAdversarial(net, spec, adversarial);
  const outputs = Array.from(forward(net, adversarial).output);
  let l1 = 0;
  let linf = 0;
  for (let j = 0; j < adversarial.length; j++) {
    const d = Math.abs(adversarial[j] - spec.image[j]);
    l1 += d;
    linf = Math.max(linf, d);
  }
  return { adversarial, verification, verified: isVerified(verification), outputs, predicted: argmax(outputs), l1, linf };
}

/**
 * `r` unchanged, unless its example fails the float64 re-check while `fallback` (an example
 * already in hand, e.g. the attack's incumbent given as MIP start) passes it: then the fallback is
 * reported, with the solve's proven bound. It is "optimal" only if its L1 is within
 * max(1e-6, `relativeGapLimit`) of that bound; a solve that claimed "optimal" otherwise becomes
 * "error" (its optimum is the example that failed), any other status stays. The message says so.
 */
export function withVerifiedExample(
  r: AdversarialResult,
  net: Network,
  spec: AdversarialSpec,
  fallback: ArrayLike<number> | null,
  relativeGapLimit: number,
): AdversarialResult {
  if (r.adversarial === null || r.verified || fallback === null) return r;
  const f = exampleFields(net, spec, Float64Array.from(fallback));
  if (!f.verified) return r;
  const gap = relativeGap(f.l1, r.bound);
  const proven = gap !== null && gap <= Math.max(1e-6, relativeGapLimit);
  const status = proven ? "optimal" : r.status === "optimal" ? "error" : r.status;
  const note = `the solver's example (L1 ${r.l1}) failed the float64 check; reporting the verified start (L1 ${f.l1})${proven ? "" : ", not proven optimal"}`;
  return { ...r, ...f, status, objective: f.l1, gap, message: r.message === undefined ? note : `${r.message}; ${note}` };
}
