import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { domainArrays } from "../bounds/types";
import { checkSolution } from "../milp/check";
import { relativeGap } from "../solver/progress";
import type { MilpSolver, SolveOptions, SolveStatus } from "../solver/types";
import { buildPerturbationModel, type PerturbationImage, type PerturbationModel, type PerturbationModelOptions } from "./input-perturbation-milp";
import { neighbourhoodStart, patternStart } from "./input-perturbation-start";
import { hasMargin } from "./margin";
import { meetsModelMargins, minDistanceSearch } from "./min-distance-search";
import { applyPerturbation, identityPerturbation, type Perturbation } from "./perturbation";

/** Options of {@link solvePerturbation}: the model's plus the solve's. */
export interface SolvePerturbationOptions extends PerturbationModelOptions {
  /** Wall-clock limit of the solve in seconds (required: every solve has one). */
  readonly timeLimit: number;
  /** Relative MIP gap at which to stop (default 0). */
  readonly relativeGap?: number;
  /**
   * MIP start (the better of the candidates by objective (10a) is handed to the solver):
   * - "search" (default with a distance weight > 0): the pattern start below, then the
   *   minimum-distance search of `min-distance-search.ts` from it (region LPs, tight neurons flipped,
   *   neighbourhood MILPs), and the identity;
   * - "pattern" (default without distance weight): the activation-pattern LP of
   *   `input-perturbation-start.ts` (with a distance weight also its neighbourhood MILP), and the identity;
   * - "identity": p = 1, q = 0 (always feasible: t^h = 1 for images already classified with the margin);
   * - a perturbation whose perturbed inputs lie in the domain (e.g. a previous solution), and the identity;
   * - null: no start.
   */
  readonly start?: Perturbation | "search" | "pattern" | "identity" | null;
  /** Seconds the "search" start may use (default: half the time limit); the MILP gets the rest. */
  readonly searchBudget?: number;
  /** Value reported for p_j of a pixel that is 0 in every training image (any value is optimal; default 1). */
  readonly unusedWeight?: number;
  readonly onProgress?: SolveOptions["onProgress"];
  readonly solverOptions?: SolveOptions["solverOptions"];
  readonly quiet?: boolean;
}

/** Where a MIP start came from. */
export type StartKind = "search" | "pattern" | "neighbourhood" | "identity" | "given";

/** Result of one perturbation solve; a time-limited run keeps its best perturbation. */
export interface PerturbationRun {
  readonly status: SolveStatus;
  /** Best objective (10a) found, or null. */
  readonly objective: number | null;
  /** Proven bound on (10a), or null. */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number;
  /** Seconds of the MIP start LPs plus the MILP solve (model building excluded); the time limit bounds it. */
  readonly seconds: number;
  /** Seconds of the MIP start LPs alone. */
  readonly startSeconds: number;
  /** Which start was used and its objective (10a), or null without a start. */
  readonly start: { readonly kind: StartKind; readonly objective: number } | null;
  /** Seconds spent building the model. */
  readonly buildSeconds: number;
  /** The best perturbation found, or null when the solver found none. */
  readonly perturbation: Perturbation | null;
  /** t^h as returned by the solver (rounded), per image. */
  readonly t: readonly number[];
  /** Per image: the float64 forward pass of p ⊙ x̄ + q meets the margin (x_d ≥ ratio·x_j, x_d ≥ floor). */
  readonly verified: readonly boolean[];
  /** Per image: the float64 forward pass of p ⊙ x̄ + q has argmax = d^h. */
  readonly correct: readonly boolean[];
  /**
   * Per image: p ⊙ x̄ + q lies in the domain (10f, k = 0) within 1e-6. The big-M rows hold only
   * there, so an image outside it means the answer is no solution of (10a)-(10q) as posed (the
   * run's message says so), though `verified` and `correct` remain true facts about the network.
   */
  readonly inDomain: readonly boolean[];
  /** Model size. */
  readonly size: { readonly variables: number; readonly rows: number; readonly binaries: number };
  readonly solver: string;
  readonly message?: string;
}

/** Absolute tolerance of the domain check of a perturbed image (the solver's bounds hold to ~1e-7). */
const DOMAIN_TOLERANCE = 1e-6;

/**
 * The values of every variable of the model for a given perturbation (a feasible MIP start when
 * every p ⊙ x̄^h + q lies in the input domain): p, q, u, the distance variables, then per image
 * the network's x, s, z from the float64 forward pass, t^h = 1 exactly where the margin (with the
 * model's safety ε) holds, and y^h.
 * @throws Error when a perturbed input leaves the domain (the start would be infeasible)
 */
export function perturbationStart(net: Network, images: readonly PerturbationImage[], pm: PerturbationModel, pert: Perturbation): Float64Array {
  const values = new Float64Array(pm.model.variables.length);
  const o = pm.options;
  const dom = domainArrays(o.inputDomain, net.inputSize);
  pm.p.forEach((v, i) => v !== null && (values[v] = pert.p[i]));
  pm.q.forEach((v, i) => v !== null && (values[v] = pert.q[i]));
  if (pm.u !== null) {
    const first = net.layers[0];
    pm.u.forEach((v, j) => {
      let s = 0;
      for (let i = 0; i < net.inputSize; i++) s += first.kernel[i][j] * pert.q[i];
      values[v] = s;
    });
  }
  pm.model.variables.forEach((v, idx) => {
    const m = /^(p|q)dist\[(\d+)\]$/.exec(v.name);
    if (m !== null) values[idx] = m[1] === "p" ? Math.abs(pert.p[Number(m[2])] - 1) : Math.abs(pert.q[Number(m[2])]);
  });
  images.forEach((img, h) => {
    const x0 = applyPerturbation(pert, img.pixels);
    x0.forEach((v, i) => {
      if (v < dom.lower[i] - 1e-7 || v > dom.upper[i] + 1e-7) {
        throw new Error(`start perturbation: image ${h} (${img.id}) pixel ${i} becomes ${v}, outside the input domain [${dom.lower[i]}, ${dom.upper[i]}]`);
      }
    });
    pm.x0[h]?.forEach((v, i) => (values[v] = x0[i]));
    const trace = forward(net, x0);
    pm.layers[h].forEach((lv, k) => {
      const pre = trace.preActivations[k];
      const act = trace.activations[k];
      lv.x.forEach((v, j) => (values[v] = act[j]));
      lv.s.forEach((v, j) => v !== null && (values[v] = Math.max(0, -pre[j])));
      lv.z.forEach((v, j) => v !== null && (values[v] = pre[j] < 0 ? 1 : 0));
    });
    const out = trace.output;
    const d = img.label;
    // The margin as the model states it, safety ε included, up to 1e-9 (LP solutions sit on it;
    // far inside the solver's feasibility tolerance).
    const tol = 1e-9;
    let ok = out[d] >= o.floor + o.safety - tol;
    for (let j = 0; j < out.length; j++) if (j !== d && !(out[d] - o.ratio * out[j] >= o.safety - tol)) ok = false;
    values[pm.t[h]] = ok ? 1 : 0;
    const yh = pm.y[h];
    if (yh !== null) {
      let yv = Math.max(o.floor + o.safety, out[d]);
      for (let j = 0; j < out.length; j++) if (j !== d) yv = Math.max(yv, o.ratio * out[j] + o.safety);
      values[yh] = yv;
    }
  });
  return values;
}

/** Reads the perturbation (p, q) out of a solution vector. */
export function readPerturbation(net: Network, pm: PerturbationModel, values: ArrayLike<number>, unusedWeight = 1): Perturbation {
  const fixedP = pm.options.freedom === "only-disturbances";
  const p = new Float64Array(net.inputSize);
  const q = new Float64Array(net.inputSize);
  for (let i = 0; i < net.inputSize; i++) {
    const pi = pm.p[i];
    p[i] = fixedP ? 1 : pi === null ? unusedWeight : Math.max(0, values[pi]);
    const qi = pm.q[i];
    q[i] = qi === null ? 0 : values[qi];
  }
  return { p, q };
}

/**
 * Builds and solves the input-perturbation MILP (10a)-(10q) with a time limit, then re-checks
 * every training image in float64: `verified[h]` (margin) and `correct[h]` (argmax).
 */
export async function solvePerturbation(
  net: Network,
  images: readonly PerturbationImage[],
  solver: MilpSolver,
  options: SolvePerturbationOptions,
): Promise<PerturbationRun> {
  const t0 = performance.now();
  const pm = buildPerturbationModel(net, images, options);
  const buildSeconds = (performance.now() - t0) / 1000;
  const withDistance = (options.distanceWeight ?? 0) > 0;
  const choice = options.start === undefined ? (withDistance ? "search" : "pattern") : options.start;
  const candidates: { kind: StartKind; pert: Perturbation }[] = [];
  let startSeconds = 0;
  if (choice === "search" && !withDistance) throw new Error(`solvePerturbation: start "search" needs a distance weight > 0`);
  if (choice === "search") {
    // Pattern LP, then the minimum-distance search from it (when it meets every margin).
    const budget = options.searchBudget ?? options.timeLimit / 2;
    const ps = await patternStart(net, images, pm, solver, Math.max(1, options.timeLimit / 4), budget / 2);
    startSeconds = ps.seconds;
    if (ps.perturbation !== null) candidates.push({ kind: "pattern", pert: ps.perturbation });
    if (ps.perturbation !== null && meetsModelMargins(net, images, pm, ps.perturbation)) {
      const t1 = performance.now();
      const found = await minDistanceSearch(net, images, pm, solver, ps.perturbation, {
        lpTimeLimit: Math.max(1, budget / 4),
        budget: Math.max(1, budget - startSeconds),
        neighbourhood: { radii: [1e-6, 0.01, 0.05], timeLimit: Math.max(1, budget / 8), startValues: (pert) => perturbationStart(net, images, pm, pert) },
      });
      startSeconds += (performance.now() - t1) / 1000;
      candidates.push({ kind: "search", pert: found.perturbation });
    }
  }
  if (choice !== null) {
    candidates.push({ kind: "identity", pert: identityPerturbation(net.inputSize) });
    if (choice === "pattern") {
      const ps = await patternStart(net, images, pm, solver, Math.max(1, options.timeLimit / 4), options.timeLimit / 2);
      startSeconds = ps.seconds;
      if (ps.perturbation !== null) candidates.push({ kind: "pattern", pert: ps.perturbation });
      // Minimum distance: let the neurons where an image and its prototype differ flip (a small MILP).
      if (ps.perturbation !== null && ps.fixed.length === images.length && withDistance) {
        const values = perturbationStart(net, images, pm, ps.perturbation);
        const nb = await neighbourhoodStart(net, images, pm, solver, Math.max(1, options.timeLimit / 4), values);
        startSeconds += nb.seconds;
        if (nb.perturbation !== null) candidates.push({ kind: "neighbourhood", pert: nb.perturbation });
      }
    } else if (choice !== "identity" && choice !== "search") candidates.push({ kind: "given", pert: choice });
  }
  const objectiveOf = (v: Float64Array): number => pm.model.objective.terms.reduce((acc, term) => acc + term.coef * v[term.v], pm.model.objective.offset);
  let start: PerturbationRun["start"] = null;
  let mipStart: Float64Array | undefined;
  for (const c of candidates) {
    let values: Float64Array;
    try {
      values = perturbationStart(net, images, pm, c.pert);
    } catch {
      continue; // outside the domain: not a feasible start
    }
    // A callback's rows may exclude a start (its own variables are 0 there): only a feasible one is kept.
    if (options.extraConstraints !== undefined && !checkSolution(pm.model, values).feasible) continue;
    const objective = objectiveOf(values);
    if (start === null || objective > start.objective + 1e-9) {
      start = { kind: c.kind, objective };
      mipStart = values;
    }
  }
  const result = await solver.solve(pm.model, {
    timeLimit: Math.max(1, options.timeLimit - startSeconds),
    relativeGap: options.relativeGap ?? 0,
    mipStart,
    onProgress: options.onProgress,
    solverOptions: options.solverOptions,
    quiet: options.quiet ?? true,
  });
  const size = { variables: pm.model.variables.length, rows: pm.model.rows.length, binaries: pm.binaries };
  // HiGHS may end without a solution, or below the start when it rejected it at its tolerances:
  // the checked start is then the answer (the solver's bound stays valid).
  const useStart = result.status !== "optimal" && mipStart !== undefined && start !== null && (result.values === null || start.objective > objectiveOf(result.values) + 1e-9);
  const values = useStart ? mipStart ?? null : result.values;
  const objective = useStart && start !== null ? start.objective : result.objective;
  const pert = values === null ? null : readPerturbation(net, pm, values, options.unusedWeight ?? 1);
  const t = values === null ? [] : pm.t.map((v) => Math.round(values[v]));
  const verified: boolean[] = [];
  const correct: boolean[] = [];
  const inDomain: boolean[] = [];
  const dom = domainArrays(pm.options.inputDomain, net.inputSize);
  if (pert !== null) {
    for (const img of images) {
      const x0 = applyPerturbation(pert, img.pixels);
      inDomain.push(x0.every((v, i) => v >= dom.lower[i] - DOMAIN_TOLERANCE && v <= dom.upper[i] + DOMAIN_TOLERANCE));
      const out = forward(net, x0).output;
      verified.push(hasMargin(out, img.label, pm.options));
      let best = 0;
      for (let j = 1; j < out.length; j++) if (out[j] > out[best]) best = j;
      correct.push(best === img.label);
    }
  }
  const outside = inDomain.filter((ok) => !ok).length;
  const messages = [result.message, outside > 0 ? `${outside} perturbed image(s) leave the domain (10f), where the bounds do not hold: not a solution of (10a)-(10q) as posed` : undefined].filter((m): m is string => m !== undefined);
  return {
    status: result.status,
    objective,
    bound: result.bound,
    gap: useStart ? relativeGap(objective, result.bound) : result.gap,
    nodes: result.nodes,
    seconds: result.seconds + startSeconds,
    startSeconds,
    start,
    buildSeconds,
    perturbation: pert,
    t,
    verified,
    correct,
    inDomain,
    size,
    solver: result.solver,
    ...(messages.length === 0 ? {} : { message: messages.join("; ") }),
  };
}
