import type { Network } from "../dnn/network";
import { ModelBuilder, type Model } from "../milp/model";
import type { MilpSolver, SolveResult } from "../solver/types";
import { encodeNetwork } from "../encode/network";
import { preActivation } from "../encode/types";
import { activationBounds, intervalLayer } from "./interval";
import type { InputDomain, LayerBounds, LayerBoundsRecord, NeuronBoundSource } from "./types";

/**
 * Outward safety margin added to every solver-derived bound: solvers satisfy rows only up to a
 * feasibility tolerance (~1e-7), so a bound is widened by 1e-6 · (1 + |bound|) to stay sound.
 */
export function padBound(value: number, direction: "upper" | "lower"): number {
  const pad = 1e-6 * (1 + Math.abs(value));
  return direction === "upper" ? value + pad : value - pad;
}

/** A progress report of a solver-based bound computation. */
export interface BoundsProgress {
  /** Layer k (1..K) of the neuron just finished. */
  readonly layer: number;
  /** Unit j of that layer. */
  readonly neuron: number;
  /** Neurons finished so far (all layers), and the total. */
  readonly done: number;
  readonly total: number;
  /** Seconds since the computation started. */
  readonly seconds: number;
}

/** What {@link tightenLayers} needs. */
export interface TightenOptions {
  readonly relax: boolean;
  readonly solver: MilpSolver;
  readonly timeLimitPerBound: number;
  readonly skipStable: boolean;
  readonly inputDomain: InputDomain;
  readonly onProgress?: (progress: BoundsProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * The proven bound of one solve, or null when the solve proved nothing usable. Only the proven
 * dual bound (`result.bound`) counts, never the incumbent: for a maximisation every feasible point
 * has objective <= bound, so `bound` is a valid upper bound even at a time limit.
 */
function provenBound(result: SolveResult): number | null {
  if (result.status !== "optimal" && result.status !== "time-limit" && result.status !== "interrupted") return null;
  const bound = result.bound ?? (result.status === "optimal" ? result.objective : null);
  return bound !== null && Number.isFinite(bound) ? bound : null;
}

/**
 * Tightens the pre-activation bounds layer by layer (thesis 3.2, "improved model"): for layer
 * k >= 2 and each unit j, the model of layers 1..k-1 (with the already tightened bounds; the
 * other units of layer k and all later layers removed) is solved twice, maximising and minimising
 * w_j^T x^{k-1} + b_j. With `relax` the binaries are relaxed (the `lp` method). Layer 1 keeps the
 * interval bounds, which are exact over a box. A unit whose interval bound (from the tightened
 * previous layer) already proves it stable skips the solver when `skipStable` is set. A solve that
 * fails keeps the interval bound ("fallback"); each side is the tighter of the two sound bounds.
 */
export async function tightenLayers(
  net: Pick<Network, "inputSize" | "layers">,
  first: LayerBounds,
  options: TightenOptions,
): Promise<LayerBoundsRecord[]> {
  const started = Date.now();
  const total = net.layers.reduce((n, l) => n + l.bias.length, 0);
  let done = 0;
  const report = (layer: number, neuron: number): void => {
    done++;
    options.onProgress?.({ layer, neuron, done, total, seconds: (Date.now() - started) / 1000 });
  };
  const out: LayerBoundsRecord[] = [
    { ...first, seconds: first.lower.map(() => 0), source: first.lower.map((): NeuronBoundSource => "interval") },
  ];
  for (let j = 0; j < first.lower.length; j++) report(1, j);
  for (let k = 2; k <= net.layers.length; k++) {
    const layer = net.layers[k - 1];
    const cheap = intervalLayer(layer, activationBounds(net.layers[k - 2], out[k - 2]));
    const b = new ModelBuilder(`bounds_layer${k}`);
    const enc = encodeNetwork(b, net, out, {
      upToLayer: k - 1,
      relax: options.relax,
      inputDomain: options.inputDomain,
      eliminateStable: true,
    });
    const base = b.build();
    // The LP relaxation of the same layers: a sound fallback when a MILP solve proves nothing
    // better within its time limit (built on first use; the z variables are the same columns).
    let relaxed: Model | null = null;
    const relaxedBase = (): Model => {
      if (relaxed === null) relaxed = { ...base, variables: base.variables.map((v) => (v.type === "binary" ? { ...v, type: "continuous" as const } : v)) };
      return relaxed;
    };
    const lower = cheap.lower.slice();
    const upper = cheap.upper.slice();
    const seconds: number[] = [];
    const source: NeuronBoundSource[] = [];
    for (let j = 0; j < layer.bias.length; j++) {
      const t0 = Date.now();
      if (options.skipStable && (cheap.upper[j] <= 0 || cheap.lower[j] >= 0)) {
        seconds.push(0);
        source.push("interval");
        report(k, j);
        continue;
      }
      const { terms, constant } = preActivation(layer, enc.x[k - 1], j);
      let src: NeuronBoundSource = "optimal";
      for (const sense of ["maximize", "minimize"] as const) {
        options.signal?.throwIfAborted();
        const model: Model = { ...base, name: `bounds_${k}_${j}_${sense}`, objective: { sense, terms: terms.map(([v, coef]) => ({ v, coef })), offset: 0 } };
        const result = await options.solver.solve(model, { timeLimit: options.timeLimitPerBound, quiet: true, signal: options.signal });
        let bound = provenBound(result);
        if (result.status !== "optimal" && !options.relax) {
          // MILP stopped early: its dual bound may be weaker than the LP relaxation's (or missing).
          const lp = await options.solver.solve({ ...relaxedBase(), objective: model.objective, name: `${model.name}_lp` }, { timeLimit: 60, quiet: true, signal: options.signal });
          const lpBound = provenBound(lp);
          if (lpBound !== null && lp.status === "optimal") {
            bound = bound === null ? lpBound : sense === "maximize" ? Math.min(bound, lpBound) : Math.max(bound, lpBound);
          }
        }
        if (bound === null) {
          src = "fallback";
          continue;
        }
        if (result.status !== "optimal" && src === "optimal") src = "dual-bound";
        if (sense === "maximize") upper[j] = Math.min(upper[j], padBound(bound + constant, "upper"));
        else lower[j] = Math.max(lower[j], padBound(bound + constant, "lower"));
      }
      if (lower[j] > upper[j]) {
        // Only possible through solver tolerances on a (near-)constant unit: keep the interval bounds.
        lower[j] = cheap.lower[j];
        upper[j] = cheap.upper[j];
        src = "fallback";
      }
      seconds.push((Date.now() - t0) / 1000);
      source.push(src);
      report(k, j);
    }
    out.push({ lower, upper, seconds, source });
  }
  return out;
}
