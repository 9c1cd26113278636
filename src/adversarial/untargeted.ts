import { classify, forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { relativeGap } from "../solver/progress";
import type { SolveStatus } from "../solver/types";
import { findAdversarialExample } from "./find";
import { deltaSumRow } from "./spec";
import type { AdversarialOptions, AdversarialResult } from "./types";

/**
 * Beyond the thesis (which always targets d = (d̃ + 5) mod 10): the minimal L1 distance to *any*
 * other class, min over targets t ≠ d̃ of the targeted optimum d*_t of (8)-(9). One targeted solve
 * per class, the classes with the highest outputs at x̃ first; once an example of L1 u is in hand,
 * every later solve gets the cap Σ_j δ_j ≤ u (a declarative row, so the float64 re-check holds
 * examples to it too): a class that cannot beat u is then infeasible, which proves d*_t ≥ u.
 * The result's bound is min over classes of what each solve proved (its dual bound, or u for a
 * capped infeasible class), so it is a lower bound on the untargeted optimum at every stage.
 */

/** Options of {@link findUntargeted}: the targeted options (without `target`) plus the solve to use. */
export interface UntargetedOptions extends Omit<AdversarialOptions, "target"> {
  /** The targeted solve (default `findAdversarialExample`, the thesis model with `bounds`). */
  readonly find?: (net: Network, image: ArrayLike<number>, options: AdversarialOptions) => Promise<AdversarialResult>;
  /**
   * Cap later solves at the best L1 so far (default true). `findAdversarialExampleBest` uses its
   * gradient-attack incumbent only without user rows: pass false with it.
   */
  readonly prune?: boolean;
  /** Called after each class's solve with its outcome and how many of the classes are done (progress on a long search). */
  readonly onTarget?: (outcome: TargetOutcome, done: number, total: number) => void;
}

/** What one class's solve proved. */
export interface TargetOutcome {
  readonly target: number;
  readonly status: SolveStatus;
  /** L1 of its verified example classified as the target, or null. */
  readonly l1: number | null;
  /** Lower bound on d*_t it proved: its dual bound, the cap for a capped infeasible solve, Infinity for an uncapped one, 0 when nothing. */
  readonly bound: number;
  /** The cap it was solved under, or null. */
  readonly cap: number | null;
  readonly seconds: number;
}

/** Result of {@link findUntargeted}. */
export interface UntargetedResult {
  /**
   * "infeasible" when every class is proven unreachable; "optimal" when every class was solved
   * (optimal or infeasible) and the closest verified example meets the bound (within the asked
   * relative gap); "error" when a solve failed, or every class was solved but an example failed the
   * float64 re-check so that the bound is not met; else "interrupted" if a solve was, or "time-limit".
   */
  readonly status: SolveStatus;
  readonly label: number;
  /** The class of the closest verified example, or null. */
  readonly target: number | null;
  /** Its L1 distance, or null. */
  readonly l1: number | null;
  /** Proven lower bound on the untargeted optimum (min over classes). */
  readonly bound: number;
  readonly gap: number | null;
  /** The solve that found the closest example (re-verified in float64), or null. */
  readonly best: AdversarialResult | null;
  /** Every class, in the order solved. */
  readonly perTarget: readonly TargetOutcome[];
  readonly seconds: number;
}

/**
 * The minimal L1 adversarial example to any class other than the label (see the file comment).
 * `options.timeLimit` applies to each class's solve.
 */
export async function findUntargeted(net: Network, image: ArrayLike<number>, options: UntargetedOptions = {}): Promise<UntargetedResult> {
  const started = performance.now();
  if ((options.norm ?? "l1") !== "l1") throw new Error(`findUntargeted: norm must be "l1" (the cap is an L1 row), got "${String(options.norm)}"`);
  const { find = findAdversarialExample, prune = true, onTarget, ...targeted } = options;
  const label = options.label ?? classify(net, image);
  const output = forward(net, image).output;
  const targets = Array.from(output.keys()).filter((t) => t !== label).sort((a, b) => output[b] - output[a] || a - b);
  let best: AdversarialResult | null = null;
  const perTarget: TargetOutcome[] = [];
  for (const target of targets) {
    const cap = prune && best !== null ? best.l1 : null;
    const constraints = cap === null ? targeted.constraints : [...(targeted.constraints ?? []), deltaSumRow(net.inputSize, "<=", cap, "untargeted_cap")];
    const r = await find(net, image, { ...targeted, label, target, ...(constraints !== undefined ? { constraints } : {}) });
    const example = r.verified && r.verification?.classifiedAsTarget === true && r.l1 !== null ? r.l1 : null;
    if (example !== null && (best === null || example < best.l1!)) best = r;
    const bound = r.status === "infeasible" ? cap ?? Infinity : r.status === "error" ? 0 : r.bound ?? 0;
    const outcome: TargetOutcome = { target, status: r.status, l1: example, bound, cap, seconds: r.seconds };
    perTarget.push(outcome);
    onTarget?.(outcome, perTarget.length, targets.length);
  }
  const lower = Math.min(...perTarget.map((o) => o.bound));
  const bound = best === null ? lower : Math.min(lower, best.l1!);
  const solved = perTarget.every((o) => o.status === "optimal" || o.status === "infeasible");
  const gap = best === null ? null : relativeGap(best.l1, bound);
  const met = gap !== null && gap <= Math.max(1e-6, options.relativeGap ?? 0);
  let status: SolveStatus;
  if (perTarget.every((o) => o.status === "infeasible")) status = "infeasible";
  else if (perTarget.some((o) => o.status === "error")) status = "error";
  else if (solved) status = met ? "optimal" : "error"; // a solved class's example failed the re-check
  else status = perTarget.some((o) => o.status === "interrupted") ? "interrupted" : "time-limit";
  return {
    status,
    label,
    target: best?.target ?? null,
    l1: best?.l1 ?? null,
    bound,
    gap,
    best,
    perTarget,
    seconds: (performance.now() - started) / 1000,
  };
}
