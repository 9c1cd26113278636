import type { Network } from "../dnn/network";
import { backSubstitutedLayer, sameCondition, type L1BallBounds, type OutputCondition } from "../bounds/l1-ball";
import { padBound } from "../bounds/tighten";
import { domainArrays, stableCounts, type LayerBounds } from "../bounds/types";
import { ModelBuilder, type Model, type Objective, type Term, type VarRef } from "../milp/model";
import type { LpSequenceSolver } from "../solver/types";
import { provenBound } from "../solver/proven-bound";

/**
 * Cheap LP tightening of bounds over the L1 ball B_r = {x ∈ [lb^0, ub^0] : Σ_i |x_i − x̃_i| ≤ r}
 * (issue 6, docs/performance.md "Persistent-LP ball bounds"): optimisation-based bound
 * tightening of layers k = 2..K, one LP per unstable unit and direction, all LPs of a layer on
 * ONE persistent HiGHS model (`HighsSolver.solveLpSequence`: only the costs change, the simplex
 * restarts from the previous basis), so an LP costs milliseconds instead of the ~100 ms of a
 * fresh wasm model (`ball-lp.ts`, which "did not pay").
 *
 * The LP for layer k holds layers 1..k−1 of (7b) with each ReLU x = σ(h) replaced by its convex
 * hull on the current bounds [l, u] (x ≥ 0, x ≥ h, x ≤ u(h − l)/(u − l); the projection of the
 * big-M relaxation (7c)-(7d) with z ∈ [0, 1]), and the input written as x^0 = x̃ + p − q with
 * 0 ≤ p ≤ ub^0 − x̃, 0 ≤ q ≤ x̃ − lb^0 and the cap Σ p + Σ q ≤ r (the deviation rows (9) with
 * δ = p + q). Every x ∈ B_r with its true activations is feasible for it, so its optimum bounds
 * w_j·x^{k−1} + b_j over B_r. Only LPs that end "optimal" are used, padded outwards by
 * `padBound`, and intersected with the given bounds (never looser). Before each layer's LPs its
 * bounds are re-derived by back-substitution over the tightened layers below (also sound), and
 * units already stable are skipped.
 */

/** Options of {@link tightenBallBoundsObbt}. */
export interface BallObbtOptions {
  readonly solver: LpSequenceSolver;
  /** Seconds per LP (default 2). */
  readonly timeLimitPerLp?: number;
  /**
   * Seconds for all the LPs (default: no limit beyond the per-LP one); the units whose LPs do not
   * start in time keep their bounds (sound, just not tightened).
   */
  readonly timeBudget?: number;
  /** Layers to tighten, 1-based (default: all of 2..K; 1..K with `condition`). */
  readonly layers?: readonly number[];
  /**
   * Also impose (8) in every LP: the bounds then hold for the x ∈ B_r whose output satisfies (8)
   * (every feasible point of the capped MILP), not for the whole ball; layer 1 is tightened too.
   */
  readonly condition?: OutputCondition;
}

/** Result of {@link tightenBallBoundsObbt}: the tightened bounds and what it cost. */
export interface BallObbtResult {
  readonly bounds: L1BallBounds;
  /** LPs handed to the solver (those a spent `timeBudget` left unsolved included), and how many of them ended optimal. */
  readonly lps: number;
  readonly optimal: number;
  readonly seconds: number;
  /** Unstable units per layer before and after (l < 0 < u, `stableCounts`). */
  readonly unstableBefore: readonly number[];
  readonly unstableAfter: readonly number[];
  /**
   * Some LP reported "infeasible" (with `condition`: a hint that no x ∈ B_r satisfies (8); not
   * used as a proof, the bounds of such LPs are simply not changed).
   */
  readonly infeasible: boolean;
}

const unstableOf = (b: LayerBounds): number => stableCounts(b).unstable;

export type { OutputCondition };

/** The relaxed LP over B_r and the pre-activations of its layers as affine terms of its columns. */
export interface BallLp {
  readonly model: Model;
  /**
   * preActivations[m][j] = w_j·x^{m} + b_j of layer m + 1 (0-based m = 0..depth, the last only
   * when depth < K), as terms + offset over the model's columns.
   */
  readonly preActivations: readonly (readonly { readonly terms: readonly Term[]; readonly offset: number }[])[];
}

/**
 * Builds the LP of the file comment: layers 1..`depth` (1 ≤ depth ≤ K) relaxed on `bounds`,
 * over the ball of radius `radius` around `center` inside [lower, upper]; with `condition`
 * (needs depth = K) also the rows (8) on the relaxed x^K. With `exact` every unstable ReLU is
 * encoded exactly instead ((7c)-(7d) with a binary z, big-M from `bounds`): a MILP.
 */
export function ballLpModel(
  net: Pick<Network, "layers">,
  center: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  radius: number,
  bounds: readonly LayerBounds[],
  depth: number,
  condition?: OutputCondition,
  exact = false,
): BallLp {
  if (condition !== undefined && depth !== net.layers.length) throw new Error(`ballLpModel: condition (8) needs all ${net.layers.length} layers, got depth ${depth}`);
  const b = new ModelBuilder(`ball_obbt_${depth}`);
  const n = center.length;
  // x^{m} as affine expressions: value = constant + Σ coef·var.
  type Affine = { terms: [VarRef, number][]; constant: number };
  let prev: Affine[] = [];
  const cap: [VarRef, number][] = [];
  for (let i = 0; i < n; i++) {
    const terms: [VarRef, number][] = [];
    const up = upper[i] - center[i];
    const down = center[i] - lower[i];
    if (up > 0) {
      const p = b.addVariable(`p[${i}]`, { lb: 0, ub: up });
      terms.push([p, 1]);
      cap.push([p, 1]);
    }
    if (down > 0) {
      const q = b.addVariable(`q[${i}]`, { lb: 0, ub: down });
      terms.push([q, -1]);
      cap.push([q, 1]);
    }
    prev.push({ terms, constant: center[i] });
  }
  if (cap.length > 0) b.addRow("l1_ball_cap", cap, -Infinity, radius);
  const affineOf = (layerIndex: number, j: number, inputs: readonly Affine[]): { terms: Term[]; offset: number } => {
    const layer = net.layers[layerIndex];
    const acc = new Map<VarRef, number>();
    let offset = layer.bias[j];
    for (let i = 0; i < inputs.length; i++) {
      const w = layer.kernel[i][j];
      if (w === 0) continue;
      offset += w * inputs[i].constant;
      for (const [v, c] of inputs[i].terms) acc.set(v, (acc.get(v) ?? 0) + w * c);
    }
    const terms: Term[] = [];
    for (const [v, coef] of acc) if (coef !== 0) terms.push({ v, coef });
    return { terms, offset };
  };
  const preActivations: { terms: Term[]; offset: number }[][] = [];
  for (let m = 0; m < depth; m++) {
    const layer = net.layers[m];
    const { lower: l, upper: u } = bounds[m];
    const next: Affine[] = [];
    const pre: { terms: Term[]; offset: number }[] = [];
    for (let j = 0; j < layer.bias.length; j++) {
      const relu = layer.activation === "relu";
      const { terms, offset } = affineOf(m, j, prev);
      pre.push({ terms, offset });
      if (relu && u[j] <= 0) {
        next.push({ terms: [], constant: 0 });
        continue;
      }
      const h = b.addVariable(`h${m + 1}[${j}]`, { lb: l[j], ub: u[j] });
      b.addRow(`def${m + 1}[${j}]`, [[h, 1], ...terms.map((t) => [t.v, -t.coef] as [VarRef, number])], offset, offset);
      if (!relu || l[j] >= 0) {
        next.push({ terms: [[h, 1]], constant: 0 });
        continue;
      }
      const a = b.addVariable(`a${m + 1}[${j}]`, { lb: 0, ub: u[j] });
      b.addRow(`above${m + 1}[${j}]`, [[a, 1], [h, -1]], 0, Infinity);
      if (exact) {
        // (7c)-(7d) with z = 1 for an active unit: a ≤ u·z, a − h ≤ −l·(1 − z).
        const z = b.addVariable(`z${m + 1}[${j}]`, { type: "binary" });
        b.addRow(`on${m + 1}[${j}]`, [[a, 1], [z, -u[j]]], -Infinity, 0);
        b.addRow(`off${m + 1}[${j}]`, [[a, 1], [h, -1], [z, -l[j]]], -Infinity, -l[j]);
      } else {
        const slope = u[j] / (u[j] - l[j]);
        b.addRow(`hull${m + 1}[${j}]`, [[a, 1], [h, -slope]], -Infinity, -slope * l[j]);
      }
      next.push({ terms: [[a, 1]], constant: 0 });
    }
    preActivations.push(pre);
    prev = next;
  }
  if (depth < net.layers.length) preActivations.push(net.layers[depth].bias.map((_, j) => affineOf(depth, j, prev)));
  if (condition !== undefined) {
    const out = prev;
    const d = out[condition.target];
    const row = (e: Affine, scale: number): [VarRef, number][] => e.terms.map(([v, c]) => [v, scale * c]);
    for (let j = 0; j < out.length; j++) {
      if (j === condition.target) continue;
      // x^K_d − ratio·x^K_j ≥ 0, constants moved to the right-hand side.
      const rhs = -(d.constant - condition.ratio * out[j].constant);
      b.addRow(`cond8[${j}]`, mergeTerms([...row(d, 1), ...row(out[j], -condition.ratio)]), rhs, Infinity);
    }
    if (condition.floor > 0) b.addRow("floor", mergeTerms(row(d, 1)), condition.floor - d.constant, Infinity);
  }
  return { model: b.build(), preActivations };
}

/** Sums duplicate variables of a term list (a row may not name a column twice). */
function mergeTerms(terms: readonly [VarRef, number][]): [VarRef, number][] {
  const acc = new Map<VarRef, number>();
  for (const [v, c] of terms) acc.set(v, (acc.get(v) ?? 0) + c);
  return [...acc].filter(([, c]) => c !== 0);
}

/**
 * Tightens `ball` (from `l1BallBounds`, of every radius) by the persistent-LP OBBT of the file
 * comment. The result is never looser than `ball` and valid for every x of the same ball; with
 * `options.condition` set, only for the x of the ball that also satisfy (8).
 */
export async function tightenBallBoundsObbt(net: Pick<Network, "inputSize" | "layers">, ball: L1BallBounds, options: BallObbtOptions): Promise<BallObbtResult> {
  const started = Date.now();
  const center = ball.l1Ball.center;
  const radius = ball.l1Ball.radius;
  const earlier = ball.l1Ball.condition;
  if (options.condition !== undefined && earlier !== undefined && !sameCondition(options.condition, earlier)) {
    throw new Error(`ball bounds tightened under (8) for target ${earlier.target} (ratio ${earlier.ratio}, floor ${earlier.floor}) cannot be tightened under another condition`);
  }
  // Bounds tightened under (8) hold only where (8) holds: the result says so.
  const l1Ball = options.condition === undefined ? ball.l1Ball : { ...ball.l1Ball, condition: options.condition };
  const { lower: inLower, upper: inUpper } = domainArrays(ball.inputDomain, net.inputSize);
  const layers: { lower: number[]; upper: number[] }[] = ball.layers.map((l) => ({ lower: l.lower.slice(), upper: l.upper.slice() }));
  const unstableBefore = layers.map(unstableOf);
  const first = options.condition !== undefined ? 1 : 2;
  const wanted = new Set(options.layers ?? net.layers.map((_, m) => m + 1).filter((k) => k >= first));
  let infeasible = false;
  let lps = 0;
  let optimal = 0;
  for (let k = 1; k <= net.layers.length; k++) {
    if (k >= 2) {
      // Back-substitution over the (possibly tightened) layers below: sound, never looser after intersecting.
      const back = backSubstitutedLayer(net, k - 1, layers, center, inLower, inUpper, radius);
      const target = layers[k - 1];
      for (let j = 0; j < target.lower.length; j++) {
        const lo = Math.max(target.lower[j], back.lower[j]);
        const hi = Math.min(target.upper[j], back.upper[j]);
        if (lo <= hi) {
          target.lower[j] = lo;
          target.upper[j] = hi;
        }
      }
    }
    const cur = layers[k - 1];
    if (!wanted.has(k)) continue;
    const relu = net.layers[k - 1].activation === "relu";
    const units: { j: number; sense: "maximize" | "minimize" }[] = [];
    for (let j = 0; j < cur.lower.length; j++) {
      if (relu && (cur.upper[j] <= 0 || cur.lower[j] >= 0)) continue;
      units.push({ j, sense: "maximize" }, { j, sense: "minimize" });
    }
    if (units.length === 0) continue;
    const lp =
      options.condition !== undefined
        ? ballLpModel(net, center, inLower, inUpper, radius, layers, net.layers.length, options.condition)
        : ballLpModel(net, center, inLower, inUpper, radius, layers, k - 1);
    const pre = lp.preActivations[k - 1];
    const objectives: Objective[] = units.map(({ j, sense }) => ({ sense, terms: pre[j].terms, offset: pre[j].offset }));
    const left = options.timeBudget === undefined ? undefined : options.timeBudget - (Date.now() - started) / 1000;
    if (left !== undefined && left <= 0) continue;
    const results = await options.solver.solveLpSequence(lp.model, objectives, { timeLimit: options.timeLimitPerLp ?? 2, totalTimeLimit: left });
    lps += results.length;
    const given = { lower: cur.lower.slice(), upper: cur.upper.slice() };
    if (results.some((r) => r.status === "infeasible")) infeasible = true;
    units.forEach(({ j, sense }, t) => {
      const r = results[t];
      if (r.status !== "optimal" || r.objective === null || !Number.isFinite(r.objective)) return;
      optimal++;
      if (sense === "maximize") cur.upper[j] = Math.min(cur.upper[j], padBound(r.objective, "upper"));
      else cur.lower[j] = Math.max(cur.lower[j], padBound(r.objective, "lower"));
    });
    for (let j = 0; j < cur.lower.length; j++) {
      if (cur.lower[j] > cur.upper[j]) {
        // Only through solver tolerances on a (near-)constant unit: keep the given bounds.
        cur.lower[j] = given.lower[j];
        cur.upper[j] = given.upper[j];
      }
    }
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    bounds: { ...ball, l1Ball, layers, seconds: ball.seconds + seconds },
    lps,
    optimal,
    seconds,
    unstableBefore,
    unstableAfter: layers.map(unstableOf),
    infeasible,
  };
}

/** Options of {@link tightenBallBoundsMilp}. */
export interface BallMilpOptions {
  readonly solver: LpSequenceSolver;
  /** Seconds per bound MILP (default 1). */
  readonly timeLimitPerBound?: number;
  /** Stop (keeping what is done) after this many seconds in total (default 20). */
  readonly timeBudget?: number;
  /** Layers to tighten by MILP, 1-based k ≥ 2 (default: all of 2..K). */
  readonly layers?: readonly number[];
}

/**
 * MILP tightening over the L1 ball (the thesis' "improved model" bounds, 3.2, but per instance
 * and radius): for k = 2..K, first the persistent-LP OBBT of layer k ({@link tightenBallBoundsObbt}),
 * then for every unit still unstable max and min of w_j·x^{k−1} + b_j over the MILP of layers
 * 1..k−1 (exact ReLUs on the current bounds) with the cap, for at most `timeLimitPerBound` s.
 * A maximisation's dual bound (mip_dual_bound, also at the time limit) is ≥ the maximum over
 * the ball, so every solve that returns a dual bound tightens soundly (padded by `padBound`).
 */
export async function tightenBallBoundsMilp(net: Pick<Network, "inputSize" | "layers">, ball: L1BallBounds, options: BallMilpOptions): Promise<BallObbtResult> {
  const started = Date.now();
  const budget = options.timeBudget ?? 20;
  const center = ball.l1Ball.center;
  const radius = ball.l1Ball.radius;
  const { lower: inLower, upper: inUpper } = domainArrays(ball.inputDomain, net.inputSize);
  const unstableBefore = ball.layers.map(unstableOf);
  const wanted = new Set(options.layers ?? net.layers.map((_, m) => m + 1).filter((k) => k >= 2));
  let current: L1BallBounds = ball;
  let lps = 0;
  let optimal = 0;
  for (let k = 2; k <= net.layers.length; k++) {
    const lp = await tightenBallBoundsObbt(net, current, { solver: options.solver, layers: [k] });
    lps += lp.lps;
    optimal += lp.optimal;
    current = lp.bounds;
    if (!wanted.has(k) || (Date.now() - started) / 1000 > budget) continue;
    const layers = current.layers.map((l) => ({ lower: l.lower.slice(), upper: l.upper.slice() }));
    const cur = layers[k - 1];
    const relu = net.layers[k - 1].activation === "relu";
    const milp = ballLpModel(net, center, inLower, inUpper, radius, layers, k - 1, undefined, true);
    const pre = milp.preActivations[k - 1];
    for (let j = 0; j < cur.lower.length; j++) {
      for (const sense of ["maximize", "minimize"] as const) {
        if (relu && (cur.upper[j] <= 0 || cur.lower[j] >= 0)) break;
        const left = budget - (Date.now() - started) / 1000;
        if (left <= 0.05) break;
        const model: Model = { ...milp.model, name: `ball_milp_${k}_${j}_${sense}`, objective: { sense, terms: pre[j].terms, offset: pre[j].offset } };
        const r = await options.solver.solve(model, { timeLimit: Math.min(options.timeLimitPerBound ?? 1, left), quiet: true });
        lps++;
        const bound = r.status === "optimal" || r.status === "time-limit" ? provenBound(r, sense) : null;
        if (bound === null) continue;
        optimal++;
        if (sense === "maximize") cur.upper[j] = Math.min(cur.upper[j], padBound(bound, "upper"));
        else cur.lower[j] = Math.max(cur.lower[j], padBound(bound, "lower"));
      }
      if (cur.lower[j] > cur.upper[j]) {
        cur.lower[j] = current.layers[k - 1].lower[j];
        cur.upper[j] = current.layers[k - 1].upper[j];
      }
    }
    current = { ...current, layers };
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    bounds: { ...current, seconds: ball.seconds + seconds },
    lps,
    optimal,
    seconds,
    unstableBefore,
    unstableAfter: current.layers.map(unstableOf),
    infeasible: false,
  };
}
