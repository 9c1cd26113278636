import { createHash } from "node:crypto";
/**
 * Bounds as data (thesis 3.2): lower and upper bounds on every pre-activation
 * w^T x^{k-1} + b (the left-hand side of (7b)) for layers k = 1..K, tagged with how they were
 * obtained, saved as JSON in `data/bounds/` and reused across images.
 *
 * From a pre-activation interval [lower, upper] the encoder derives the big-M constants of
 * (7c)/(7d), M+ = max(0, upper) and M- = max(0, -lower), and the variable bounds (7e)/(7f):
 * 0 <= x <= M+, 0 <= s <= M-.
 */

/**
 * How bounds are obtained:
 * - `interval`: interval arithmetic over the input domain (the thesis' base model);
 * - `lp`: per neuron, the LP relaxation of layers 1..k-1 (z in [0, 1]), layer by layer;
 * - `milp`: per neuron, the MILP of layers 1..k-1 solved to optimality (the thesis' "improved model");
 * - `weak-milp`: the same with 1 s per bound, keeping the proven dual bound (the "weaker improved model").
 */
export type BoundsMethod = "interval" | "lp" | "milp" | "weak-milp";

/** Every bounds method, cheapest first. */
export const BOUNDS_METHODS: readonly BoundsMethod[] = ["interval", "lp", "milp", "weak-milp"];

/**
 * The input domain (7e) for layer 0: lb^0 <= x^0 <= ub^0, either one number for every pixel or
 * one number per pixel. The thesis uses [0, 1]; [-1, 1] serves the input-perturbation model and
 * [0, 1.5] Appendix B.
 */
export interface InputDomain {
  readonly lower: readonly number[] | number;
  readonly upper: readonly number[] | number;
}

/** The thesis' pixel domain [0, 1]. */
export const UNIT_DOMAIN: InputDomain = { lower: 0, upper: 1 };

/** Lower and upper bounds of the pre-activations of one layer (one entry per neuron). */
export interface LayerBounds {
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** Per-layer bounds plus, for solver-based methods, how each neuron's bounds were obtained. */
export interface LayerBoundsRecord extends LayerBounds {
  /** Seconds spent on each neuron (both directions); absent for `interval`. */
  readonly seconds?: readonly number[];
  /**
   * How each neuron's bounds were obtained: "interval" (exact for layer 1, or skipped because
   * interval arithmetic already proved the neuron stable), "optimal" (both solves proved optimal),
   * "dual-bound" (at least one solve stopped at its time limit, or its dual bound contradicted its
   * incumbent; its proven dual bound, or the LP relaxation's bound of the same model where
   * tighter, was kept),
   * "fallback" (a solve failed; the interval bound was kept).
   */
  readonly source?: readonly NeuronBoundSource[];
}

/** See {@link LayerBoundsRecord.source}. */
export type NeuronBoundSource = "interval" | "optimal" | "dual-bound" | "fallback";

/** A complete, saveable set of bounds for one network. */
export interface NetworkBounds {
  /** Name of the network (`Network.name`). */
  readonly network: string;
  readonly method: BoundsMethod;
  /** Wall-clock seconds spent computing the bounds (the thesis' "Presolve" column). */
  readonly seconds: number;
  readonly inputDomain: InputDomain;
  /** Pre-activation bounds for layers k = 1..K (`layers[k-1]`). */
  readonly layers: readonly LayerBoundsRecord[];
  /** Per-bound time limit in seconds used by solver-based methods. */
  readonly timeLimitPerBound?: number;
  /** Whether neurons proven stable by interval arithmetic skipped the solver. */
  readonly skipStable?: boolean;
  /** Solver name and version used, if any. */
  readonly solver?: string;
  /** Worker threads the solves were spread over, when more than 1 (`seconds` is their wall time). */
  readonly workers?: number;
  /** Extra solver options of the bound solves, if any (e.g. `{ presolve: "off" }`). */
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
  /** ISO time of computation. */
  readonly createdAt?: string;
  /**
   * `networkFingerprint` of the weights the bounds were computed for (stamped by `computeBounds`
   * and `l1BallBounds`); `encodeNetwork` and `checkBoundsFit` refuse the bounds for other weights.
   */
  readonly networkFingerprint?: string;
  /**
   * Set when the computation resumed a checkpoint of killed runs: the units taken from it and
   * their solve seconds, which `seconds` includes (summed per unit, so an overestimate of their
   * wall time when they ran on several workers).
   */
  readonly resumed?: { readonly units: number; readonly seconds: number };
}

/** The domain as one array per side, checked against the input size and for lower <= upper. */
export function domainArrays(domain: InputDomain, size: number): { lower: Float64Array; upper: Float64Array } {
  const side = (value: readonly number[] | number, name: string): Float64Array => {
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Error(`inputDomain.${name} must be finite, got ${value}`);
      return new Float64Array(size).fill(value);
    }
    if (value.length !== size) {
      throw new Error(`inputDomain.${name} has ${value.length} values, the network has ${size} inputs`);
    }
    const out = Float64Array.from(value);
    out.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new Error(`inputDomain.${name}[${i}] must be finite, got ${v}`);
    });
    return out;
  };
  const lower = side(domain.lower, "lower");
  const upper = side(domain.upper, "upper");
  for (let i = 0; i < size; i++) {
    if (lower[i] > upper[i]) throw new Error(`inputDomain: lower[${i}] = ${lower[i]} exceeds upper[${i}] = ${upper[i]}`);
  }
  return { lower, upper };
}

/**
 * A short tag for a domain, "" for [0, 1], e.g. "m1-1" for [-1, 1], "0-1.5" for [0, 1.5], and
 * "custom-<hash of the bounds>" for per-pixel domains, so that each gets its own cache file.
 */
export function domainTag(domain: InputDomain): string {
  if (typeof domain.lower !== "number" || typeof domain.upper !== "number") {
    return `custom-${createHash("sha256").update(JSON.stringify([domain.lower, domain.upper])).digest("hex").slice(0, 10)}`;
  }
  if (domain.lower === 0 && domain.upper === 1) return "";
  const f = (v: number): string => (v < 0 ? `m${-v}` : `${v}`);
  return `${f(domain.lower)}-${f(domain.upper)}`;
}

/** True when every point of `inner` lies in `outer` (both over `size` inputs). */
export function domainContains(outer: InputDomain, inner: InputDomain, size: number): boolean {
  const o = domainArrays(outer, size);
  const i = domainArrays(inner, size);
  for (let j = 0; j < size; j++) {
    if (i.lower[j] < o.lower[j] || i.upper[j] > o.upper[j]) return false;
  }
  return true;
}

/**
 * What a ReLU neuron's pre-activation bounds prove: "inactive" (upper <= 0: x = 0, no binary),
 * "active" (lower >= 0: x = w^T x^{k-1} + b, no binary) or "unstable" (it needs s, z and the big-M rows).
 */
export type NeuronPhase = "active" | "inactive" | "unstable";

/** The phase of every neuron of a layer (index j), as its bounds prove it (see {@link NeuronPhase}). */
export function neuronPhases(bounds: LayerBounds): NeuronPhase[] {
  return bounds.lower.map((lower, j) => (bounds.upper[j] <= 0 ? "inactive" : lower >= 0 ? "active" : "unstable"));
}

/** Number of neurons proven stable by the bounds: active (lower >= 0) and inactive (upper <= 0). */
export function stableCounts(bounds: LayerBounds): { active: number; inactive: number; unstable: number } {
  const counts = { active: 0, inactive: 0, unstable: 0 };
  for (const phase of neuronPhases(bounds)) counts[phase]++;
  return counts;
}

/**
 * How the neurons' bounds of a set were obtained, counted over every layer (see
 * {@link LayerBoundsRecord.source}); layers that record no sources count under "interval" when the
 * set's method is "interval", else are not counted.
 */
export function boundSourceCounts(bounds: Pick<NetworkBounds, "method" | "layers">): Record<NeuronBoundSource, number> {
  const counts: Record<NeuronBoundSource, number> = { interval: 0, optimal: 0, "dual-bound": 0, fallback: 0 };
  for (const layer of bounds.layers as readonly LayerBoundsRecord[]) {
    if (layer.source !== undefined) for (const s of layer.source) counts[s]++;
    else if (bounds.method === "interval") counts.interval += layer.lower.length;
  }
  return counts;
}
