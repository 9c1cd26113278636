import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { AttackState } from "./attack-state";
import { type CompiledNetwork, compileNetwork, inputGradient } from "./compiled-network";
import { type AdversarialCondition, outputSlack, slackDirection, violation } from "./condition";
import { knapsackStep } from "./knapsack-step";
import { seededRandom as rng } from "../train/random";

/**
 * A fast float64 gradient attack for the minimal-L1 adversarial problem of thesis 3.3: find x in
 * the input box with condition (8) x^K_t ≥ ratio · x^K_j (j ≠ t), x^K_t ≥ minActivation and a
 * small L1 distance Σ |x_j − x̃_j| (the MILP objective Σ_j δ_j, δ from (9)). Its answer is an
 * incumbent (an upper bound u on the MILP optimum) and a MIP start, never a proof.
 *
 * Each restart walks from x̃ by L1-cheapest linearised steps (a DeepFool-like fractional knapsack
 * on the gradient of the total violation of (8), inside a trust region; restarts after the first
 * randomise the pixel order), then greedily undoes changed pixels while (8) still holds, then
 * "polishes": re-solves the knapsack from x̃ with the gradient of the tightest term at the found
 * point and repairs. Optional guide restarts bisect towards points of the target class (a
 * fallback where every walk stalls in dead or kinked regions). Every returned example is re-verified with `forward` of `src/dnn/forward.ts`
 * with a safety margin so that it stays feasible within a MILP solver's tolerances.
 */

/** Options of {@link gradientAttack}; defaults follow the thesis (ratio 1.2, floor 0.01). */
export interface GradientAttackOptions {
  /** Target class t (required: use `(label + 5) % 10` for the thesis' target). */
  readonly target: number;
  /** Ratio of condition (8) (default 1.2). */
  readonly ratio?: number;
  /** Minimum target activation x^K_t (default 0.01). */
  readonly minActivation?: number;
  /** Every slack of (8) must be at least this in float64 (default 1e-4). */
  readonly margin?: number;
  /** Number of restarts (default 8; restart 0 is deterministic, the others randomise the order). */
  readonly restarts?: number;
  /** Linearised steps per restart before giving up (default 100). */
  readonly maxSteps?: number;
  /** Initial trust region: L1 length of one step (default 1; doubled after a good step, halved after a bad one). */
  readonly stepL1?: number;
  /** Polishing rounds per successful restart (default 4). */
  readonly polishRounds?: number;
  /** Wall-clock budget in seconds (default 2). */
  readonly timeLimit?: number;
  /** Seed of the restarts' randomisation (default 1). */
  readonly seed?: number;
  /**
   * Points known (or hoped) to satisfy (8) for the target, e.g. test images of class t: each gives
   * a restart that bisects the segment from x̃ towards it, then undoes and polishes. Robust where
   * the gradient walk stalls in a dead or kinked region.
   */
  readonly guides?: readonly ArrayLike<number>[];
  /** Per-pixel lower bounds of the input domain (7e) (default 0). */
  readonly lower?: ArrayLike<number>;
  /** Per-pixel upper bounds of the input domain (7e) (default 1). */
  readonly upper?: ArrayLike<number>;
}

/** An adversarial example found by the attack, verified by the float64 forward pass. */
export interface AttackExample {
  /** x, the adversarial input. */
  readonly adversarial: Float64Array;
  /** Σ |x_j − x̃_j| (the objective Σ_j δ_j, δ from (9)): an upper bound u on the MILP optimum. */
  readonly l1: number;
  /** x^K from `forward`. */
  readonly output: Float64Array;
  /** The smallest slack of (8) at x (≥ margin / 2). */
  readonly slack: number;
}

/** What the attack tried. */
export interface AttackStats {
  readonly restarts: number;
  /** Restarts that reached a point satisfying (8). */
  readonly successes: number;
  readonly steps: number;
  readonly evaluations: number;
  readonly seconds: number;
}

/** Result of {@link gradientAttack}: the best example (or null) and the attempt's statistics. */
export interface GradientAttackResult {
  readonly best: AttackExample | null;
  /** Every verified example the restarts and guides reached, closest first (`best` is the first). */
  readonly examples: readonly AttackExample[];
  readonly stats: AttackStats;
}


interface Context {
  readonly net: CompiledNetwork;
  readonly origin: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly margin: number;
  readonly maxSteps: number;
  readonly deadline: number;
  readonly initialRadius: number;
  readonly maxRadius: number;
  steps: number;
}

/** Gradient (with respect to x^0) of the tightest slack term at the state's point. */
function slackGradient(ctx: Context, st: AttackState, worst: number, leak = 0): Float64Array {
  const pres = st.pres();
  const out = pres[pres.length - 1];
  const relu = ctx.net.layers[ctx.net.layers.length - 1].relu;
  const g = slackDirection(out, relu, st.condition, worst);
  return inputGradient(ctx.net, pres, g, new Float64Array(ctx.net.inputSize), leak);
}

/** Total violation of (8) at the state's point and the gradient (w.r.t. x^0) that lowers it. */
function violationAndGradient(ctx: Context, st: AttackState, leak: number): { total: number; gradient: Float64Array } {
  const pres = st.pres();
  const relu = ctx.net.layers[ctx.net.layers.length - 1].relu;
  const v = violation(pres[pres.length - 1], relu, st.condition, ctx.margin);
  if (v.total === 0) return { total: 0, gradient: new Float64Array(0) };
  return { total: v.total, gradient: inputGradient(ctx.net, pres, v.direction, new Float64Array(ctx.net.inputSize), leak) };
}

/**
 * L1-cheapest linearised steps (knapsack on the gradient of the total violation of (8)) inside a
 * trust region of L1 length `radius`, grown after a step that lowers the violation and halved
 * (step undone) otherwise; true once (8) holds with the margin.
 */
function walk(ctx: Context, st: AttackState, overshoot: number, priority: Float64Array | undefined): boolean {
  let radius = ctx.initialRadius;
  let leak = 0;
  let current = violationAndGradient(ctx, st, leak);
  for (let step = 0; step < ctx.maxSteps; step++) {
    if (current.total === 0) return true;
    if (Date.now() > ctx.deadline || radius < 1e-4) return false;
    ctx.steps++;
    let move = knapsackStep(current.gradient, st.x, ctx.lower, ctx.upper, current.total * overshoot, priority, radius);
    // Dead ReLUs can zero the gradient: fall back to leaky surrogates before giving up.
    while (move.pixels.length === 0 && leak < 0.5) {
      leak = leak === 0 ? 0.1 : 0.5;
      current = violationAndGradient(ctx, st, leak);
      move = knapsackStep(current.gradient, st.x, ctx.lower, ctx.upper, current.total * overshoot, priority, radius);
    }
    if (move.pixels.length === 0) return false;
    const old = move.pixels.map((i) => st.x[i]);
    for (let m = 0; m < move.pixels.length; m++) st.set(move.pixels[m], move.values[m]);
    const next = violationAndGradient(ctx, st, leak);
    if (next.total < current.total) {
      current = next;
      radius = Math.min(radius * 2, ctx.maxRadius);
    } else {
      for (let m = move.pixels.length - 1; m >= 0; m--) st.set(move.pixels[m], old[m]);
      radius /= 2;
    }
  }
  return current.total === 0;
}

/** Resets changed pixels to x̃ (least useful first), then shrinks the rest by bisection, keeping (8). */
function undo(ctx: Context, st: AttackState): void {
  const { worst } = st.slack();
  const a = slackGradient(ctx, st, worst);
  const changed: number[] = [];
  for (let i = 0; i < st.x.length; i++) if (st.x[i] !== ctx.origin[i]) changed.push(i);
  const useful = (i: number): number => Math.abs((st.x[i] - ctx.origin[i]) * a[i]);
  changed.sort((p, q) => useful(p) - useful(q));
  const kept: number[] = [];
  for (const i of changed) {
    if (Date.now() > ctx.deadline) return;
    const old = st.x[i];
    st.set(i, ctx.origin[i]);
    if (st.slack().slack < ctx.margin) {
      st.set(i, old);
      kept.push(i);
    }
  }
  for (const i of kept) {
    if (Date.now() > ctx.deadline) return;
    const full = st.x[i];
    const delta = full - ctx.origin[i];
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 7; it++) {
      const mid = (lo + hi) / 2;
      st.set(i, ctx.origin[i] + mid * delta);
      if (st.slack().slack >= ctx.margin) hi = mid;
      else lo = mid;
    }
    st.set(i, hi === 1 ? full : ctx.origin[i] + hi * delta);
  }
}

/** Re-solves the knapsack from x̃ with the gradient at the current point; keeps it if shorter. */
function polish(ctx: Context, st: AttackState, overshoot: number): boolean {
  const before = Float64Array.from(st.x);
  const l1Before = st.l1(ctx.origin);
  const { worst } = st.slack();
  const a = slackGradient(ctx, st, worst);
  let gain = 0;
  for (let i = 0; i < a.length; i++) gain += a[i] * (st.x[i] - ctx.origin[i]);
  if (!(gain > 0)) return false;
  const move = knapsackStep(a, ctx.origin, ctx.lower, ctx.upper, gain);
  st.reset(ctx.origin);
  for (let m = 0; m < move.pixels.length; m++) st.set(move.pixels[m], move.values[m]);
  if (walk(ctx, st, overshoot, undefined)) {
    undo(ctx, st);
    if (st.l1(ctx.origin) < l1Before - 1e-9) return true;
  }
  st.reset(before);
  return false;
}

/**
 * Searches for a small-L1 adversarial example of `net` around `image` (x̃) for target t.
 * @returns the best verified example (or null when every restart failed) and the statistics
 */
export function gradientAttack(net: Pick<Network, "inputSize" | "layers">, image: ArrayLike<number>, options: GradientAttackOptions): GradientAttackResult {
  const started = Date.now();
  const n = net.inputSize;
  if (image.length !== n) throw new Error(`image has ${image.length} pixels, the network expects ${n}`);
  const outputs = net.layers[net.layers.length - 1].bias.length;
  if (!Number.isInteger(options.target) || options.target < 0 || options.target >= outputs) {
    throw new Error(`target ${options.target} is not a class 0..${outputs - 1}`);
  }
  const condition: AdversarialCondition = {
    target: options.target,
    ratio: options.ratio ?? 1.2,
    minActivation: options.minActivation ?? 0.01,
  };
  const margin = options.margin ?? 1e-4;
  const restarts = options.restarts ?? 8;
  const polishRounds = options.polishRounds ?? 4;
  const ctx: Context = {
    net: compileNetwork(net),
    origin: Float64Array.from(image),
    lower: options.lower ? Float64Array.from(options.lower) : new Float64Array(n),
    upper: options.upper ? Float64Array.from(options.upper) : new Float64Array(n).fill(1),
    margin,
    maxSteps: options.maxSteps ?? 100,
    initialRadius: options.stepL1 ?? 1,
    maxRadius: 8,
    deadline: started + 1000 * (options.timeLimit ?? 2),
    steps: 0,
  };
  const random = rng(options.seed ?? 1);
  const overshoots = [1.2, 1.5, 1.05, 2.0, 1.1, 1.3, 3.0, 1.02];
  let best: AttackExample | null = null;
  const examples: AttackExample[] = [];
  let successes = 0;
  let evaluations = 0;
  let run = 0;
  const finish = (st: AttackState, overshoot: number): void => {
    undo(ctx, st);
    for (let r = 0; r < polishRounds && Date.now() <= ctx.deadline; r++) if (!polish(ctx, st, overshoot)) break;
    const verified = verifyExample(net, st.x, ctx.origin, condition, margin);
    if (verified) {
      successes++;
      examples.push(verified);
      if (!best || verified.l1 < best.l1) best = verified;
    }
    evaluations += st.evaluations;
  };
  // With guides, new walks start only in the first 60 % of the budget: the guides are the fallback.
  const walkDeadline = (options.guides ?? []).length > 0 ? started + 600 * (options.timeLimit ?? 2) : ctx.deadline;
  for (let r = 0; r < restarts && Date.now() <= walkDeadline; r++, run++) {
    const overshoot = overshoots[r % overshoots.length];
    let priority: Float64Array | undefined;
    if (r > 0) {
      priority = new Float64Array(n);
      for (let i = 0; i < n; i++) priority[i] = 0.5 + random();
    }
    const st = new AttackState(ctx.net, condition, ctx.origin);
    if (walk(ctx, st, overshoot, priority)) finish(st, overshoot);
    else evaluations += st.evaluations;
  }
  for (const guide of options.guides ?? []) {
    if (Date.now() > ctx.deadline) break;
    run++;
    const st = new AttackState(ctx.net, condition, ctx.origin);
    if (towards(ctx, st, guide)) finish(st, 1.2);
    else evaluations += st.evaluations;
  }
  return {
    best,
    examples: examples.sort((a, b) => a.l1 - b.l1),
    stats: { restarts: run, successes, steps: ctx.steps, evaluations, seconds: (Date.now() - started) / 1000 },
  };
}

/**
 * Moves from x̃ towards a guide point g (clipped into the box) that satisfies (8): bisection on
 * λ for the first feasible point of x̃ + λ(g − x̃). False when g itself does not satisfy (8).
 */
function towards(ctx: Context, st: AttackState, guide: ArrayLike<number>): boolean {
  const n = ctx.origin.length;
  if (guide.length !== n) throw new Error(`guide has ${guide.length} pixels, the network expects ${n}`);
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = Math.min(ctx.upper[i], Math.max(ctx.lower[i], guide[i]));
  const at = (lambda: number): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = ctx.origin[i] + lambda * (g[i] - ctx.origin[i]);
    return x;
  };
  st.reset(g);
  if (st.slack().slack < ctx.margin) return false;
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 14; it++) {
    const mid = (lo + hi) / 2;
    st.reset(at(mid));
    if (st.slack().slack >= ctx.margin) hi = mid;
    else lo = mid;
  }
  st.reset(at(hi));
  return true;
}

/**
 * Re-checks (8) at x with the reference float64 forward pass: the example (a copy of x, its L1
 * distance to x̃ = `origin`, its output and slack), or null unless every slack is ≥ margin / 2.
 */
export function verifyExample(
  net: Pick<Network, "inputSize" | "layers">,
  x: ArrayLike<number>,
  origin: ArrayLike<number>,
  condition: AdversarialCondition,
  margin: number,
): AttackExample | null {
  const output = forward(net, x).output;
  const slack = outputSlack(output, condition);
  if (!(slack >= margin / 2)) return null;
  let l1 = 0;
  for (let i = 0; i < x.length; i++) l1 += Math.abs(x[i] - origin[i]);
  return { adversarial: Float64Array.from(x), l1, output, slack };
}
