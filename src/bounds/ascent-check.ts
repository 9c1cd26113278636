import { compileNetwork, inputGradient } from "../attack/compiled-network";
import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { domainArrays, type InputDomain } from "./types";

/**
 * A stronger soundness probe of pre-activation bounds than random sampling: for every neuron j
 * of every layer k and both senses, projected gradient ascent on ±(w_j^T x^{k-1} + b_j) over the
 * input box, from several starts. A bound is sound only if no input of the domain leaves it, so
 * the best value the ascent reaches must stay inside; where it does not, the bound is wrong. The
 * ascent also shows how tight a bound is (a proven-optimal MILP bound should be nearly reached).
 */

/** Options of {@link ascendPreActivations}. */
export interface AscentOptions {
  /** Starting inputs (e.g. test images, random points of the box); each is clipped to the box (projected onto ball ∩ box with `ball`). */
  readonly starts: readonly ArrayLike<number>[];
  /**
   * Gradient steps per start and neuron (default 40), the step size falling geometrically by 100×:
   * over the box signed steps from 1/4 of its width, over a ball gradient steps from its radius.
   */
  readonly steps?: number;
  /**
   * Search the L1 ball {x : Σ|x_j − center_j| ≤ radius} inside the box instead of the whole box
   * (for L1-ball bounds): every step is projected onto that set, starts included.
   */
  readonly ball?: { readonly center: ArrayLike<number>; readonly radius: number };
}

/**
 * The point of {x in [lower, upper] : Σ|x_j − c_j| ≤ r} closest (Euclidean) to x, written into x:
 * x_j = c_j + clip(sign(v_j)·max(|v_j| − λ, 0), lower_j − c_j, upper_j − c_j) with v = x − c and
 * λ ≥ 0 the smallest threshold that fits the radius (the KKT conditions of the projection;
 * bisection to 1e-12 relative, and the result is shrunk onto the ball if rounding leaves it a
 * hair outside). `c` must lie in the box.
 */
export function projectToBallBox(x: Float64Array, center: ArrayLike<number>, radius: number, lower: ArrayLike<number>, upper: ArrayLike<number>): void {
  const n = x.length;
  const v = new Float64Array(n);
  for (let j = 0; j < n; j++) v[j] = x[j] - center[j];
  const step = (j: number, lambda: number): number => Math.min(upper[j] - center[j], Math.max(lower[j] - center[j], Math.sign(v[j]) * Math.max(0, Math.abs(v[j]) - lambda)));
  const size = (lambda: number): number => {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.abs(step(j, lambda));
    return s;
  };
  let lambda = 0;
  if (size(0) > radius) {
    let lo = 0;
    let hi = 0;
    for (let j = 0; j < n; j++) hi = Math.max(hi, Math.abs(v[j]));
    for (let it = 0; it < 200 && hi - lo > 1e-12 * (1 + hi); it++) {
      const mid = (lo + hi) / 2;
      if (size(mid) > radius) lo = mid;
      else hi = mid;
    }
    lambda = hi;
  }
  const d = Float64Array.from(v, (_, j) => step(j, lambda));
  let total = 0;
  for (let j = 0; j < n; j++) total += Math.abs(d[j]);
  const shrink = total > radius ? radius / total : 1;
  for (let j = 0; j < n; j++) x[j] = center[j] + d[j] * shrink;
}

/** The largest and smallest pre-activation of every neuron the ascent reached: `highest[k-1][j]`, `lowest[k-1][j]`. */
export interface AscentResult {
  readonly highest: Float64Array[];
  readonly lowest: Float64Array[];
}

/**
 * Projected gradient ascent on every pre-activation, both senses, from every start (see the file
 * comment): signed steps over the box, plain gradient steps over a ball. Returns the extremes reached, to hold against bounds with {@link ascentViolations}.
 */
export function ascendPreActivations(net: Pick<Network, "inputSize" | "layers">, domain: InputDomain, options: AscentOptions): AscentResult {
  const { lower, upper } = domainArrays(domain, net.inputSize);
  const steps = options.steps ?? 40;
  const highest = net.layers.map((l) => new Float64Array(l.bias.length).fill(-Infinity));
  const lowest = net.layers.map((l) => new Float64Array(l.bias.length).fill(Infinity));
  const record = (pre: readonly Float64Array[]): void => {
    pre.forEach((p, k) => p.forEach((v, j) => {
      if (v > highest[k][j]) highest[k][j] = v;
      if (v < lowest[k][j]) lowest[k][j] = v;
    }));
  };
  const ball = options.ball;
  if (ball !== undefined) {
    if (ball.center.length !== net.inputSize || !(ball.radius >= 0)) throw new Error(`ascent ball: centre of ${ball.center.length} pixels (network: ${net.inputSize}), radius ${ball.radius} must be >= 0`);
    for (let j = 0; j < net.inputSize; j++) {
      if (!(ball.center[j] >= lower[j] && ball.center[j] <= upper[j])) throw new Error(`ascent ball: center[${j}] = ${ball.center[j]} lies outside the domain [${lower[j]}, ${upper[j]}]`);
    }
  }
  const project = (x: Float64Array): void => {
    if (ball !== undefined) projectToBallBox(x, ball.center, ball.radius, lower, upper);
    else for (let i = 0; i < x.length; i++) x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
  };
  // ∂(pre-activation j of layer k)/∂x is the input gradient of the network cut after layer k, for e_j (the attack's backward pass).
  const upTo = net.layers.map((_, k) => compileNetwork({ inputSize: net.inputSize, layers: net.layers.slice(0, k + 1) }));
  const g = new Float64Array(net.inputSize);
  for (const start of options.starts) {
    if (start.length !== net.inputSize) throw new Error(`ascent start has ${start.length} pixels, the network expects ${net.inputSize}`);
    const x0 = Float64Array.from(start);
    project(x0);
    record(forward(net, x0).preActivations);
    for (let k = 1; k <= net.layers.length; k++) {
      for (let j = 0; j < net.layers[k - 1].bias.length; j++) {
        for (const sign of [1, -1]) {
          const x = Float64Array.from(x0);
          for (let s = 0; s < steps; s++) {
            const trace = forward(net, x);
            record(trace.preActivations);
            const unit = new Float64Array(net.layers[k - 1].bias.length);
            unit[j] = 1;
            inputGradient(upTo[k - 1], trace.preActivations, unit, g);
            const rate = 0.25 * Math.pow(0.01, s / Math.max(1, steps - 1));
            if (ball === undefined) {
              // The box: a signed step (steepest for L∞), clipped.
              for (let i = 0; i < x.length; i++) if (g[i] !== 0) x[i] += sign * Math.sign(g[i]) * rate * (upper[i] - lower[i]);
            } else {
              // The L1 ball: a gradient step whose largest coordinate moves 4·rate·radius; the projection's
              // soft threshold then keeps the pixels with the largest gradients (steepest for L1).
              let top = 0;
              for (let i = 0; i < x.length; i++) top = Math.max(top, Math.abs(g[i]));
              if (top > 0) for (let i = 0; i < x.length; i++) x[i] += sign * g[i] * ((4 * rate * ball.radius) / top);
            }
            project(x);
          }
          record(forward(net, x).preActivations);
        }
      }
    }
  }
  return { highest, lowest };
}

/** One neuron whose bound the ascent passed. */
export interface AscentViolation {
  readonly layer: number;
  readonly neuron: number;
  readonly side: "upper" | "lower";
  readonly bound: number;
  /** The value the ascent reached beyond it. */
  readonly reached: number;
}

/** The bounds the ascent passed by more than `tolerance`·(1 + |value|) (default 1e-9): empty for sound bounds. */
export function ascentViolations(bounds: readonly { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> }[], ascent: AscentResult, tolerance = 1e-9): AscentViolation[] {
  const out: AscentViolation[] = [];
  bounds.forEach((b, k) => {
    for (let j = 0; j < b.upper.length; j++) {
      const hi = ascent.highest[k][j];
      const lo = ascent.lowest[k][j];
      if (hi > b.upper[j] + tolerance * (1 + Math.abs(hi))) out.push({ layer: k + 1, neuron: j, side: "upper", bound: b.upper[j], reached: hi });
      if (lo < b.lower[j] - tolerance * (1 + Math.abs(lo))) out.push({ layer: k + 1, neuron: j, side: "lower", bound: b.lower[j], reached: lo });
    }
  });
  return out;
}

/**
 * How far inside the bounds the ascent ended: the mean over neurons with a positive width of
 * ((upper − highest) + (lowest − lower)) / (2 · width). Near 0 for exact bounds and a good ascent;
 * the looser the bounds, the larger.
 */
export function ascentSlack(bounds: readonly { readonly lower: ArrayLike<number>; readonly upper: ArrayLike<number> }[], ascent: AscentResult): number {
  let sum = 0;
  let count = 0;
  bounds.forEach((b, k) => {
    for (let j = 0; j < b.upper.length; j++) {
      const width = b.upper[j] - b.lower[j];
      if (!(width > 0)) continue;
      sum += (b.upper[j] - ascent.highest[k][j] + (ascent.lowest[k][j] - b.lower[j])) / (2 * width);
      count++;
    }
  });
  return count === 0 ? 0 : sum / count;
}
