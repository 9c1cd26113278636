import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { ModelBuilder, type Model, type VarRef } from "../milp/model";
import type { MilpSolver } from "../solver/types";
import type { AdversarialCondition } from "./condition";
import { type AttackExample, verifyExample } from "./gradient-attack";

/**
 * Local descent of an adversarial example over the linear regions of the ReLU network (after
 * Croce & Hein, "A randomized gradient-free attack on ReLU networks", GCPR 2018): inside the
 * region where every hidden ReLU keeps the on/off state s^k it has at x⁰, the network is affine,
 * x^K = A x + c, so the minimal-L1 problem (9) restricted to that region is an LP:
 *
 *   min Σ_j (p_j + q_j)  s.t.  x = x̃ + p − q ∈ [lower, upper] (7e), p, q ≥ 0,
 *   A^k_i x + c^k_i ≥ 0 for the units on at x⁰, ≤ 0 for those off (the region),
 *   z_t − ratio · z_j ≥ margin (j ≠ t), z_t ≥ minActivation + margin   (condition (8) on z = x^K's
 *   pre-activation; on a ReLU output layer this is slightly stronger than (8), never weaker).
 *
 * x⁰ is feasible, so the LP's optimum x¹ is at least as close to x̃. Units whose pre-activation
 * is 0 at x¹ lie on a wall of the region; x¹ is also in every neighbouring region across those
 * walls (a unit at 0 outputs 0 in either state), so the descent flips them and solves again,
 * until the distance stops falling. The answer is a local optimum, an incumbent u for the MILP,
 * never a proof; each point is re-verified by the float64 forward pass before it is kept.
 */

/** Options of {@link regionDescent}. */
export interface RegionDescentOptions extends AdversarialCondition {
  /** The solver of the LPs (a fresh model per region). */
  readonly solver: MilpSolver;
  /** Per-pixel lower bounds of the input domain (7e) (default 0). */
  readonly lower?: ArrayLike<number>;
  /** Per-pixel upper bounds of the input domain (7e) (default 1). */
  readonly upper?: ArrayLike<number>;
  /**
   * Slack of every row of (8) in the LP (default 1e-4, as the attack); a point is kept if its float64
   * forward pass keeps at least half of it (`verifyExample`), room for the LP's tolerances.
   */
  readonly margin?: number;
  /** Regions visited at most (default 30). */
  readonly maxRegions?: number;
  /** Wall-clock budget in seconds (default 5). */
  readonly timeLimit?: number;
  /** A pre-activation with |z| at most this counts as on a wall (default 1e-6). */
  readonly wallTolerance?: number;
}

/** The outcome of {@link regionDescent}. */
export interface RegionDescentResult {
  /** The closest verified example: the start itself when no LP improved on it. */
  readonly best: AttackExample;
  /** L1 distance after each region's LP (the start's first). */
  readonly trace: readonly number[];
  /** LPs solved. */
  readonly lps: number;
  /** Wall-clock seconds. */
  readonly seconds: number;
}

/** Affine map x ↦ A x + c of one layer's pre-activations inside a region (A row-major, units × inputs). */
interface Affine {
  readonly a: Float64Array[];
  readonly c: Float64Array;
}

/** The pre-activations of every layer as affine maps of x inside the region with states `on`. */
function regionMaps(net: Pick<Network, "inputSize" | "layers">, on: readonly Uint8Array[]): Affine[] {
  const n0 = net.inputSize;
  const maps: Affine[] = [];
  // previous layer's output as an affine map: identity for x^0
  let prevA: Float64Array[] | null = null;
  let prevC: Float64Array = new Float64Array(n0);
  for (let k = 0; k < net.layers.length; k++) {
    const layer = net.layers[k];
    const units = layer.bias.length;
    const a = Array.from({ length: units }, () => new Float64Array(n0));
    const c = Float64Array.from(layer.bias);
    for (let i = 0; i < layer.kernel.length; i++) {
      const row = layer.kernel[i];
      if (prevA === null) {
        for (let u = 0; u < units; u++) a[u][i] = row[u];
        continue;
      }
      const ai = prevA[i];
      const ci = prevC[i];
      if (ci === 0 && ai.every((v) => v === 0)) continue;
      for (let u = 0; u < units; u++) {
        const w = row[u];
        if (w === 0) continue;
        c[u] += w * ci;
        const au = a[u];
        for (let j = 0; j < n0; j++) au[j] += w * ai[j];
      }
    }
    maps.push({ a, c });
    if (k < net.layers.length - 1) {
      const state = on[k];
      const relu = layer.activation === "relu";
      prevA = a.map((row, u) => (relu && state[u] === 0 ? new Float64Array(n0) : row));
      prevC = c.map((v, u) => (relu && state[u] === 0 ? 0 : v));
    }
  }
  return maps;
}

/** On/off state of every hidden ReLU at x (pre-activation > 0). */
function statesAt(net: Pick<Network, "inputSize" | "layers">, x: ArrayLike<number>): { on: Uint8Array[]; pre: readonly Float64Array[] } {
  const { preActivations } = forward(net, x);
  const on = preActivations.slice(0, -1).map((p) => Uint8Array.from(p, (v) => (v > 0 ? 1 : 0)));
  return { on, pre: preActivations };
}

/** The LP of the region with states `on` around x̃ (see the module comment). */
function regionLp(
  net: Pick<Network, "inputSize" | "layers">,
  image: ArrayLike<number>,
  on: readonly Uint8Array[],
  c: AdversarialCondition,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  margin: number,
): { model: Model; p: VarRef[]; q: VarRef[] } {
  const n0 = net.inputSize;
  const b = new ModelBuilder("region_lp");
  const p: VarRef[] = [];
  const q: VarRef[] = [];
  for (let j = 0; j < n0; j++) {
    p.push(b.addVariable(`p[${j}]`, { lb: 0, ub: Math.max(0, upper[j] - image[j]) }));
    q.push(b.addVariable(`q[${j}]`, { lb: 0, ub: Math.max(0, image[j] - lower[j]) }));
  }
  const maps = regionMaps(net, on);
  // A x + c = A (x̃ + p − q) + c: the row on (p, q) and its constant
  const row = (a: Float64Array, c0: number): { terms: [VarRef, number][]; constant: number } => {
    const terms: [VarRef, number][] = [];
    let constant = c0;
    for (let j = 0; j < n0; j++) {
      const w = a[j];
      if (w === 0) continue;
      constant += w * image[j];
      terms.push([p[j], w], [q[j], -w]);
    }
    return { terms, constant };
  };
  for (let k = 0; k < maps.length - 1; k++) {
    if (net.layers[k].activation !== "relu") continue;
    maps[k].a.forEach((a, u) => {
      const { terms, constant } = row(a, maps[k].c[u]);
      if (on[k][u] === 1) b.addRow(`on_${k + 1}_${u}`, terms, -constant, Infinity);
      else b.addRow(`off_${k + 1}_${u}`, terms, -Infinity, -constant);
    });
  }
  const out = maps[maps.length - 1];
  const diff = (j: number): Float64Array => out.a[c.target].map((v, i) => v - c.ratio * out.a[j][i]);
  for (let j = 0; j < out.c.length; j++) {
    if (j === c.target) continue;
    const { terms, constant } = row(diff(j), out.c[c.target] - c.ratio * out.c[j]);
    b.addRow(`ratio_${j}`, terms, margin - constant, Infinity);
  }
  const { terms, constant } = row(out.a[c.target], out.c[c.target]);
  b.addRow("floor", terms, Math.max(0, c.minActivation) + margin - constant, Infinity);
  b.setObjective("minimize", [...p, ...q].map((v) => [v, 1] as [VarRef, number]));
  return { model: b.build(), p, q };
}

/** True when x satisfies (8) with half the margin in float64, so that {@link regionDescent} accepts it as a start. */
export function canDescendFrom(net: Pick<Network, "inputSize" | "layers">, x: ArrayLike<number>, c: AdversarialCondition, margin = 1e-4): boolean {
  return verifyExample(net, x, x, c, margin) !== null;
}

/**
 * Descends from the verified adversarial example `start` over linear regions (see the module
 * comment) and returns the closest verified example found (never farther than `start`).
 */
export async function regionDescent(
  net: Pick<Network, "inputSize" | "layers">,
  image: ArrayLike<number>,
  start: ArrayLike<number>,
  options: RegionDescentOptions,
): Promise<RegionDescentResult> {
  const started = Date.now();
  const n0 = net.inputSize;
  if (image.length !== n0 || start.length !== n0) throw new Error(`image and start must have ${n0} pixels (got ${image.length}, ${start.length})`);
  const lower = options.lower ?? new Float64Array(n0);
  const upper = options.upper ?? new Float64Array(n0).fill(1);
  const margin = options.margin ?? 1e-4;
  const tol = options.wallTolerance ?? 1e-6;
  const deadline = started + 1000 * (options.timeLimit ?? 5);
  const keep = (x: ArrayLike<number>): AttackExample | null => verifyExample(net, x, image, options, margin);
  let best = keep(start);
  if (best === null) throw new Error("regionDescent: the start does not satisfy condition (8) with half the margin");
  const trace = [best.l1];
  let on = statesAt(net, best.adversarial).on;
  let lps = 0;
  for (let r = 0; r < (options.maxRegions ?? 30) && Date.now() < deadline; r++) {
    const { model, p, q } = regionLp(net, image, on, options, lower, upper, margin);
    const res = await options.solver.solve(model, { timeLimit: Math.max(0.1, (deadline - Date.now()) / 1000) });
    lps++;
    if (res.status !== "optimal" || res.values === null) break;
    const v = res.values;
    const x = Float64Array.from(image, (xj, j) => Math.min(upper[j], Math.max(lower[j], xj + v[p[j]] - v[q[j]])));
    const found = keep(x);
    if (found === null) break;
    trace.push(found.l1);
    const improved = found.l1 < best.l1 * (1 - 1e-6);
    if (found.l1 < best.l1) best = found;
    if (!improved) break;
    // flip the units on a wall of the region: x¹ lies in the neighbouring region too
    const here = statesAt(net, x);
    on = on.map((s, k) => s.map((state, u) => (Math.abs(here.pre[k][u]) <= tol ? 1 - state : here.on[k][u])));
  }
  return { best, trace, lps, seconds: (Date.now() - started) / 1000 };
}
