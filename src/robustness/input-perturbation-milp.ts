import type { Network } from "../dnn/network";
import { checkBoundsNetwork } from "../bounds/fingerprint";
import { domainArrays, domainContains, type InputDomain, type LayerBounds, type NetworkBounds } from "../bounds/types";
import { encodeNetwork } from "../encode/network";
import { encoderFor } from "../encode/registry";
import type { LayerVars } from "../encode/types";
import { ModelBuilder, type Model, type VarRef } from "../milp/model";
import { DEFAULT_FLOOR, DEFAULT_RATIO, type MarginSpec } from "./margin";

/**
 * The input-perturbation MILP (10a)-(10q) of thesis 3.4.2: find one perturbation (p, q) that
 * maximises the number of training images h ∈ H classified correctly with the margin.
 *
 *   (10a) max Σ_h t^h  [ − w·(Σ_j |p_j − 1| + Σ_j |q_j|) for the minimum-distance variant, w = 0.001,
 *         linearised with a_j ≥ ±(p_j − 1), c_j ≥ ±q_j ]
 *   (10b) x^{h,0}_j = p_j x̄^h_j + q_j,   (10o) p_j ≥ 0,   (10p) q_j free
 *   (10c)-(10g), (10l)-(10n): the network (7b)-(7i) once per image, encoded by `src/encode`
 *   (10f) for k = 0: lb^0 ≤ x^{h,0} ≤ ub^0, the input domain (default [-1, 1]); this row is
 *         REQUIRED: the pre-activation bounds (and so every M+, M-) are only valid for inputs in the
 *         domain they were computed over, and p, q alone do not keep p ⊙ x̄ + q inside it.
 *   (10h)-(10k), (10q): the margin, see below.
 *
 * Reading of (10h)-(10j). As printed, a^h_j is 1 for j = d^h+1 and 0 otherwise, which makes (10h)
 * y^h ≥ x^{h,K}_{d+1} only, and the 20 % margin the text requires appears nowhere. Our reading:
 * a^h_j = 1 for j = d^h+1 and a^h_j = 1.2 (the ratio) for every other j, so (10h) says
 * y^h ≥ max(x_d, 1.2·max_{j≠d} x_j); (10i) for j = d^h+1, y^h − M_y(1 − t^h) ≤ x_d, makes y^h = x_d
 * when t^h = 1; (10j) y^h ≥ 0.01. Eliminating y^h: **t^h = 1 ⇒ x^{h,K}_d ≥ 1.2·x^{h,K}_j for every
 * j ≠ d and x^{h,K}_d ≥ 0.01**; t^h = 0 imposes nothing. (10k) t^h_j ≤ τ^h_j fixes t^h_j = 0 for
 * j ≠ d^h+1, so only t^h = t^h_{d^h+1} is created, and (10i) for those j is void and omitted.
 * Two equivalent encodings (`margin`):
 * - "direct" (default, no y^h): x_d − ratio·x_j ≥ L_j + (ε − L_j)·t^h for j ≠ d, with
 *   L_j = lb(x_d) − ratio·ub(x_j) (a per-j big-M, never tighter than M_y), and
 *   x_d ≥ lb(x_d) + (floor + ε − lb(x_d))·t^h;
 * - "thesis-y": y^h, (10h) with the a^h_j above, (10i) with M_y from the output bounds, (10j).
 * ε (`safety`, default 1e-5) is added to both sides of the margin so that the feasibility tolerance
 * alone cannot yield t^h = 1 for an image that fails the exact float64 check; set it to 0 for the
 * literal model. It does not cover the integrality tolerance (1e-6) times big-Ms of several hundred
 * (DNN1's bounds over [-1, 1]): a t^h or z within 1e-6 of integral can leave ~1e-4 of slack. So the
 * float64 check, not t^h, decides: each image's `verified` is what the results count.
 *
 * (10b) is substituted into (10c) by default (`inputEncoding: "substitute"`, as 3.4.2 suggests):
 * no x^{h,0} variables; layer 1 reads Σ_i w_ij x̄^h_i p_i + u_j + b_j with one shared u_j = Σ_i w_ij q_i
 * per first-layer unit, terms only for non-zero pixels, and (10f) for k = 0 becomes
 * lb ≤ x̄^h_j p_j + q_j ≤ ub rows (a bound on q_j where x̄^h_j = 0). "variables" builds x^{h,0}
 * with (10b) as equality rows and encodes the network on them, literally.
 */

/** One training image h ∈ H of the perturbation model. */
export interface PerturbationImage {
  /** x̄^h, the pixels. */
  readonly pixels: ArrayLike<number>;
  /** d^h, the digit it must be classified as. */
  readonly label: number;
  /** An identifier saved with the perturbation (e.g. "adversarial/train/123/4"). */
  readonly id: string;
  /**
   * An input the network classifies as `label` with the margin whose activation pattern the
   * pattern start copies (the source original of an adversarial example); default: the image.
   */
  readonly prototype?: ArrayLike<number>;
}

/** Which parts of the perturbation are free (Appendix A): both, only weights (q = 0), only disturbances (p = 1). */
export type PerturbationFreedom = "both" | "only-weights" | "only-disturbances";

/** Options of {@link buildPerturbationModel}; defaults follow thesis 3.4.2 / 4.3.2. */
export interface PerturbationModelOptions extends MarginSpec {
  /**
   * Pre-activation bounds of layers 1..K valid over `inputDomain` (e.g. computeBounds "milp" over
   * [-1, 1]). NetworkBounds carry their domain and weights' fingerprint: a wider `inputDomain`, or
   * bounds of other weights, are refused. Bare layer bounds carry neither: they need `inputDomain`
   * (the domain they were computed over), and the caller vouches for them.
   */
  readonly bounds: NetworkBounds | readonly LayerBounds[];
  /** Domain (10f, k = 0) of every perturbed input x^{h,0} (default: that of NetworkBounds; required with bare layer bounds). */
  readonly inputDomain?: InputDomain;
  /** Default "both". */
  readonly freedom?: PerturbationFreedom;
  /** Weight w of the distance term of the minimum-distance variant (default 0 = plain GP; the thesis' is 0.001). */
  readonly distanceWeight?: number;
  /** Margin safety ε added to the ratio and floor rows (default 1e-5). */
  readonly safety?: number;
  /** Default "substitute". */
  readonly inputEncoding?: "substitute" | "variables";
  /** Default "direct". */
  readonly margin?: "direct" | "thesis-y";
  /** Drop binaries of neurons the bounds prove stable (default true). */
  readonly eliminateStable?: boolean;
  /**
   * Adds rows or variables of your own to (10a)-(10q) before the model is built, e.g. fix the
   * border pixels (p_j = 1, q_j = 0) or cap Σ|q_j|. Called once, after the objective (10a) is set;
   * a callback may change its terms but not its sense (maximise: `solvePerturbation` compares MIP
   * starts by it), and is refused otherwise. `solvePerturbation` drops MIP starts that violate the rows it added.
   */
  readonly extraConstraints?: (context: PerturbationContext) => void;
}

/** What an `extraConstraints` callback of the perturbation model receives: the builder and its variables. */
export interface PerturbationContext {
  readonly builder: ModelBuilder;
  /** p_j (null where no training image uses pixel j) and q_j (null when q is fixed at 0). */
  readonly p: readonly (VarRef | null)[];
  readonly q: readonly (VarRef | null)[];
  /** t^h per image (1: image h counts in (10a)). */
  readonly t: readonly VarRef[];
  /** Per image h, layers k = 1..K: `layers[h][k-1]` = {x, s, z} of layer k. */
  readonly layers: readonly (readonly LayerVars[])[];
  readonly images: readonly PerturbationImage[];
}

/** The model and the variables a caller reads back. */
export interface PerturbationModel {
  readonly model: Model;
  /** p_j, or null where no training image has a non-zero pixel j (p_j then has no effect). */
  readonly p: readonly (VarRef | null)[];
  /** q_j, or null when q is fixed at 0 (only weights). */
  readonly q: readonly (VarRef | null)[];
  /** t^h = t^h_{d^h+1}, one binary per image. */
  readonly t: readonly VarRef[];
  /** y^h ("thesis-y" margin) or null. */
  readonly y: readonly (VarRef | null)[];
  /** x^{h,0} per image ("variables" encoding) or null. */
  readonly x0: readonly (readonly VarRef[] | null)[];
  /** Per image, layers k = 1..K: `layers[h][k-1]` = {x, s, z} of layer k. */
  readonly layers: readonly (readonly LayerVars[])[];
  /** Shared u_j = Σ_i w_ij q_i of the substituted first layer, or null. */
  readonly u: readonly VarRef[] | null;
  /** Number of binaries (z and t). */
  readonly binaries: number;
  readonly options: Required<Omit<PerturbationModelOptions, "bounds" | "inputDomain" | "extraConstraints">> & { readonly inputDomain: InputDomain };
}

function outputBounds(net: Network, bounds: readonly LayerBounds[]): { lower: number[]; upper: number[] } {
  const K = net.layers.length;
  const last = bounds[K - 1];
  const relu = net.layers[K - 1].activation === "relu";
  return {
    lower: last.lower.map((v) => (relu ? Math.max(0, v) : v)),
    upper: last.upper.map((v) => (relu ? Math.max(0, v) : v)),
  };
}

/** Bare layer bounds say nothing of the domain they hold over; a guessed one could make every big-M wrong. */
function bareBoundsWithoutDomain(): never {
  throw new Error("buildPerturbationModel: inputDomain is required with bare layer bounds (they do not say which domain they were computed over; NetworkBounds do)");
}

/**
 * Refuses options that would make the model unsound or meaningless, naming the field: bounds of
 * other weights (fingerprint), a domain
 * wider than the one the bounds were computed over (their big-Ms would not hold), a ratio below 1,
 * a negative or non-finite floor, safety or distance weight, an unknown mode.
 */
function checkPerturbationOptions(
  opts: PerturbationModelOptions,
  options: { inputDomain: InputDomain; freedom: string; distanceWeight: number; safety: number; inputEncoding: string; margin: string; ratio: number; floor: number },
  net: Pick<Network, "name" | "inputSize" | "layers">,
): void {
  const n0 = net.inputSize;
  const where = "buildPerturbationModel";
  if ("layers" in opts.bounds) checkBoundsNetwork(opts.bounds, net);
  if ("layers" in opts.bounds && !domainContains(opts.bounds.inputDomain, options.inputDomain, n0)) {
    const show = (d: InputDomain): string => (typeof d.lower === "number" && typeof d.upper === "number" ? `[${d.lower}, ${d.upper}]` : "per pixel");
    throw new Error(`${where}: inputDomain ${show(options.inputDomain)} is not inside the domain ${show(opts.bounds.inputDomain)} the bounds were computed over: their big-Ms would not hold`);
  }
  if (!Number.isFinite(options.ratio) || options.ratio < 1) throw new Error(`${where}: ratio must be a finite number >= 1, got ${options.ratio}`);
  for (const field of ["floor", "safety", "distanceWeight"] as const) {
    const v = options[field];
    if (!Number.isFinite(v) || v < 0) throw new Error(`${where}: ${field} must be a finite number >= 0, got ${v}`);
  }
  const modes: [string, string, readonly string[]][] = [
    ["freedom", options.freedom, ["both", "only-weights", "only-disturbances"]],
    ["inputEncoding", options.inputEncoding, ["substitute", "variables"]],
    ["margin", options.margin, ["direct", "thesis-y"]],
  ];
  for (const [field, value, allowed] of modes) {
    if (!allowed.includes(value)) throw new Error(`${where}: ${field} must be ${allowed.map((a) => `"${a}"`).join(", ")}, got "${String(value)}"`);
  }
}

/**
 * Builds the input-perturbation MILP (10a)-(10q) for the images H (see the module comment for
 * the exact constraints and the reading of (10h)).
 * @throws Error on an empty H, a label outside the output layer, pixels of the wrong length, bounds
 *   not covering K layers or computed over a smaller domain than `inputDomain`, or a bad option (named)
 */
export function buildPerturbationModel(net: Network, images: readonly PerturbationImage[], opts: PerturbationModelOptions): PerturbationModel {
  const layerBounds: readonly LayerBounds[] = "layers" in opts.bounds ? opts.bounds.layers : opts.bounds;
  const K = net.layers.length;
  const n0 = net.inputSize;
  const nK = net.layers[K - 1].bias.length;
  if (images.length === 0) throw new Error("buildPerturbationModel: no training images");
  if (layerBounds.length !== K) throw new Error(`buildPerturbationModel: bounds cover ${layerBounds.length} layers, the network has ${K}`);
  const options = {
    inputDomain: opts.inputDomain ?? ("layers" in opts.bounds ? opts.bounds.inputDomain : bareBoundsWithoutDomain()),
    freedom: opts.freedom ?? "both",
    distanceWeight: opts.distanceWeight ?? 0,
    safety: opts.safety ?? 1e-5,
    inputEncoding: opts.inputEncoding ?? "substitute",
    margin: opts.margin ?? "direct",
    eliminateStable: opts.eliminateStable ?? true,
    ratio: opts.ratio ?? DEFAULT_RATIO,
    floor: opts.floor ?? DEFAULT_FLOOR,
  } as const;
  checkPerturbationOptions(opts, options, net);
  images.forEach((img, h) => {
    if (img.pixels.length !== n0) throw new Error(`image ${h} (${img.id}) has ${img.pixels.length} pixels, the network ${n0} inputs`);
    if (!Number.isInteger(img.label) || img.label < 0 || img.label >= nK) throw new Error(`image ${h} (${img.id}): label ${img.label} is not an output 0-${nK - 1}`);
  });
  const dom = domainArrays(options.inputDomain, n0);
  const b = new ModelBuilder(`perturbation-${net.name}-${images.length}`);

  // (10o), (10p): p_j >= 0 for pixels some image uses; q_j free (fixed per `freedom`).
  const used = new Array<boolean>(n0).fill(false);
  const zeroSomewhere = new Array<boolean>(n0).fill(false);
  for (const img of images) for (let i = 0; i < n0; i++) img.pixels[i] !== 0 ? (used[i] = true) : (zeroSomewhere[i] = true);
  const pFixed = options.freedom === "only-disturbances";
  const qFixed = options.freedom === "only-weights";
  const p = used.map((u, i) => (u ? b.addVariable(`p[${i}]`, pFixed ? { lb: 1, ub: 1 } : { lb: 0, ub: Infinity }) : null));
  const q = qFixed ? used.map(() => null) : used.map((_, i) => b.addVariable(`q[${i}]`, { lb: -Infinity, ub: Infinity }));
  const substitute = options.inputEncoding === "substitute";
  if (substitute) {
    // x^{h,0}_i = q_i where x̄^h_i = 0: (10f) for k = 0 is then a bound on q_i.
    q.forEach((qi, i) => {
      if (qi !== null && zeroSomewhere[i]) b.setBounds(qi, dom.lower[i], dom.upper[i]);
    });
  }

  const first = net.layers[0];
  const n1 = first.bias.length;
  let u: VarRef[] | null = null;
  if (substitute && !qFixed) {
    u = [];
    for (let j = 0; j < n1; j++) {
      const uj = b.addVariable(`u[${j}]`, { lb: -Infinity, ub: Infinity });
      const terms: [VarRef, number][] = [[uj, 1]];
      q.forEach((qi, i) => {
        if (qi !== null && first.kernel[i][j] !== 0) terms.push([qi, -first.kernel[i][j]]);
      });
      b.addEq(`udef[${j}]`, terms, 0);
      u.push(uj);
    }
  }

  const encodeOptions = { eliminateStable: options.eliminateStable, relax: false };
  const x0: (VarRef[] | null)[] = [];
  const layers: LayerVars[][] = [];
  images.forEach((img, h) => {
    const prefix = `h${h}_`;
    if (!substitute) {
      // (10b) as rows, x^{h,0} in the domain (10f).
      const xs = Array.from({ length: n0 }, (_, i) => b.addVariable(`${prefix}x[0][${i}]`, { lb: dom.lower[i], ub: dom.upper[i] }));
      xs.forEach((xi, i) => {
        const terms: [VarRef, number][] = [[xi, 1]];
        const pi = p[i];
        const v = img.pixels[i];
        if (pi !== null && v !== 0) terms.push([pi, -v]);
        const qi = q[i];
        if (qi !== null) terms.push([qi, -1]);
        b.addEq(`${prefix}in[${i}]`, terms, 0);
      });
      const enc = encodeNetwork(b, net, opts.bounds, { inputVars: xs, inputDomain: options.inputDomain, prefix, ...encodeOptions });
      x0.push(xs);
      layers.push(enc.x.slice(1).map((x, k) => ({ x, s: enc.s[k + 1], z: enc.z[k + 1] })));
      return;
    }
    x0.push(null);
    // (10f), k = 0, for non-zero pixels: lb <= x̄ p + q <= ub.
    for (let i = 0; i < n0; i++) {
      const v = img.pixels[i];
      const pi = p[i];
      if (v === 0 || pi === null) continue;
      const terms: [VarRef, number][] = [[pi, v]];
      const qi = q[i];
      if (qi !== null) terms.push([qi, 1]);
      b.addRow(`${prefix}dom[${i}]`, terms, dom.lower[i], dom.upper[i]);
    }
    // Layer 1 with (10b) substituted into (10c): a copy of the layer whose "inputs" are p_i (weight w_ij x̄_i) and u_j.
    const perImage = substitutedFirstLayer(first, img.pixels, p, u);
    const vars1 = encoderFor(first.activation, 1)(b, perImage.layer, 1, perImage.inputs, layerBounds[0], { ...encodeOptions, prefix });
    const mine: LayerVars[] = [vars1];
    for (let k = 2; k <= K; k++) {
      const layer = net.layers[k - 1];
      mine.push(encoderFor(layer.activation, k)(b, layer, k, mine[k - 2].x, layerBounds[k - 1], { ...encodeOptions, prefix }));
    }
    layers.push(mine);
  });

  // Margin (10h)-(10k), (10q) and the objective (10a).
  const out = outputBounds(net, layerBounds);
  const eps = options.safety;
  const t: VarRef[] = [];
  const y: (VarRef | null)[] = [];
  images.forEach((img, h) => {
    const d = img.label;
    const xK = layers[h][K - 1].x;
    const th = b.addVariable(`t[${h}]`, { type: "binary" });
    t.push(th);
    const lbD = out.lower[d];
    if (options.margin === "direct") {
      for (let j = 0; j < nK; j++) {
        if (j === d) continue;
        const L = lbD - options.ratio * out.upper[j];
        if (L >= eps) continue; // always satisfied
        b.addGe(`margin[${h}][${j}]`, [[xK[d], 1], [xK[j], -options.ratio], [th, -(eps - L)]], L);
      }
      if (lbD < options.floor + eps) b.addGe(`floor[${h}]`, [[xK[d], 1], [th, -(options.floor + eps - lbD)]], lbD);
      y.push(null);
    } else {
      let yMax = Math.max(options.floor + eps, out.upper[d]);
      for (let j = 0; j < nK; j++) if (j !== d) yMax = Math.max(yMax, options.ratio * out.upper[j] + eps);
      const My = yMax - Math.min(0, lbD);
      const yh = b.addVariable(`y[${h}]`, { lb: 0, ub: yMax }); // (10l)
      for (let j = 0; j < nK; j++) {
        if (j === d) b.addGe(`ya[${h}][${j}]`, [[yh, 1], [xK[j], -1]], 0); // (10h), a = 1
        else b.addGe(`ya[${h}][${j}]`, [[yh, 1], [xK[j], -options.ratio]], eps); // (10h), a = ratio
      }
      b.addLe(`yt[${h}]`, [[yh, 1], [xK[d], -1], [th, My]], My); // (10i) for j = d+1
      b.addGe(`yfloor[${h}]`, [[yh, 1]], options.floor + eps); // (10j)
      y.push(yh);
    }
  });
  const objective: [VarRef, number][] = t.map((th) => [th, 1]);
  if (options.distanceWeight > 0) {
    p.forEach((pi, i) => {
      if (pi === null || pFixed) return;
      const a = b.addVariable(`pdist[${i}]`, { lb: 0, ub: Infinity });
      b.addGe(`pdistp[${i}]`, [[a, 1], [pi, -1]], -1);
      b.addGe(`pdistm[${i}]`, [[a, 1], [pi, 1]], 1);
      objective.push([a, -options.distanceWeight]);
    });
    q.forEach((qi, i) => {
      if (qi === null) return;
      const c = b.addVariable(`qdist[${i}]`, { lb: 0, ub: Infinity });
      b.addGe(`qdistp[${i}]`, [[c, 1], [qi, -1]], 0);
      b.addGe(`qdistm[${i}]`, [[c, 1], [qi, 1]], 0);
      objective.push([c, -options.distanceWeight]);
    });
  }
  b.setObjective("maximize", objective);
  const objective10a = b.build().objective;
  opts.extraConstraints?.({ builder: b, p, q, t, layers, images });
  const model = b.build();
  // The objective, bound and counted images are read as those of (10a): another objective (even a maximisation) would make them another problem's.
  if (model.objective !== objective10a) throw new Error("buildPerturbationModel: extraConstraints replaced the objective (10a); add rows and variables, but keep the objective");
  const binaries = model.variables.filter((v) => v.type === "binary").length;
  return { model, p, q, t, y, x0, layers, u, binaries, options };
}

/**
 * Layer 1 rewritten for the substituted input of one image: its inputs are the used p_i
 * (weight w_ij x̄_i, only where x̄_i ≠ 0) followed by the shared u_j (weight 1 on its own unit j),
 * so Σ (inputs · weights) + b_j = Σ_i w_ij (x̄_i p_i + q_i) + b_j, the left-hand side of (10c) for k = 1.
 */
function substitutedFirstLayer(
  first: Network["layers"][number],
  pixels: ArrayLike<number>,
  p: readonly (VarRef | null)[],
  u: readonly VarRef[] | null,
): { layer: Network["layers"][number]; inputs: VarRef[] } {
  const n1 = first.bias.length;
  const inputs: VarRef[] = [];
  const kernel: number[][] = [];
  for (let i = 0; i < pixels.length; i++) {
    const pi = p[i];
    const v = pixels[i];
    if (pi === null || v === 0) continue;
    inputs.push(pi);
    kernel.push(first.kernel[i].map((w) => w * v));
  }
  if (u !== null) {
    for (let j = 0; j < n1; j++) {
      inputs.push(u[j]);
      kernel.push(Array.from({ length: n1 }, (_, jj) => (jj === j ? 1 : 0)));
    }
  }
  return { layer: { kernel, bias: first.bias, activation: first.activation }, inputs };
}
