import type { L1BallBounds } from "../bounds/l1-ball";
import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { NetworkBounds } from "../bounds/types";
import { encodeNetwork, forwardAssignment, type EncodedNetwork } from "../encode/network";
import { ModelBuilder, type Model, type VarRef } from "../milp/model";
import type { AdversarialSpec } from "./spec";
import type { AdversarialContext, ConstraintTerm, DeviationEncoding } from "./types";

/** An adversarial-example MILP ready to solve or export, with its variables. */
export interface AdversarialModel {
  readonly model: Model;
  readonly encoded: EncodedNetwork;
  readonly deviation: DeviationEncoding;
  /** δ_j of (9) as an expression per pixel ([[δ_j, 1]] or [[p_j, 1], [n_j, 1]]). */
  readonly delta: readonly (readonly (readonly [VarRef, number])[])[];
  /** t >= δ_j for the "linf" norm, else null. */
  readonly linf: VarRef | null;
}

/** How {@link buildAdversarialModel} writes the model (the options of `findAdversarialExample` of the same names). */
export interface BuildAdversarialOptions {
  /** Adds rows and variables after the declarative constraints (see `AdversarialOptions.extraConstraints`). */
  readonly extraConstraints?: (ctx: AdversarialContext) => void;
  /** Drop the binaries of neurons the bounds prove stable (default true; false: the thesis' model). */
  readonly eliminateStable?: boolean;
  /** The deviation of (9): "split" (default) or "thesis" (see `AdversarialOptions.deviation`). */
  readonly deviation?: DeviationEncoding;
}

/**
 * Builds the thesis' adversarial MILP (3.3): the network (7b)-(7i) with x^0 in the domain (7e)
 * (narrowed to [x̃_j - Δ, x̃_j + Δ] with a maximum deviation), and
 *
 *   (8)  x^K_d >= ratio · x^K_j                 for j != d   (rows `cond8[j]`)
 *        x^K_d >= floor                         (row `floor`, when floor > 0)
 *   (9)  "thesis": -δ_j <= x^0_j - x̃_j <= δ_j, 0 <= δ_j <= Δ   (rows `devUp[j]`, `devDn[j]`)
 *        "split":  x^0_j = x̃_j + p_j - n_j, δ_j = p_j + n_j, p_j, n_j >= 0   (rows `dev[j]`)
 *   objective: minimise Σ_j δ_j ("l1"), or t with δ_j <= t ("linf", rows `linf[j]`),
 *
 * then the declarative constraints and the `extraConstraints` callback. Bounds over an L1 ball
 * (`l1BallBounds`) must be around `spec.image`, and hold only with the cap Σ_j δ_j ≤ u, which the
 * caller adds as a constraint (as `best` does); bounds tightened under (8) (`l1Ball.condition`)
 * only for a model with the same target, ratio and floor.
 */
export function buildAdversarialModel(net: Network, spec: AdversarialSpec, bounds: NetworkBounds, options: BuildAdversarialOptions = {}): AdversarialModel {
  const { extraConstraints, eliminateStable = true, deviation = "split" } = options;
  if (deviation !== "split" && deviation !== "thesis") throw new Error(`deviation must be "split" or "thesis", got "${String(deviation)}"`);
  // Bounds over an L1 ball (src/bounds/l1-ball.ts) hold only inside it: it must be this image's ball, and the caller adds its cap Σ δ_j ≤ u.
  const ball = "l1Ball" in bounds ? (bounds as L1BallBounds).l1Ball : undefined;
  if (ball !== undefined && (ball.center.length !== spec.image.length || ball.center.some((c, j) => c !== spec.image[j]))) {
    throw new Error(`bounds hold over an L1 ball around another image than this one (${bounds.network}, radius ${ball.radius}): compute them around this image`);
  }
  if (ball !== undefined && !capsTheBall(spec.constraints, spec.image.length, ball.radius)) {
    throw new Error(`bounds hold only inside the L1 ball of radius ${ball.radius}: add its cap Σ_j δ_j ≤ r (r ≤ ${ball.radius}) to constraints (deltaSumRow(n, "<=", r, name))`);
  }
  const cond = ball?.condition;
  if (cond !== undefined && (cond.target !== spec.target || cond.ratio !== spec.ratio || cond.floor !== spec.floor)) {
    throw new Error(
      `bounds were tightened under (8) for target ${cond.target}, ratio ${cond.ratio}, floor ${cond.floor} and hold only there; ` +
        `this model has target ${spec.target}, ratio ${spec.ratio}, floor ${spec.floor}`,
    );
  }
  const b = new ModelBuilder(`adversarial_${net.name}`);
  const n = net.inputSize;
  const x0 = spec.image;
  const lower = Array.from(spec.lower);
  const upper = Array.from(spec.upper);
  if (spec.maxDeviation !== null) {
    for (let j = 0; j < n; j++) {
      lower[j] = Math.max(lower[j], x0[j] - spec.maxDeviation);
      upper[j] = Math.min(upper[j], x0[j] + spec.maxDeviation);
    }
  }
  const enc = encodeNetwork(b, net, bounds, { inputDomain: { lower, upper }, eliminateStable });
  const xK = enc.x[enc.x.length - 1];
  const x = enc.x[0];
  const delta: (readonly [VarRef, number])[][] = [];
  if (deviation === "thesis") {
    const d = b.addVariables("delta", n, { lb: 0, ub: spec.maxDeviation ?? Infinity });
    for (let j = 0; j < n; j++) {
      b.addLe(`devUp[${j}]`, [[x[j], 1], [d[j], -1]], x0[j]); // x_j - δ_j <= x̃_j   (9)
      b.addGe(`devDn[${j}]`, [[x[j], 1], [d[j], 1]], x0[j]); // x_j + δ_j >= x̃_j   (9)
      delta.push([[d[j], 1]]);
    }
  } else {
    for (let j = 0; j < n; j++) {
      const p = b.addVariable(`p[${j}]`, { lb: 0, ub: Math.max(0, upper[j] - x0[j]) });
      const m = b.addVariable(`n[${j}]`, { lb: 0, ub: Math.max(0, x0[j] - lower[j]) });
      b.addEq(`dev[${j}]`, [[x[j], 1], [p, -1], [m, 1]], x0[j]); // x_j = x̃_j + p_j - n_j
      delta.push([[p, 1], [m, 1]]);
    }
  }
  for (let j = 0; j < xK.length; j++) {
    if (j !== spec.target) b.addGe(`cond8[${j}]`, [[xK[spec.target], 1], [xK[j], -spec.ratio]], 0); // (8)
  }
  if (spec.floor > 0) b.addGe("floor", [[xK[spec.target], 1]], spec.floor);
  let linf: VarRef | null = null;
  if (spec.norm === "linf") {
    const t = b.addVariable("t", { lb: 0, ub: spec.maxDeviation ?? Infinity });
    delta.forEach((d, j) => b.addLe(`linf[${j}]`, [...d, [t, -1]], 0));
    b.setObjective("minimize", [[t, 1]]);
    linf = t;
  } else {
    b.setObjective("minimize", delta.flat());
  }
  spec.constraints.forEach((c, i) => {
    const where = `constraints[${i}]${c.name ? ` (${c.name})` : ""}`;
    const terms = c.terms.flatMap((t: ConstraintTerm, n): (readonly [VarRef, number])[] =>
      t.variable === "delta" ? delta[t.unit].map(([v, coef]) => [v, coef * t.coef] as const) : [[termVar(enc, t, `${where}.terms[${n}]`), t.coef]],
    );
    // The row is named after the constraint (in LP/MPS exports), kept unique by its index.
    const name = c.name ? `user${i}_${c.name.replace(/[^A-Za-z0-9_]/g, "_")}` : `user${i}`;
    if (c.sense === "<=") b.addLe(name, terms, c.rhs);
    else if (c.sense === ">=") b.addGe(name, terms, c.rhs);
    else b.addEq(name, terms, c.rhs);
  });
  if (extraConstraints !== undefined) {
    const objective = b.build().objective;
    extraConstraints({ builder: b, vars: enc, delta, image: x0, target: spec.target, label: spec.label });
    // The status, bound and gap are read as those of (9): another objective would make them another problem's.
    if (b.build().objective !== objective) throw new Error("extraConstraints: the callback replaced the objective (9); add rows and variables, or change bounds, but keep the objective");
  }
  return { model: b.build(), encoded: enc, deviation, delta, linf };
}

function termVar(enc: EncodedNetwork, t: ConstraintTerm, where: string): VarRef {
  if (t.variable === "s") {
    const s = enc.s[t.layer][t.unit];
    if (s === null) {
      throw new Error(`${where}: s of layer ${t.layer}, unit ${t.unit} does not exist (stable neuron eliminated: use eliminateStable false, or a linear layer)`);
    }
    return s;
  }
  return enc.x[t.layer][t.unit];
}

/**
 * A full MIP start from an image: x, s, z from its float64 forward pass, δ_j = |x_j - x̃_j|
 * (p_j, n_j its positive and negative parts), t = max δ_j; variables added by an
 * `extraConstraints` callback are left at 0.
 */
export function adversarialStart(net: Network, spec: AdversarialSpec, built: AdversarialModel, start: ArrayLike<number>): Float64Array {
  if (start.length !== net.inputSize) throw new Error(`start has ${start.length} pixels, network ${net.name} expects ${net.inputSize}`);
  const values = new Float64Array(built.model.variables.length);
  forwardAssignment(built.encoded, start, forward(net, start), values);
  let max = 0;
  built.delta.forEach((d, j) => {
    const diff = start[j] - spec.image[j];
    if (built.deviation === "thesis") values[d[0][0]] = Math.abs(diff);
    else {
      values[d[0][0]] = Math.max(0, diff);
      values[d[1][0]] = Math.max(0, -diff);
    }
    max = Math.max(max, Math.abs(diff));
  });
  if (built.linf !== null) values[built.linf] = max;
  return values;
}

/** Whether the declarative constraints hold Σ_j δ_j ≤ r over every pixel for some r ≤ `radius` (the cap that L1-ball bounds need). */
function capsTheBall(constraints: AdversarialSpec["constraints"], n: number, radius: number): boolean {
  return constraints.some((c) => {
    if (c.sense !== "<=" || !(c.rhs <= radius) || c.terms.length !== n) return false;
    const seen = new Set<number>();
    for (const t of c.terms) {
      if (t.variable !== "delta" || t.layer !== 0 || t.coef !== 1) return false;
      seen.add(t.unit);
    }
    return seen.size === n;
  });
}
