import { domainArrays } from "../bounds/types";
import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { Model } from "../milp/model";
import type { MilpSolver } from "../solver/types";
import type { PerturbationImage, PerturbationModel } from "./input-perturbation-milp";
import { applyPerturbation, perturbationDistance, type Perturbation } from "./perturbation";

/**
 * A local search for the minimum-distance General Perturbation (thesis 3.4.2, objective (10a) with
 * the distance term w·(Σ_j |p_j − 1| + Σ_j |q_j|)): a point (p, q) at which every image h ∈ H
 * meets the margin (t^h = 1) and whose distance is as small as we can make it in a few LPs.
 *
 * Region LP. Fix, for every image h, each binary z^{h,k}_j of (7c)/(7d) to an activation state
 * and t^h = 1: the MILP becomes an LP over (p, q) whose feasible set is the set of perturbations
 * under which every perturbed image x^{h,0} = p ⊙ x̄^h + q (10b) lies in that linear region of the
 * network (10f) and meets the margin (10h)-(10j); its objective minimises the distance.
 *
 * Descent by flipping tight neurons. At the region LP's optimum (p*, q*) some constraints bind;
 * those that stop the distance from decreasing further are typically pre-activations at 0 (the
 * image sits on the boundary of its region). A neuron with pre-activation 0 has x = 0 whether it
 * is on or off, so (p*, q*) is feasible for the region LP with any subset of those "tight" neurons
 * flipped: flipping all of them keeps the current point feasible and lets the next LP cross the
 * boundary. Each iteration therefore never increases the distance; the search stops when an
 * iteration gains less than `minGain` or the time budget is spent. Unlike the prototype-pattern
 * start (`input-perturbation-start.ts`), which forces each adversarial image into its *source
 * original's* region, the images here may end in any region that gives the margin.
 *
 * Every accepted point is re-checked with the float64 forward pass (`forward`): each image meets
 * the model's margin with its safety ε (x_d − ratio·x_j ≥ ε, x_d ≥ floor + ε, up to 1e-9) and each
 * perturbed pixel lies in the input domain (10f) up to 1e-7, so it is a feasible MIP start.
 */

/** One activation state per neuron with a binary: `states[k][j]` = z^{h,k+1}_j (1 = off, 0 = on). */
export type ActivationStates = readonly Uint8Array[];

/** Options of {@link minDistanceSearch}. */
export interface MinDistanceSearchOptions {
  /** Time limit of each region LP in seconds (required: every solve has one). */
  readonly lpTimeLimit: number;
  /** Total seconds after which no new LP is started (default 120). */
  readonly budget?: number;
  /** Maximum number of region LPs (default 50). */
  readonly maxIterations?: number;
  /** |pre-activation| at or below which a neuron counts as tight and is flipped (default 1e-6). */
  readonly tightTolerance?: number;
  /** Stop when an iteration lowers the distance by less than this (default 1e-4). */
  readonly minGain?: number;
  /** Called after every solve. */
  readonly onIteration?: (step: MinDistanceStep) => void;
  /**
   * When the LP descent stalls: small MILPs in which the binaries of the neurons whose
   * |pre-activation| at the current point is ≤ radii[i] are free (the rest fixed, every t^h = 1),
   * tried in order with the current point as MIP start; an improvement restarts the LP descent.
   */
  readonly neighbourhood?: {
    readonly radii: readonly number[];
    /** Time limit of each neighbourhood MILP in seconds. */
    readonly timeLimit: number;
    /** The full MIP start (every variable of `pm.model`) for a perturbation, e.g. `perturbationStart`. */
    readonly startValues: (pert: Perturbation) => Float64Array;
  };
}

/** One solve of the search. */
export interface MinDistanceStep {
  readonly iteration: number;
  /** Distance Σ|p−1| + Σ|q| of the best verified point after this LP. */
  readonly distance: number;
  /** Region LP (states fixed) or neighbourhood MILP (binaries near their threshold free). */
  readonly kind: "region-lp" | "neighbourhood-milp";
  /** Region LP: neurons flipped (tight at the previous point); neighbourhood MILP: binaries freed. */
  readonly flipped: number;
  /** Solver status of the LP. */
  readonly status: string;
  /** Whether the LP's point passed the float64 check and improved the distance. */
  readonly accepted: boolean;
  /** Seconds since the search began. */
  readonly seconds: number;
}

/** Result of {@link minDistanceSearch}. */
export interface MinDistanceSearch {
  /** The best verified perturbation (the start when nothing better was found). */
  readonly perturbation: Perturbation;
  /** Σ_j |p_j − 1| and Σ_j |q_j| of `perturbation` (Table 5's columns). */
  readonly distance: { readonly weight: number; readonly disturbance: number };
  /** Distance of the start. */
  readonly startDistance: number;
  /** Region LPs solved, and their total solver seconds. */
  readonly lpSolves: number;
  readonly lpSeconds: number;
  /** Wall-clock seconds of the search. */
  readonly seconds: number;
  readonly steps: readonly MinDistanceStep[];
}

/**
 * The activation states z of one perturbed image at the neurons that have a binary in the model
 * (`layers[k].z[j] !== null`): 1 where the float64 pre-activation is < 0 (off), else 0; and the
 * pre-activations themselves.
 */
export function activationStates(net: Network, pm: PerturbationModel, h: number, input: ArrayLike<number>): { states: Uint8Array[]; pre: readonly Float64Array[] } {
  const trace = forward(net, input);
  const states = pm.layers[h].map((lv, k) => Uint8Array.from(lv.z, (_, j) => (trace.preActivations[k][j] < 0 ? 1 : 0)));
  return { states, pre: trace.preActivations };
}

/**
 * The region LP: the model `pm` (built with a distance weight w > 0) with every binary z^h fixed
 * to `states[h]` and every t^h = 1. Its optimum is the minimum-distance (p, q) inside those regions.
 * @throws Error when `pm` has no distance term or `states` does not cover every image
 */
export function regionModel(pm: PerturbationModel, states: readonly ActivationStates[], free?: readonly (readonly Uint8Array[])[]): Model {
  if (!(pm.options.distanceWeight > 0)) throw new Error("regionModel: the model has no distance term (distanceWeight must be > 0)");
  if (states.length !== pm.t.length) throw new Error(`regionModel: ${states.length} activation patterns for ${pm.t.length} images`);
  const variables = pm.model.variables.slice();
  pm.layers.forEach((layers, h) => {
    layers.forEach((lv, k) => {
      lv.z.forEach((z, j) => {
        if (z === null || free?.[h][k][j] === 1) return;
        const v = states[h][k][j];
        variables[z] = { ...variables[z], type: "continuous", lb: v, ub: v };
      });
    });
    const t = pm.t[h];
    variables[t] = { ...variables[t], type: "continuous", lb: 1, ub: 1 };
  });
  return { ...pm.model, name: `${pm.model.name}-region`, variables };
}

/**
 * True when every image, perturbed by `pert`, lies in the input domain (10f, up to 1e-7) and meets
 * the model's margin with its safety ε in float64 (up to 1e-9): exactly the condition under which
 * `perturbationStart` gives every t^h = 1.
 */
export function meetsModelMargins(net: Network, images: readonly PerturbationImage[], pm: PerturbationModel, pert: Perturbation): boolean {
  const o = pm.options;
  const dom = domainArrays(o.inputDomain, net.inputSize);
  const tol = 1e-9;
  for (const img of images) {
    const x0 = applyPerturbation(pert, img.pixels);
    for (let i = 0; i < x0.length; i++) if (x0[i] < dom.lower[i] - 1e-7 || x0[i] > dom.upper[i] + 1e-7) return false;
    const out = forward(net, x0).output;
    const d = img.label;
    if (!(out[d] >= o.floor + o.safety - tol)) return false;
    for (let j = 0; j < out.length; j++) if (j !== d && !(out[d] - o.ratio * out[j] >= o.safety - tol)) return false;
  }
  return true;
}

function totalDistance(pert: Perturbation): number {
  const d = perturbationDistance(pert);
  return d.weight + d.disturbance;
}

function readPq(net: Network, pm: PerturbationModel, values: ArrayLike<number>): Perturbation {
  const p = new Float64Array(net.inputSize).fill(1);
  const q = new Float64Array(net.inputSize);
  pm.p.forEach((v, i) => v !== null && (p[i] = Math.max(0, values[v])));
  pm.q.forEach((v, i) => v !== null && (q[i] = values[v]));
  return { p, q };
}

/**
 * Minimum-distance local search (see the module comment): region LPs from `start`, flipping the
 * neurons that are tight at the current point between LPs; when that stalls and `neighbourhood`
 * is given, a small MILP frees the binaries of the neurons within each radius of their threshold.
 * @param pm - the perturbation model, built with a distance weight w > 0
 * @param start - a perturbation meeting every image's margin ({@link meetsModelMargins})
 * @throws Error when `start` does not meet every margin
 */
export async function minDistanceSearch(
  net: Network,
  images: readonly PerturbationImage[],
  pm: PerturbationModel,
  solver: MilpSolver,
  start: Perturbation,
  options: MinDistanceSearchOptions,
): Promise<MinDistanceSearch> {
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  const budget = options.budget ?? 120;
  const maxIterations = options.maxIterations ?? 50;
  const tight = options.tightTolerance ?? 1e-6;
  const minGain = options.minGain ?? 1e-4;
  if (!meetsModelMargins(net, images, pm, start)) throw new Error("minDistanceSearch: the start does not meet every image's margin (or leaves the input domain)");
  let best = start;
  let bestDistance = totalDistance(start);
  const startDistance = bestDistance;
  const at = (pert: Perturbation): { states: Uint8Array[]; pre: readonly Float64Array[] }[] =>
    images.map((img, h) => activationStates(net, pm, h, applyPerturbation(pert, img.pixels)));
  // The pattern of the first LP: each image's own states at the start.
  let states: Uint8Array[][] = at(start).map((a) => a.states);
  let flipped = 0;
  let lpSolves = 0;
  let lpSeconds = 0;
  let radius = 0; // index into neighbourhood.radii of the next MILP
  const radii = options.neighbourhood?.radii ?? [];
  const steps: MinDistanceStep[] = [];
  /** Solves one model, keeps its point when it verifies and is closer; returns the gain. */
  const attempt = async (model: Model, timeLimit: number, mipStart?: Float64Array): Promise<{ gain: number; status: string }> => {
    const r = await solver.solve(model, { timeLimit: Math.max(1, Math.min(timeLimit, budget - elapsed())), quiet: true, ...(mipStart === undefined ? {} : { mipStart }) });
    lpSolves++;
    lpSeconds += r.seconds;
    if (r.values === null) return { gain: 0, status: r.status };
    const cand = readPq(net, pm, r.values);
    const dist = totalDistance(cand);
    if (!(dist < bestDistance) || !meetsModelMargins(net, images, pm, cand)) return { gain: 0, status: r.status };
    const gain = bestDistance - dist;
    best = cand;
    bestDistance = dist;
    return { gain, status: r.status };
  };
  /** States at the best point, each tight neuron flipped against `used` (the point stays feasible). */
  const flipTight = (used: readonly Uint8Array[][]): Uint8Array[][] => {
    flipped = 0;
    return at(best).map((a, h) =>
      a.states.map((layer, k) =>
        layer.map((s, j) => {
          if (Math.abs(a.pre[k][j]) > tight) return s;
          flipped++;
          return 1 - used[h][k][j];
        }),
      ),
    );
  };
  let mode: "region-lp" | "neighbourhood-milp" = "region-lp";
  let firstLp = true; // the first LP of a descent (from the start or a MILP's point) may gain nothing
  for (let iteration = 1; iteration <= maxIterations && elapsed() < budget; iteration++) {
    let res: { gain: number; status: string };
    let count = flipped;
    if (mode === "region-lp") res = await attempt(regionModel(pm, states), options.lpTimeLimit);
    else {
      const nb = options.neighbourhood;
      if (nb === undefined) break;
      const r = radii[radius++];
      const cur = at(best);
      const free = cur.map((a) => a.pre.map((pre, k) => Uint8Array.from(a.states[k], (_, j) => (Math.abs(pre[j]) <= r ? 1 : 0))));
      count = 0;
      free.forEach((f) => f.forEach((layer) => layer.forEach((v) => (count += v))));
      res = await attempt(regionModel(pm, cur.map((a) => a.states), free), nb.timeLimit, nb.startValues(best));
    }
    const step: MinDistanceStep = { iteration, distance: bestDistance, flipped: count, kind: mode, status: res.status, accepted: res.gain > 0, seconds: elapsed() };
    steps.push(step);
    options.onIteration?.(step);
    if (mode === "region-lp") {
      const stalled = !firstLp && res.gain < minGain;
      firstLp = false;
      states = flipTight(states);
      if (stalled || flipped === 0) {
        if (radius >= radii.length) break;
        mode = "neighbourhood-milp";
      }
    } else if (res.gain >= minGain) {
      // A better point: restart the LP descent from it, its tight neurons flipped.
      radius = 0;
      mode = "region-lp";
      firstLp = true;
      states = flipTight(at(best).map((a) => a.states));
    } else if (radius >= radii.length) break;
  }
  return { perturbation: best, distance: perturbationDistance(best), startDistance, lpSolves, lpSeconds, seconds: elapsed(), steps };
}
