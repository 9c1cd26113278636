import { forward } from "../dnn/forward";
import type { Network } from "../dnn/network";
import { resolveBounds } from "../bounds/resolve";
import { checkBoundsFit } from "../bounds/io";
import { domainArrays, UNIT_DOMAIN, type BoundsMethod, type InputDomain, type NetworkBounds } from "../bounds/types";
import { encodeNetwork } from "../encode/network";
import { ModelBuilder } from "../milp/model";
import { HighsSolver } from "../solver/highs";
import type { MilpSolver, SolveStatus } from "../solver/types";

/** Options of {@link visualizeFeature}. */
export interface VisualizeOptions {
  /** Input domain (7e) (default [0, 1]). */
  readonly inputDomain?: InputDomain;
  /** Bounds, or a method to obtain them (default "interval"). */
  readonly bounds?: NetworkBounds | BoundsMethod;
  /** Drop binaries of stable neurons (default true). */
  readonly eliminateStable?: boolean;
  /** The solver (default: a new HighsSolver). */
  readonly solver?: MilpSolver;
  /** Time limit in seconds (default 300). */
  readonly timeLimit?: number;
  /** Per-bound time limit in seconds when `bounds` is a solver method (default: the method's own). */
  readonly timeLimitPerBound?: number;
  /** Read/write the bounds cache in data/bounds/ when `bounds` is a method name (default true). */
  readonly cacheBounds?: boolean;
  /** Layer k of the neuron to maximise (default K, the output layer, as in Fig 3). */
  readonly layer?: number;
}

/** The result of {@link visualizeFeature}. */
export interface FeatureVisualization {
  readonly status: SolveStatus;
  readonly layer: number;
  /** The neuron j maximised (the digit for the output layer). */
  readonly neuron: number;
  /** The input x^0 found (clipped to the domain), or null. */
  readonly image: Float64Array | null;
  /** Float64 outputs x^K of that input, or null. */
  readonly outputs: number[] | null;
  /** Float64 activation x^k_j of that input (the value maximised), or null. */
  readonly activation: number | null;
  /** Solver objective (incumbent) and proven upper bound. */
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly nodes: number;
  readonly seconds: number;
  /** True when the float64 activation matches the solver objective within 1e-5 · (1 + |objective|). */
  readonly verified: boolean;
  readonly message?: string;
}

/**
 * Feature visualisation (thesis 3.3, Fig 3): the input in the domain that maximises the activation
 * x^k_j of one neuron (by default output neuron j = `digit` of layer K), objective (7a) with
 * c^k_j = 1 and every other cost 0.
 */
export async function visualizeFeature(net: Network, digit: number, options: VisualizeOptions = {}): Promise<FeatureVisualization> {
  const layer = options.layer ?? net.layers.length;
  if (!Number.isInteger(layer) || layer < 1 || layer > net.layers.length) throw new Error(`layer must be in 1..${net.layers.length}, got ${layer}`);
  const units = net.layers[layer - 1].bias.length;
  if (!Number.isInteger(digit) || digit < 0 || digit >= units) throw new Error(`digit must be an integer in 0..${units - 1}, got ${digit}`);
  const solver = options.solver ?? (await HighsSolver.create());
  const inputDomain = options.inputDomain ?? UNIT_DOMAIN;
  const choice = options.bounds ?? "interval";
  let bounds: NetworkBounds;
  if (typeof choice === "string") bounds = (await resolveBounds(net, { method: choice, solver, inputDomain, cache: options.cacheBounds, ...(options.timeLimitPerBound !== undefined ? { timeLimitPerBound: options.timeLimitPerBound } : {}) })).bounds;
  else {
    checkBoundsFit(choice, net);
    bounds = choice;
  }
  const b = new ModelBuilder(`visualize_${net.name}_${layer}_${digit}`);
  const enc = encodeNetwork(b, net, bounds, { inputDomain, eliminateStable: options.eliminateStable ?? true });
  b.setObjective("maximize", [[enc.x[layer][digit], 1]]);
  const result = await solver.solve(b.build(), { timeLimit: options.timeLimit ?? 300, quiet: true });
  const { lower, upper } = domainArrays(inputDomain, net.inputSize);
  const image = result.values === null ? null : Float64Array.from(enc.x[0], (v, i) => Math.min(upper[i], Math.max(lower[i], result.values![v])));
  const trace = image === null ? null : forward(net, image);
  const activation = trace === null ? null : trace.activations[layer - 1][digit];
  const verified = activation !== null && result.objective !== null && Math.abs(activation - result.objective) <= 1e-5 * (1 + Math.abs(result.objective));
  return {
    status: result.status,
    layer,
    neuron: digit,
    image,
    outputs: trace === null ? null : Array.from(trace.output),
    activation,
    objective: result.objective,
    bound: result.bound,
    gap: result.gap,
    nodes: result.nodes,
    seconds: result.seconds,
    verified,
    ...(result.message !== undefined ? { message: result.message } : {}),
  };
}
