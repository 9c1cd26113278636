import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { Model } from "../milp/model";
import type { MilpSolver } from "../solver/types";
import type { PerturbationImage, PerturbationModel } from "./input-perturbation-milp";
import type { Perturbation } from "./perturbation";

/**
 * A MIP start for the input-perturbation MILP from one LP ("activation-pattern start").
 *
 * Why: p and q have 2·n_0 degrees of freedom, so the LP relaxation of (10a)-(10q) can nearly
 * always set every t^h to 1; its bound stays |H| and branch and bound alone rarely finds
 * incumbents (measured on DNN1: 12 images, 120 s, best 6 = the identity's). But fixing, for every
 * image h, each binary z^{h,k}_j to the activation pattern of a *prototype* input the network
 * classifies as d^h with the margin (its source original for an adversarial example, the image
 * itself for an original) and t^h = 1 turns the model into an LP: "find p, q such that every
 * perturbed image follows its prototype's pattern and meets the margin". Any solution is feasible
 * for the MILP; with the objective unchanged it also minimises the distance term of the
 * minimum-distance variant. When the LP is infeasible for all of H, images are added greedily
 * (in order); an image left out gets t^h = 0 and relaxed z (its domain rows (10f) still hold), so
 * every solve is an LP. The caller turns the (p, q) found into a full, consistent MIP start with
 * the float64 forward pass (`perturbationStart`), which also credits images fixed by accident.
 */

/** Result of {@link patternStart}. */
export interface PatternStart {
  /** The perturbation found, or null when not even one image could be fixed. */
  readonly perturbation: Perturbation | null;
  /** Images whose pattern and t^h = 1 were fixed in the start. */
  readonly fixed: readonly number[];
  /** LP solves used and their total seconds. */
  readonly solves: number;
  readonly seconds: number;
}

/** The prototype of an image: `prototype` when given, else the image itself. */
function prototypeOf(img: PerturbationImage): ArrayLike<number> {
  return img.prototype ?? img.pixels;
}

/**
 * The model with z^h fixed to the pattern of h's prototype and t^h = 1 for the images in `fix`,
 * t^h = 0 and z^h relaxed to [0, 1] for the others: an LP.
 */
function fixedModel(net: Network, images: readonly PerturbationImage[], pm: PerturbationModel, fix: ReadonlySet<number>, freeWhereDifferent = false): Model {
  const variables = pm.model.variables.slice();
  images.forEach((_, h) => {
    if (fix.has(h)) return;
    for (const lv of pm.layers[h]) for (const z of lv.z) if (z !== null) variables[z] = { ...variables[z], type: "continuous", lb: 0, ub: 1 };
    const t = pm.t[h];
    variables[t] = { ...variables[t], type: "continuous", lb: 0, ub: 0 };
  });
  for (const h of fix) {
    const trace = forward(net, prototypeOf(images[h]));
    const own = forward(net, images[h].pixels);
    pm.layers[h].forEach((lv, k) => {
      lv.z.forEach((z, j) => {
        if (z === null) return;
        const off = trace.preActivations[k][j] < 0 ? 1 : 0; // z = 1 when the neuron is off (7c)/(7d)
        if (freeWhereDifferent && (own.preActivations[k][j] < 0 ? 1 : 0) !== off) return; // stays binary
        variables[z] = { ...variables[z], type: "continuous", lb: off, ub: off };
      });
    });
    const t = pm.t[h];
    variables[t] = { ...variables[t], type: "continuous", lb: 1, ub: 1 };
  }
  return { ...pm.model, name: `${pm.model.name}-pattern`, variables };
}

/**
 * Improves a start by a small MILP: every image keeps t^h = 1, and each neuron whose state is the
 * same for the image itself and for its prototype stays fixed to it, while the neurons where the
 * two differ (typically a few per adversarial example) get their binaries back. Its feasible set
 * contains the pattern LP's, and it is a restriction of the full model, so every solution is a
 * feasible start; it lets the minimum-distance variant choose which of those neurons to flip.
 * @param startValues - a solution vector of `fixedModel(net, images, pm, all, true)` (the pattern
 *   LP's solution of all images), handed to the solver as MIP start
 */
export async function neighbourhoodStart(
  net: Network,
  images: readonly PerturbationImage[],
  pm: PerturbationModel,
  solver: MilpSolver,
  timeLimit: number,
  startValues: Float64Array,
): Promise<{ perturbation: Perturbation | null; seconds: number; status: string }> {
  const all = new Set(images.map((_, h) => h));
  const r = await solver.solve(fixedModel(net, images, pm, all, true), { timeLimit, quiet: true, mipStart: startValues });
  if (r.values === null) return { perturbation: null, seconds: r.seconds, status: r.status };
  const values = r.values;
  const p = new Float64Array(net.inputSize).fill(1);
  const q = new Float64Array(net.inputSize);
  pm.p.forEach((v, i) => v !== null && (p[i] = Math.max(0, values[v])));
  pm.q.forEach((v, i) => v !== null && (q[i] = values[v]));
  return { perturbation: { p, q }, seconds: r.seconds, status: r.status };
}

/**
 * Solves the activation-pattern LP(s) described in the module comment.
 * @param timeLimit - seconds per LP solve
 * @param budget - total seconds after which the greedy phase stops (default: no limit)
 */
export async function patternStart(
  net: Network,
  images: readonly PerturbationImage[],
  pm: PerturbationModel,
  solver: MilpSolver,
  timeLimit: number,
  budget = Infinity,
): Promise<PatternStart> {
  let solves = 0;
  let seconds = 0;
  const solve = async (fix: ReadonlySet<number>): Promise<Perturbation | null> => {
    const r = await solver.solve(fixedModel(net, images, pm, fix), { timeLimit, quiet: true });
    solves++;
    seconds += r.seconds;
    if (r.status !== "optimal" || r.values === null) return null;
    const values = r.values;
    const p = new Float64Array(net.inputSize).fill(1);
    const q = new Float64Array(net.inputSize);
    pm.p.forEach((v, i) => v !== null && (p[i] = Math.max(0, values[v])));
    pm.q.forEach((v, i) => v !== null && (q[i] = values[v]));
    return { p, q };
  };
  const all = new Set(images.map((_, h) => h));
  const full = await solve(all);
  if (full !== null) return { perturbation: full, fixed: [...all], solves, seconds };
  const fixed = new Set<number>();
  let best: Perturbation | null = null;
  for (let h = 0; h < images.length && seconds < budget; h++) {
    fixed.add(h);
    const v = await solve(fixed);
    if (v === null) fixed.delete(h);
    else best = v;
  }
  return { perturbation: best, fixed: [...fixed], solves, seconds };
}
