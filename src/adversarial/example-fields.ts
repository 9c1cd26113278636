import { argmax, forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { relativeGap } from "../solver/progress";
import { provenBound } from "../solver/proven-bound";
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
  /** Σ |x_j − x̃_j| (the objective Σ_j δ_j, δ from (9)) and max |x_j − x̃_j|. */
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
 * `r` unchanged, unless it reports no verified example while `fallback` (an example already in
 * hand, e.g. the attack's incumbent given as MIP start) passes the float64 re-check: its example
 * failed the check, or the solve stopped (time limit, interrupted) without one. The fallback is
 * then reported, with the solve's proven bound. It is "optimal" only if that bound does not
 * contradict it and its L1 is within max(1e-6, `relativeGapLimit`) of the bound; a solve that
 * claimed "optimal" otherwise becomes "error" (its optimum is the example that failed), any other
 * status stays. An infeasible or failed solve is left as it is. The message says what happened.
 */
export function withVerifiedExample(
  r: AdversarialResult,
  net: Network,
  spec: AdversarialSpec,
  fallback: ArrayLike<number> | null,
  relativeGapLimit: number,
): AdversarialResult {
  if (r.verified || fallback === null || r.status === "infeasible" || r.status === "error") return r;
  const f = exampleFields(net, spec, Float64Array.from(fallback));
  if (!f.verified) return r;
  // A bound above the verified example is wrong (or the example is): it proves nothing.
  const bound = provenBound({ status: r.status, objective: f.l1, bound: r.bound }, "minimize");
  const gap = relativeGap(f.l1, bound);
  const proven = gap !== null && gap <= Math.max(1e-6, relativeGapLimit);
  const status = proven ? "optimal" : r.status === "optimal" ? "error" : r.status;
  const why = r.adversarial === null ? `the solve ended (${r.status}) without an example` : `the solver's example (L1 ${r.l1}) failed the float64 check`;
  const note = `${why}; reporting the verified start (L1 ${f.l1})${proven ? "" : ", not proven optimal"}`;
  return { ...r, ...f, status, objective: f.l1, bound, gap, message: r.message === undefined ? note : `${r.message}; ${note}` };
}
