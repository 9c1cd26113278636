import { performance } from "node:perf_hooks";
import type { Network } from "../dnn/network";
import { adversarialBounds, findAdversarialExample } from "../adversarial/find";
import { withVerifiedExample } from "../adversarial/example-fields";
import { adversarialSpec } from "../adversarial/spec";
import type { AdversarialResult } from "../adversarial/types";
import { l1BallBounds, type L1BallBounds } from "../bounds/l1-ball";
import { HighsSolver } from "../solver/highs";
import { BOUND_CONTRADICTION_TOLERANCE, provenBound } from "../solver/proven-bound";
import { relativeGap } from "../solver/progress";
import { canSolveLpSequence, type SolveStatus } from "../solver/types";
import { tightenBallBoundsMilp, tightenBallBoundsObbt, type OutputCondition } from "./ball-obbt";
import { canDescendFrom } from "../attack/region-descent";
import { CAP_SLACK, cappedRadius, deltaSumRow } from "./l1-cap";
import { BEST_SOLVER_OPTIONS, conditionOf, descendExample, incumbentUsable, findAdversarialExampleBest, runBestAttackDescended, type BestOptions, type BestResult } from "./best-attack";

/**
 * Shrinking L1 balls (radius bisection) on top of the `best` method (issue 6, docs/performance.md
 * "Shrinking balls"). Bounds over the L1 ball B_r = {x : Σ_j |x_j − x̃_j| ≤ r} get much tighter
 * as r shrinks, so a MILP capped at a radius r below the incumbent u is far easier than the one
 * at u. Keeping a proven lower bound lb ≤ optimum of (9) and the incumbent u, each round picks
 * r = lb + f·(u − lb) and solves (9) with ball bounds of radius r and the cap Σ_j δ_j ≤ r:
 *
 * - proven infeasible: no adversarial example within L1 r, so lb = r;
 * - a dual bound β of the capped solve: lb = max(lb, min(β, r)) — if the optimum is ≤ r the capped
 *   model has the same optimum, so β ≤ optimum; otherwise min(β, r) ≤ r < optimum;
 * - an example (re-verified in float64): u = its L1. An incumbent never raises lb.
 *
 * A round that ends at its time limit without an answer halves f (a smaller ball is easier). A
 * first solve over radius u itself (`best`'s model, a short slice of the time limit) returns at
 * once on the easy images, where u is within a few % of the optimum and bisection from 0 only
 * costs time; otherwise its dual bound and incumbent seed (lb, u). The last solve is `best`'s over radius u with the extra valid row Σ_j δ_j ≥ lb, its result's bound
 * max(lb, solver's dual bound). All inside the one overall time limit.
 */

/** Options of {@link findAdversarialExampleShrink}: those of `best` plus the rounds' budget. */
export interface ShrinkOptions extends BestOptions {
  /** Share of the time limit the shrinking rounds may use (default 0.5); the final solve gets the rest. */
  readonly shrinkShare?: number;
  /** Seconds per round (default: a tenth of the time limit, at least 1). */
  readonly roundTimeLimit?: number;
  /**
   * At most this many radii, the first solve over u included (default 8); with `tighten: "milp"` a
   * radius may take two entries of `rounds` (the probe, then the MILP-tightened solve).
   */
  readonly maxRounds?: number;
  /** f of r = lb + f·(u − lb) in the first round (default 0.5, bisection). */
  readonly fraction?: number;
  /** Share of the time limit of a first solve over radius u before the rounds (default 0.1; 0 = none). */
  readonly firstShare?: number;
  /** Add the row Σ_j δ_j ≥ lb to the final solve (default true). */
  readonly lowerBoundRow?: boolean;
  /**
   * Tighten the ball bounds of every round and of the final solve beyond back-substitution
   * (`src/best/ball-obbt.ts`, docs/performance.md "Tightened shrinking balls"): "milp" = bound
   * MILPs of layers 2..K over the ball, then LPs with (8); "lp" = only the persistent LPs with
   * (8). Default "none" (the measured `shrink`). Bounds tightened at radius r are reused for every
   * smaller radius. Needs a solver with `solveLpSequence` (else "none").
   */
  readonly tighten?: "none" | "lp" | "milp";
  /** Seconds of bound MILPs per radius (default 20; "milp" only). */
  readonly tightenSeconds?: number;
  /** Seconds per bound MILP (default 0.3; "milp" only). */
  readonly tightenPerBound?: number;
  /**
   * "milp" only: each round first runs this many seconds on the LP-tightened bounds and tightens
   * by MILPs only if that proved nothing (default 3; 0 = always tighten by MILPs first).
   */
  readonly tightenProbe?: number;
}

/** One shrinking round: the capped solve at radius r and what it proved. */
export interface ShrinkRound {
  /** r, the ball's radius and the cap Σ δ_j ≤ r. */
  readonly radius: number;
  readonly status: SolveStatus;
  /** The capped solve's dual bound (null when none). */
  readonly dualBound: number | null;
  /** L1 of its verified example, or null. */
  readonly l1: number | null;
  readonly nodes: number;
  readonly seconds: number;
  /** lb and u after the round. */
  readonly lower: number;
  readonly upper: number;
  /** Unstable neurons (binaries) of the round's model. */
  readonly binaries: number;
  /** Seconds spent tightening this round's bounds (0 without `tighten`). */
  readonly tightenSeconds?: number;
}

/** Result of {@link findAdversarialExampleShrink}: that of `best` plus the rounds. */
export interface ShrinkResult extends BestResult {
  /** The first solve over u (radius u, when it did not end the search) and the rounds, in order. */
  readonly rounds: readonly ShrinkRound[];
  /** lb proven before the final solve (by the first solve over u and the rounds; 0 without them). */
  readonly roundsLowerBound: number;
}

/** lb (proven) and u (L1 of a verified example) while shrinking. */
export interface ShrinkState {
  readonly lower: number;
  readonly upper: number;
  /** Set when a verified example fell below the proven lb: one of the two is wrong, and nothing is proven. */
  readonly contradiction?: string;
}

/** What one capped solve at radius r reported, as far as {@link absorbRound} needs it. */
export interface RoundOutcome {
  readonly status: SolveStatus;
  /** The capped solve's proven dual bound, or null. */
  readonly dualBound: number | null;
  /** L1 of its example if re-verified in float64, else null. */
  readonly verifiedL1: number | null;
}

/**
 * Updates (lb, u) from a capped solve at radius r (see the file comment): only infeasibility and
 * dual bounds raise lb (never above r), only a verified example lowers u.
 */
export function absorbRound(state: ShrinkState, radius: number, outcome: RoundOutcome): ShrinkState {
  let lower = state.lower;
  let upper = state.upper;
  const safe = (v: number): number => v * (1 - CAP_SLACK) - CAP_SLACK;
  if (outcome.status === "infeasible") lower = Math.max(lower, safe(radius));
  else if (outcome.status !== "error" && outcome.dualBound !== null && Number.isFinite(outcome.dualBound)) {
    lower = Math.max(lower, safe(Math.min(outcome.dualBound, radius)));
  }
  if (outcome.verifiedL1 !== null) upper = Math.min(upper, outcome.verifiedL1);
  // A verified example below a proven lb: an "infeasible" or a dual bound was wrong (tolerances, or
  // bounds that do not hold). Clamping lb to u would hide it and could close the gap on a false proof.
  if (state.contradiction !== undefined) return { lower: Math.min(lower, upper), upper, contradiction: state.contradiction };
  if (lower > upper + BOUND_CONTRADICTION_TOLERANCE * (1 + upper)) {
    return { lower: 0, upper, contradiction: `a verified example at L1 ${upper} lies below the proven lower bound ${lower} (radius ${radius}): nothing is proven` };
  }
  return { lower: Math.min(lower, upper), upper };
}

/** Refuses out-of-range shrinking options, naming the field. */
function checkShrinkOptions(options: ShrinkOptions): void {
  const ranges: [keyof ShrinkOptions, number | undefined, boolean][] = [
    ["shrinkShare", options.shrinkShare, options.shrinkShare === undefined || (options.shrinkShare >= 0 && options.shrinkShare <= 1)],
    ["firstShare", options.firstShare, options.firstShare === undefined || (options.firstShare >= 0 && options.firstShare <= 1)],
    ["fraction", options.fraction, options.fraction === undefined || (options.fraction > 0 && options.fraction < 1)],
    ["roundTimeLimit", options.roundTimeLimit, options.roundTimeLimit === undefined || options.roundTimeLimit > 0],
    ["tightenSeconds", options.tightenSeconds, options.tightenSeconds === undefined || options.tightenSeconds >= 0],
    ["tightenProbe", options.tightenProbe, options.tightenProbe === undefined || options.tightenProbe >= 0],
    ["tightenPerBound", options.tightenPerBound, options.tightenPerBound === undefined || options.tightenPerBound > 0],
    ["maxRounds", options.maxRounds, options.maxRounds === undefined || (Number.isInteger(options.maxRounds) && options.maxRounds >= 0)],
  ];
  for (const [name, value, ok] of ranges) {
    if (!ok) throw new Error(`shrinking balls: ${String(name)} out of range, got ${value} (shares in [0, 1], fraction in (0, 1), roundTimeLimit > 0, tightenSeconds >= 0, tightenProbe >= 0, tightenPerBound > 0, maxRounds an integer >= 0)`);
  }
  const tighten = options.tighten ?? "none";
  if (tighten !== "none" && tighten !== "lp" && tighten !== "milp") throw new Error(`shrinking balls: tighten must be "none", "lp" or "milp", got "${String(tighten)}"`);
}


/**
 * Minimum-L1 adversarial example (thesis 3.3, (8), (9)) by `best` with shrinking balls (see the
 * file comment); same answer and result type as `findAdversarialExampleBest` (every example
 * re-verified by the float64 forward pass). Falls back to `best` where `best` does (L∞, user
 * constraints, no attack incumbent).
 */
export async function findAdversarialExampleShrink(net: Network, image: ArrayLike<number>, options: ShrinkOptions = {}): Promise<ShrinkResult> {
  // One monotonic sub-millisecond clock for the call, its rounds and their tightening (the solver's own
  // seconds use it too), so that the parts never add up to more than the whole by a rounding.
  const started = performance.now();
  checkShrinkOptions(options);
  const solver = options.solver ?? (await HighsSolver.create());
  const timeLimit = options.timeLimit ?? 300;
  const elapsed = (): number => (performance.now() - started) / 1000;
  const remaining = (): number => Math.max(0.5, timeLimit - elapsed());
  const { bounds: global } = await adversarialBounds(net, options, solver);
  const viaBest = async (): Promise<ShrinkResult> => {
    const r = await findAdversarialExampleBest(net, image, { ...options, solver, bounds: global, timeLimit: remaining() });
    return { ...r, rounds: [], roundsLowerBound: 0 };
  };
  if (!incumbentUsable(options)) return viaBest();
  const { label, target, attack, found } = await runBestAttackDescended(net, image, options, timeLimit, solver);
  if (found === null) return viaBest();
  const attackSeconds = elapsed();
  const solverOptions = options.solverOptions ?? BEST_SOLVER_OPTIONS;
  const capped = { ...options, label, target, solver, solverOptions };
  const n = net.inputSize;
  let state: ShrinkState = { lower: 0, upper: found.l1 };
  let example: ArrayLike<number> = found.adversarial;
  let nodes = 0;
  const rounds: ShrinkRound[] = [];
  // seconds: wall-clock after the attack, so every round's bound tightening, model building and descent counts.
  const done = (r: AdversarialResult, totalNodes: number): ShrinkResult => ({
    ...(state.contradiction === undefined
      ? withLowerBound(r, state.lower, options.relativeGap ?? 0)
      : { ...r, status: "error" as const, bound: null, gap: null, message: r.message === undefined ? state.contradiction : `${r.message}; ${state.contradiction}` }),
    nodes: totalNodes,
    seconds: elapsed() - attackSeconds,
    attackSeconds,
    incumbentL1: found.l1,
    fellBack: false,
    attackStats: attack.stats,
    rounds,
    roundsLowerBound: state.lower,
  });
  const tighten = options.tighten ?? "none";
  const { ratio, minActivation } = conditionOf(options);
  const condition: OutputCondition = { target, ratio, floor: minActivation };
  // Tightened bounds per radius: each holds for every x of its ball satisfying (8), so for every smaller radius too.
  const tightened: { radius: number; bounds: L1BallBounds }[] = [];
  // The ball bounds at a radius and the seconds spent tightening them (0 for plain back-substitution).
  const boundsAt = async (radius: number, mode: "none" | "lp" | "milp" = tighten): Promise<{ ball: L1BallBounds; seconds: number }> => {
    if (mode === "none" || !canSolveLpSequence(solver)) return { ball: l1BallBounds(net, image, radius, { global, inputDomain: options.inputDomain }), seconds: 0 };
    const t0 = performance.now();
    const prior = tightened.filter((t) => t.radius >= radius).sort((a, b) => a.radius - b.radius)[0];
    let ball = l1BallBounds(net, image, radius, { global: prior?.bounds ?? global, inputDomain: options.inputDomain ?? global.inputDomain });
    if (mode === "milp") {
      const budget = Math.min(options.tightenSeconds ?? 20, Math.max(0, (timeLimit - elapsed()) / 4));
      if (budget > 0.1) ball = (await tightenBallBoundsMilp(net, ball, { solver, timeBudget: budget, timeLimitPerBound: options.tightenPerBound ?? 0.3 })).bounds;
    }
    ball = (await tightenBallBoundsObbt(net, ball, { solver, condition, timeBudget: Math.max(0.5, (timeLimit - elapsed()) / 4) })).bounds;
    tightened.push({ radius, bounds: ball });
    return { ball, seconds: (performance.now() - t0) / 1000 };
  };
  // A round's (MILP) example, improved by the region descent when it is on and the example has (8)'s margin.
  const descended = async (x: ArrayLike<number>, l1: number): Promise<{ x: ArrayLike<number>; l1: number }> => {
    const c = { target, ratio, minActivation };
    if ((options.regionDescentSeconds ?? 0) <= 0 || !canDescendFrom(net, x, c)) return { x, l1 };
    const d = await descendExample(net, image, x, target, options, solver, Math.max(0, timeLimit - elapsed()));
    return d.l1 < l1 ? { x: d.adversarial, l1: d.l1 } : { x, l1 };
  };
  const solveAtU = async (limit: number, lowerRow: boolean, tightenIt: boolean): Promise<AdversarialResult> => {
    const u = cappedRadius(state.upper);
    const { ball, seconds: tightenSeconds } = await boundsAt(u, tightenIt ? tighten : "none");
    const rows = [deltaSumRow(n, "<=", u, "l1_ball_cap")];
    if (lowerRow && state.lower > 0) rows.push(deltaSumRow(n, ">=", state.lower, "l1_lower_bound"));
    return findAdversarialExample(net, image, { ...capped, bounds: { ...ball, seconds: global.seconds }, constraints: rows, start: example, timeLimit: tightenIt ? Math.max(0.5, limit - tightenSeconds) : limit });
  };
  const firstShare = options.firstShare ?? 0.1;
  if (firstShare > 0) {
    const u = cappedRadius(state.upper);
    const first = await solveAtU(Math.min(remaining(), timeLimit * firstShare), false, false);
    if (first.status === "optimal" && first.verified) return done(first, first.nodes);
    nodes += first.nodes;
    const better = first.verified && first.l1 !== null && first.adversarial !== null ? await descended(first.adversarial, first.l1) : null;
    const verifiedL1 = better?.l1 ?? null;
    state = absorbRound(state, u, { status: first.status === "infeasible" ? "error" : first.status, dualBound: provenBound(first, "minimize"), verifiedL1 });
    if (state.contradiction !== undefined) return done(first, nodes);
    if (better !== null && better.l1 <= state.upper) example = better.x;
    rounds.push({ radius: u, status: first.status, dualBound: first.bound, l1: verifiedL1, nodes: first.nodes, seconds: first.seconds, binaries: first.model.binaries, ...state });
  }
  let fraction = options.fraction ?? 0.5;
  const shrinkEnd = timeLimit * (options.shrinkShare ?? 0.5);
  const roundLimit = options.roundTimeLimit ?? Math.max(1, timeLimit / 10);
  // Radii tried so far (the first solve over u included); a radius may take two rounds (probe, then MILP bounds).
  let radii = rounds.length;
  while (radii < (options.maxRounds ?? 8) && shrinkEnd - elapsed() >= 0.5) {
    // Table 3: once lb is within the asked relative gap of u, more rounds cannot change the answer.
    if ((options.relativeGap ?? 0) > 0 && state.upper - state.lower <= (options.relativeGap ?? 0) * state.upper) break;
    radii++;
    const radius = state.lower + fraction * (state.upper - state.lower);
    if (radius - state.lower <= 1e-4 * Math.max(1, state.upper)) break;
    // With "milp", a short probe on the cheap (LP) bounds first: rounds far from the optimum end in seconds there.
    const probe = tighten === "milp" ? options.tightenProbe ?? 3 : 0;
    const attempts: ["none" | "lp" | "milp", number][] = probe > 0 ? [["lp", probe], ["milp", roundLimit]] : [[tighten, roundLimit]];
    let last: AdversarialResult | null = null;
    let lastL1: number | null = null;
    for (const [mode, limit] of attempts) {
      const { ball, seconds: tightenSeconds } = await boundsAt(radius, mode);
      if (shrinkEnd - elapsed() < 0.5) break;
      const r = await findAdversarialExample(net, image, {
        ...capped,
        bounds: { ...ball, seconds: global.seconds },
        constraints: [deltaSumRow(n, "<=", radius, "l1_ball_cap")],
        timeLimit: Math.min(limit, shrinkEnd - elapsed()),
      });
      nodes += r.nodes;
      const optimalHere = r.status === "optimal" && r.verified;
      const better = r.verified && r.l1 !== null && r.adversarial !== null ? (optimalHere ? { x: r.adversarial, l1: r.l1 } : await descended(r.adversarial, r.l1)) : null;
      const verifiedL1 = better?.l1 ?? null;
      state = absorbRound(state, radius, { status: r.status, dualBound: provenBound(r, "minimize"), verifiedL1 });
      if (state.contradiction !== undefined) return done(r, nodes);
      if (better !== null && better.l1 <= state.upper) example = better.x;
      rounds.push({ radius, status: r.status, dualBound: r.bound, l1: verifiedL1, nodes: r.nodes, seconds: r.seconds, binaries: r.model.binaries, tightenSeconds, ...state });
      if (r.status === "optimal" && verifiedL1 !== null) {
        // Optimal under the cap means the optimum of (9) is ≤ r: this is the answer.
        return done(r, nodes);
      }
      last = r;
      lastL1 = verifiedL1;
      if (r.status === "infeasible" || verifiedL1 !== null || r.status === "error") break;
    }
    if (last === null) break;
    const r = last;
    const verifiedL1 = lastL1;
    if (r.status !== "infeasible" && verifiedL1 === null) fraction /= 2;
  }
  const last = await solveAtU(remaining(), options.lowerBoundRow ?? true, tighten !== "none");
  if (last.status === "infeasible" || last.status === "error") {
    // The start should make the final model feasible; if the solver disagrees, trust nothing of it.
    // The plain solve is held to the float64 check; the best verified example so far stands in for a failed one.
    const again = withVerifiedExample(await findAdversarialExample(net, image, { ...options, solver, bounds: global, timeLimit: remaining() }), net, adversarialSpec(net, image, capped), example, options.relativeGap ?? 0);
    const spent = { nodes: nodes + last.nodes + again.nodes, seconds: elapsed() - attackSeconds };
    return { ...again, ...spent, attackSeconds, incumbentL1: found.l1, fellBack: true, attackStats: attack.stats, rounds, roundsLowerBound: state.lower };
  }
  // If HiGHS' incumbent fails the float64 check, or it stopped without one, the best verified example so far (its MIP start) is reported.
  return done(withVerifiedExample(last, net, adversarialSpec(net, image, capped), example, options.relativeGap ?? 0), nodes + last.nodes);
}

/**
 * The last solve's result with bound max(lb, its dual bound) (never above its objective) and the
 * gap recomputed; lb can close the gap (to 1e-6, or the asked relative gap) of a solve that
 * stopped at its time limit, which then counts as optimal.
 */
export function withLowerBound(r: AdversarialResult, lower: number, relativeGapLimit: number): AdversarialResult {
  // The solve's own dual bound only where it does not contradict its incumbent (provenBound).
  const own = provenBound(r, "minimize");
  const raw = own === null ? (lower > 0 ? lower : null) : Math.max(own, lower);
  const bound = raw !== null && r.objective !== null ? Math.min(raw, r.objective) : raw;
  const gap = relativeGap(r.objective, bound);
  const closed = r.status === "time-limit" && r.verified && gap !== null && gap <= Math.max(1e-6, relativeGapLimit);
  return { ...r, status: closed ? "optimal" : r.status, bound, gap };
}
