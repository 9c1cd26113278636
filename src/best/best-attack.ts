import { classify } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { adversarialBounds, findAdversarialExample } from "../adversarial/find";
import { withVerifiedExample } from "../adversarial/example-fields";
import { adversarialSpec } from "../adversarial/spec";
import { adversarialTarget } from "../adversarial/target";
import type { AdversarialOptions, AdversarialResult } from "../adversarial/types";
import { gradientAttack, type AttackExample, type AttackStats, type GradientAttackResult } from "../attack/gradient-attack";
import { l1BallBounds } from "../bounds/l1-ball";
import { domainArrays, UNIT_DOMAIN } from "../bounds/types";
import { HighsSolver } from "../solver/highs";
import { regionDescent } from "../attack/region-descent";
import type { MilpSolver } from "../solver/types";
import { tightenBallBoundsLp } from "./ball-lp";
import { cappedRadius, deltaSumRow } from "./l1-cap";

/**
 * The `best` method (beyond the thesis; docs/performance.md, "Speed ideas"): a float64
 * gradient attack gives an adversarial example of L1 distance u (an upper bound on the optimum
 * of (9)); every better solution lies in the L1 ball B = {x : Σ |x_j − x̃_j| ≤ u}, so the MILP
 * is solved with the cap Σ_j δ_j ≤ u, pre-activation bounds over B (exact knapsack for layer 1,
 * interval arithmetic or back-substitution deeper, intersected with the network's global bounds), and the attack's
 * example as MIP start. Its optimum equals the plain model's optimum. Without an incumbent (the
 * attack failed, or user constraints / the L∞ norm make its example unusable) it falls back to
 * the plain model.
 */

/** Options of {@link findAdversarialExampleBest}: those of findAdversarialExample plus the attack's. */
export interface BestOptions extends AdversarialOptions {
  /** Wall-clock seconds for the gradient attack (default 1); counted in the total time limit. */
  readonly attackSeconds?: number;
  /** Restarts of the attack's gradient walk (default 8). */
  readonly attackRestarts?: number;
  /** Points hoped to satisfy (8) for the target (e.g. test images of class t), see GradientAttackOptions.guides. */
  readonly guides?: readonly ArrayLike<number>[];
  /**
   * Also tighten the deeper ball bounds by LPs with the cap (`tightenBallBoundsLp`), spending at
   * most this many seconds (default 0: off). Counted in `attackSeconds` and the time limit.
   */
  readonly ballLpSeconds?: number;
  /**
   * Seconds for the region descent of the attack's example (`regionDescent`, src/attack/region-descent.ts:
   * LPs over the linear regions of the network around it; default 0 = off). Counted in the time limit.
   */
  readonly regionDescentSeconds?: number;
  /** Descend from this many of the attack's examples, closest first (default 1: its best only). */
  readonly regionDescentStarts?: number;
}

/** The result of {@link findAdversarialExampleBest}: that of findAdversarialExample plus the attack's part. */
export interface BestResult extends AdversarialResult {
  /** Seconds spent in the gradient attack and the L1-ball bounds (before the MILP). */
  readonly attackSeconds: number;
  /** u, the L1 distance of the attack's example (after its region descent, when on), or null when it found none. */
  readonly incumbentL1: number | null;
  /** True when the plain model was solved (no usable incumbent). */
  readonly fellBack: boolean;
  /** What the attack tried (null when it was not run). */
  readonly attackStats: AttackStats | null;
}

/**
 * HiGHS options used with an incumbent unless `options.solverOptions` is given: the RINS and RENS
 * sub-MIP heuristics only look for solutions, and with a near-optimal MIP start they ate most of
 * the time (DNN1 image 3: 43 of 60 s in sub-MIPs, time limit; without them optimal in 20 s).
 */
export const BEST_SOLVER_OPTIONS: Readonly<Record<string, boolean>> = {
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
};

/**
 * Minimum-L1 adversarial example (thesis 3.3, (8), (9)) by the `best` method; same answer and
 * result type as `findAdversarialExample` (every example re-verified by the float64 forward
 * pass), plus {@link BestResult} fields. `options.timeLimit` (default 300 s) covers attack + MILP.
 */
export async function findAdversarialExampleBest(net: Network, image: ArrayLike<number>, options: BestOptions = {}): Promise<BestResult> {
  const started = Date.now();
  const solver = options.solver ?? (await HighsSolver.create());
  const timeLimit = options.timeLimit ?? 300;
  const remaining = (): number => Math.max(0.5, timeLimit - (Date.now() - started) / 1000);
  const { bounds: global } = await adversarialBounds(net, options, solver);
  const plain = { ...options, solver, bounds: global };
  if (!incumbentUsable(options)) {
    const r = await findAdversarialExample(net, image, { ...plain, timeLimit: remaining() });
    return { ...r, attackSeconds: 0, incumbentL1: null, fellBack: true, attackStats: null };
  }
  const { attack, found } = await runBestAttackDescended(net, image, options, timeLimit, solver);
  if (found === null) {
    const attackSeconds = (Date.now() - started) / 1000;
    const r = await findAdversarialExample(net, image, { ...plain, timeLimit: remaining() });
    return { ...r, attackSeconds, incumbentL1: null, fellBack: true, attackStats: attack.stats };
  }
  const u = cappedRadius(found.l1);
  let ball = l1BallBounds(net, image, u, { global, inputDomain: options.inputDomain });
  if ((options.ballLpSeconds ?? 0) > 0) {
    ball = (await tightenBallBoundsLp(net, ball, { solver, timeBudget: Math.min(options.ballLpSeconds ?? 0, remaining() / 4) })).bounds;
  }
  const cap = deltaSumRow(net.inputSize, "<=", u, "l1_ball_cap");
  const attackSeconds = (Date.now() - started) / 1000;
  const r = await findAdversarialExample(net, image, {
    ...options,
    solver,
    bounds: { ...ball, seconds: global.seconds },
    constraints: [cap],
    start: found.adversarial,
    timeLimit: remaining(),
    solverOptions: options.solverOptions ?? BEST_SOLVER_OPTIONS,
  });
  if (r.status === "infeasible" || r.status === "error") {
    // The start should make the capped model feasible; if the solver disagrees, trust nothing of it.
    // The plain solve's answer is held to the float64 check like any other; the attack's verified example stands in for a failed one.
    const again = withVerifiedExample(await findAdversarialExample(net, image, { ...plain, timeLimit: remaining() }), net, adversarialSpec(net, image, options), found.adversarial, options.relativeGap ?? 0);
    const spent = { nodes: r.nodes + again.nodes, seconds: r.seconds + again.seconds };
    return { ...again, ...spent, attackSeconds, incumbentL1: found.l1, fellBack: true, attackStats: attack.stats };
  }
  // If HiGHS' incumbent fails the float64 check, or it stopped without one, the attack's verified example is reported.
  const checked = withVerifiedExample(r, net, adversarialSpec(net, image, options), found.adversarial, options.relativeGap ?? 0);
  return { ...checked, attackSeconds, incumbentL1: found.l1, fellBack: false, attackStats: attack.stats };
}

/**
 * Whether an attack's incumbent can serve the search: only for the L1 norm of (9) without user
 * constraints (the attack knows neither the L∞ objective nor extra rows).
 */
export function incumbentUsable(options: BestOptions): boolean {
  return (options.norm ?? "l1") === "l1" && (options.constraints ?? []).length === 0 && options.extraConstraints === undefined;
}

/** Ratio of (8) and floor of 4.1 as the options set them (defaults 1.2 and 0.01; a null floor is 0). */
export function conditionOf(options: BestOptions): { ratio: number; minActivation: number } {
  return { ratio: options.ratio ?? 1.2, minActivation: options.minTargetActivation === null ? 0 : options.minTargetActivation ?? 0.01 };
}

/** The input domain (7e) intersected with Δ (`options.maxDeviation`) around x̃, per pixel. */
function attackDomain(net: Network, image: ArrayLike<number>, options: BestOptions): { lower: Float64Array; upper: Float64Array } {
  const { lower, upper } = domainArrays(options.inputDomain ?? UNIT_DOMAIN, net.inputSize);
  if (options.maxDeviation !== undefined) {
    for (let j = 0; j < lower.length; j++) {
      lower[j] = Math.max(lower[j], image[j] - options.maxDeviation);
      upper[j] = Math.min(upper[j], image[j] + options.maxDeviation);
    }
  }
  return { lower, upper };
}

/** The float64 gradient attack of {@link findAdversarialExampleBest}, shared with the shrinking-balls variant. */
export interface BestAttackRun {
  /** d̃ and d of (8) (from the options, else the prediction and (d̃ + 5) mod 10). */
  readonly label: number;
  readonly target: number;
  readonly attack: GradientAttackResult;
  /** The attack's example (u = its L1), or null when it found none or the target equals the label. */
  readonly found: AttackExample | null;
}

/**
 * Runs the `best` method's gradient attack (inside the domain (7e) and Δ, at most
 * `options.attackSeconds` (default 1) and a quarter of `timeLimit`).
 */
export function runBestAttack(net: Network, image: ArrayLike<number>, options: BestOptions, timeLimit: number): BestAttackRun {
  if (image.length !== net.inputSize) throw new Error(`image has ${image.length} pixels, network ${net.name} expects ${net.inputSize}`);
  const classes = net.layers[net.layers.length - 1].bias.length;
  const label = options.label ?? classify(net, image);
  const target = options.target ?? adversarialTarget(label, classes);
  const { lower, upper } = attackDomain(net, image, options);
  const attack = gradientAttack(net, image, {
    target: target === label ? (target + 1) % classes : target, // findAdversarialExample reports the bad target below
    ...conditionOf(options),
    timeLimit: Math.min(options.attackSeconds ?? 1, timeLimit / 4),
    restarts: options.attackRestarts,
    guides: options.guides,
    lower,
    upper,
  });
  return { label, target, attack, found: target === label ? null : attack.best };
}

/**
 * {@link runBestAttack}, then, when `options.regionDescentSeconds` > 0 and the attack found an
 * example, its region descent (a verified example at most as far from x̃, often the optimum of (9)
 * on DNN5: docs/performance.md, "Region descent").
 */
export async function runBestAttackDescended(net: Network, image: ArrayLike<number>, options: BestOptions, timeLimit: number, solver: MilpSolver): Promise<BestAttackRun> {
  const run = runBestAttack(net, image, options, timeLimit);
  if (run.found === null || (options.regionDescentSeconds ?? 0) <= 0) return run;
  const deadline = Date.now() + 1000 * Math.min(options.regionDescentSeconds ?? 0, timeLimit / 4);
  let found = run.found;
  for (const start of run.attack.examples.slice(0, Math.max(1, options.regionDescentStarts ?? 1))) {
    const left = (deadline - Date.now()) / 1000;
    if (left <= 0) break;
    const d = await descendExample(net, image, start.adversarial, run.target, { ...options, regionDescentSeconds: left }, solver, timeLimit);
    if (d.l1 < found.l1) found = d;
  }
  return { ...run, found };
}

/**
 * The region descent (`regionDescent`) of a verified example x for target `target`, inside the
 * attack's domain, for at most `options.regionDescentSeconds` (and a quarter of `timeLimit`; with
 * no time left, x itself, re-verified). Throws if x does not satisfy (8) with the margin.
 */
export async function descendExample(
  net: Network,
  image: ArrayLike<number>,
  x: ArrayLike<number>,
  target: number,
  options: BestOptions,
  solver: MilpSolver,
  timeLimit: number,
): Promise<AttackExample> {
  const { lower, upper } = attackDomain(net, image, options);
  const seconds = Math.min(options.regionDescentSeconds ?? 0, timeLimit / 4);
  const descent = await regionDescent(net, image, x, {
    solver,
    target,
    ...conditionOf(options),
    lower,
    upper,
    timeLimit: seconds,
  });
  return descent.best;
}
