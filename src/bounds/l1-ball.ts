import type { DenseLayer, Network } from "../dnn/network";
import { networkFingerprint } from "./fingerprint";
import { activationBounds, intervalLayer } from "./interval";
import { domainArrays, domainContains, UNIT_DOMAIN, type InputDomain, type LayerBounds, type NetworkBounds } from "./types";

/**
 * Pre-activation bounds over the L1 ball of an incumbent (see shared note "l1-ball-bounds"):
 * once an adversarial example of L1 distance u to x̃ is known, every better solution of the
 * minimal-L1 problem (9) lies in B = {x ∈ [lb^0, ub^0] : Σ_i |x_i − x̃_i| ≤ u}.
 *
 * Layer 1 is bounded over B exactly: max_{x∈B} w·x + b = w·x̃ + b + a fractional knapsack that
 * spends the budget u on the pixels with the largest |w_i| first, pixel i able to move by at most
 * ub_i − x̃_i where w_i > 0 and x̃_i − lb_i where w_i < 0 (the minimum is symmetric). Deeper layers
 * take the tighter of interval arithmetic (7b) and a back-substituted linear bound in x^0 maximised
 * by the same knapsack (option `deep`, default "backsubstitution"). Every layer is intersected
 * with given global bounds (valid over the whole domain ⊇ B, or over a larger ball around the same
 * image). The result is valid for this image and radius only.
 */

/** Which ball a set of bounds holds for. */
export interface L1Ball {
  /** x̃, the centre (the original image). */
  readonly center: readonly number[];
  /** u, the radius: bounds hold for Σ |x_i − x̃_i| ≤ u. */
  readonly radius: number;
  /**
   * Set when the bounds were tightened under (8) (`tightenBallBoundsObbt` with a condition): they
   * then hold only for the x of the ball whose output satisfies (8) with this target, ratio and
   * floor, so only a model with that same condition may use them.
   */
  readonly condition?: OutputCondition;
}

/** Condition (8) of the adversarial MILP: x^K_d ≥ ratio · x^K_j (j ≠ d) and x^K_d ≥ floor. */
export interface OutputCondition {
  /** d, the target class (unit of layer K). */
  readonly target: number;
  /** ratio of (8) (the thesis: 1.2). */
  readonly ratio: number;
  /** floor on x^K_d (the project's default 0.01; 0 = none). */
  readonly floor: number;
}

/** Whether two conditions (8) are the same (both absent counts as the same). */
export function sameCondition(a: OutputCondition | undefined, b: OutputCondition | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.target === b.target && a.ratio === b.ratio && a.floor === b.floor;
}

/** {@link NetworkBounds} valid only inside one L1 ball (tagged by `l1Ball`). */
export interface L1BallBounds extends NetworkBounds {
  readonly l1Ball: L1Ball;
}

/** Options of {@link l1BallBounds}. */
export interface L1BallBoundsOptions {
  /**
   * Bounds valid over the whole input domain (e.g. the network's cached `lp` or `weak-milp`
   * bounds) to intersect with, layer by layer. Default: none (interval arithmetic only).
   */
  readonly global?: NetworkBounds;
  /** Input domain (7e) (default: that of `global`, else [0, 1]). */
  readonly inputDomain?: InputDomain;
  /**
   * Layers k ≥ 2: "backsubstitution" (default) also bounds each unit by a linear function of x^0
   * (ReLU relaxations back-substituted layer by layer) maximised exactly over the ball by the
   * knapsack, and keeps the tighter of that and interval arithmetic; "interval" uses interval
   * arithmetic only.
   */
  readonly deep?: "backsubstitution" | "interval";
}

/** Relative widening of each computed bound, against floating-point rounding. */
const WIDEN = 1e-9;

/**
 * The exact maximum of c·(x − x̃) over the ball {lower ≤ x ≤ upper, Σ |x_i − x̃_i| ≤ u}
 * (a fractional knapsack), and the pixels and amounts of a point attaining it.
 */
export function knapsackMax(
  c: ArrayLike<number>,
  center: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  radius: number,
): { value: number; pixels: number[]; moves: number[] } {
  const n = c.length;
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (c[i] !== 0) order.push(i);
  order.sort((p, q) => Math.abs(c[q]) - Math.abs(c[p]));
  let budget = radius;
  let value = 0;
  const pixels: number[] = [];
  const moves: number[] = [];
  for (const i of order) {
    if (budget <= 0) break;
    const room = c[i] > 0 ? upper[i] - center[i] : center[i] - lower[i];
    if (room <= 0) continue;
    const move = Math.min(room, budget);
    budget -= move;
    value += Math.abs(c[i]) * move;
    pixels.push(i);
    moves.push(c[i] > 0 ? move : -move);
  }
  return { value, pixels, moves };
}

/**
 * Exact bounds of layer 1's pre-activations w_j·x + b_j over the ball (a knapsack per unit j),
 * widened by a relative 1e-9 against rounding.
 */
export function firstLayerBallBounds(
  layer: DenseLayer,
  center: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  radius: number,
): LayerBounds {
  const units = layer.bias.length;
  const rows = layer.kernel.length;
  if (center.length !== rows) throw new Error(`l1-ball bounds: image has ${center.length} pixels, layer 1 expects ${rows}`);
  const lo: number[] = [];
  const hi: number[] = [];
  const column = new Float64Array(rows);
  for (let j = 0; j < units; j++) {
    let at = layer.bias[j];
    let scale = Math.abs(at);
    for (let i = 0; i < rows; i++) {
      const w = layer.kernel[i][j];
      column[i] = w;
      at += w * center[i];
      scale += Math.abs(w * center[i]);
    }
    const up = knapsackMax(column, center, lower, upper, radius).value;
    const neg = column.map((w) => -w);
    const down = knapsackMax(neg, center, lower, upper, radius).value;
    const eps = WIDEN * (1 + scale + up + down);
    lo.push(at - down - eps);
    hi.push(at + up + eps);
  }
  return { lower: lo, upper: hi };
}

/**
 * Intersection of two sound intervals per unit. Two sound intervals overlap; where rounding makes
 * them cross, the unit keeps their hull [min lower, max upper], which holds if either does (a
 * midpoint would hold for neither).
 */
export function intersect(a: LayerBounds, b: LayerBounds | undefined): LayerBounds {
  if (!b) return a;
  const lower = a.lower.map((v, j) => Math.max(v, b.lower[j]));
  const upper = a.upper.map((v, j) => Math.min(v, b.upper[j]));
  for (let j = 0; j < lower.length; j++) {
    if (lower[j] > upper[j]) {
      lower[j] = Math.min(a.lower[j], b.lower[j]);
      upper[j] = Math.max(a.upper[j], b.upper[j]);
    }
  }
  return { lower, upper };
}

/**
 * Pre-activation bounds of every layer k = 1..K over the L1 ball of radius `radius` around
 * `image`, intersected with `options.global` (see the file comment).
 * @param radius - u, e.g. the L1 distance of an incumbent adversarial example
 */
export function l1BallBounds(
  net: Pick<Network, "name" | "inputSize" | "layers">,
  image: ArrayLike<number>,
  radius: number,
  options: L1BallBoundsOptions = {},
): L1BallBounds {
  const started = Date.now();
  if (!(radius >= 0) || !Number.isFinite(radius)) throw new Error(`l1-ball radius must be a finite number >= 0, got ${radius}`);
  if (image.length !== net.inputSize) throw new Error(`image has ${image.length} pixels, the network expects ${net.inputSize}`);
  const global = options.global;
  if (global && global.layers.length !== net.layers.length) {
    throw new Error(`global bounds cover ${global.layers.length} layers, the network has ${net.layers.length}`);
  }
  // Global bounds that are themselves ball bounds hold only inside their ball (and under its condition):
  // they may bound a ball of the same centre and at most their radius, which then inherits the condition.
  const globalBall = global !== undefined && "l1Ball" in global ? (global as L1BallBounds).l1Ball : undefined;
  if (globalBall !== undefined) {
    const sameCenter = globalBall.center.length === image.length && globalBall.center.every((c, j) => c === image[j]);
    if (!sameCenter || !(radius <= globalBall.radius)) {
      throw new Error(`global bounds hold only inside an L1 ball (radius ${globalBall.radius}${sameCenter ? "" : ", around another image"}); they cannot bound the ball of radius ${radius} around this image`);
    }
  }
  const inputDomain = options.inputDomain ?? global?.inputDomain ?? UNIT_DOMAIN;
  // The global bounds hold over their own domain only: intersecting with them needs a domain inside it.
  if (global && !domainContains(global.inputDomain, inputDomain, net.inputSize)) {
    throw new Error("l1-ball inputDomain reaches outside the domain of the global bounds, which then need not hold: compute global bounds over the wider domain");
  }
  const { lower, upper } = domainArrays(inputDomain, net.inputSize);
  const layers: LayerBounds[] = [];
  let pre = intersect(firstLayerBallBounds(net.layers[0], image, lower, upper, radius), global?.layers[0]);
  layers.push(pre);
  for (let k = 1; k < net.layers.length; k++) {
    const inputs = activationBounds(net.layers[k - 1], pre);
    pre = intersect(widen(intervalLayer(net.layers[k], inputs)), global?.layers[k]);
    if (options.deep !== "interval") {
      const back = backSubstitutedLayer(net, k, layers, image, lower, upper, radius);
      pre = intersect(pre, back);
    }
    layers.push(pre);
  }
  return {
    network: net.name,
    method: global?.method ?? "interval",
    seconds: (Date.now() - started) / 1000,
    inputDomain,
    layers,
    l1Ball: { center: Array.from(image), radius, ...(globalBall?.condition === undefined ? {} : { condition: globalBall.condition }) },
    createdAt: new Date().toISOString(),
    networkFingerprint: networkFingerprint(net),
  };
}

/** Widens interval bounds by a relative 1e-9 against rounding. */
function widen(b: LayerBounds): LayerBounds {
  return {
    lower: b.lower.map((v) => v - WIDEN * (1 + Math.abs(v))),
    upper: b.upper.map((v) => v + WIDEN * (1 + Math.abs(v))),
  };
}

/**
 * Bounds of layer k+1's pre-activations (k ≥ 1, 0-based layer index k) over the ball by
 * back-substitution: max of ±h^{k+1}_j is bounded by replacing each ReLU x = σ(h) of the layers
 * below by a linear relaxation valid on its bounds [l, u] (upper: x ≤ u(h − l)/(u − l) for an
 * unstable unit; lower: x ≥ h if u > −l else x ≥ 0), down to a linear function a·x^0 + c, whose
 * maximum over the ball is a·x̃ + c + knapsack(a). Sound for any valid `below` bounds.
 */
export function backSubstitutedLayer(
  net: Pick<Network, "layers">,
  k: number,
  below: readonly LayerBounds[],
  center: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  radius: number,
): LayerBounds {
  const layer = net.layers[k];
  const units = layer.bias.length;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let j = 0; j < units; j++) {
    const bound = (sign: number): number => {
      let g = layer.kernel.map((row) => sign * row[j]);
      let c = sign * layer.bias[j];
      let scale = Math.abs(c);
      for (let m = k - 1; m >= 0; m--) {
        const act = net.layers[m].activation;
        const { lower: l, upper: u } = below[m];
        const a = new Float64Array(g.length);
        for (let i = 0; i < g.length; i++) {
          const gi = g[i];
          if (gi === 0) continue;
          if (act === "linear" || l[i] >= 0) a[i] = gi;
          else if (u[i] <= 0) a[i] = 0;
          else if (gi > 0) {
            const slope = u[i] / (u[i] - l[i]);
            a[i] = gi * slope;
            c -= gi * slope * l[i];
            scale += Math.abs(gi * slope * l[i]);
          } else a[i] = u[i] > -l[i] ? gi : 0;
        }
        const prev = net.layers[m];
        const next = new Array<number>(prev.kernel.length).fill(0);
        for (let i = 0; i < a.length; i++) {
          if (a[i] === 0) continue;
          c += a[i] * prev.bias[i];
          scale += Math.abs(a[i] * prev.bias[i]);
        }
        for (let p = 0; p < prev.kernel.length; p++) {
          const row = prev.kernel[p];
          let s = 0;
          for (let i = 0; i < a.length; i++) s += row[i] * a[i];
          next[p] = s;
        }
        g = next;
      }
      let at = c;
      for (let p = 0; p < g.length; p++) {
        at += g[p] * center[p];
        scale += Math.abs(g[p] * center[p]);
      }
      const gain = knapsackMax(g, center, lower, upper, radius).value;
      return at + gain + WIDEN * (1 + scale + gain);
    };
    hi.push(bound(1));
    lo.push(-bound(-1));
  }
  return { lower: lo, upper: hi };
}
