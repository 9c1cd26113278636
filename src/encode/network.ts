import type { ForwardTrace } from "../dnn/forward";
import type { Network } from "../dnn/network";
import type { ModelBuilder, VarRef } from "../milp/model";
import { domainArrays, domainContains, UNIT_DOMAIN, type InputDomain, type LayerBounds, type NetworkBounds } from "../bounds/types";
import { checkBoundsNetwork } from "../bounds/fingerprint";
import { encoderFor } from "./registry";
import type { LayerVars } from "./types";

/** Options of {@link encodeNetwork}. */
export interface EncodeNetworkOptions {
  /**
   * Existing variables to use as x^0 (e.g. p_j x̄_j + q_j expressions already modelled); default:
   * new ones. Each must have bounds inside the input domain (else an error naming it).
   */
  readonly inputVars?: readonly VarRef[];
  /**
   * Domain (7e) of new input variables x^0 (default: the domain of `bounds` when it is a
   * NetworkBounds, else [0, 1]). Must lie inside the domain the bounds were computed for.
   */
  readonly inputDomain?: InputDomain;
  /** Drop the binary of neurons the bounds prove stable (default true; false = the thesis model). */
  readonly eliminateStable?: boolean;
  /** LP relaxation: z in [0, 1] instead of {0, 1} (default false). */
  readonly relax?: boolean;
  /** Encode layers 1..`upToLayer` only (default: all K layers). */
  readonly upToLayer?: number;
  /** Prefix for variable and row names (default ""). */
  readonly prefix?: string;
}

/** The variables of an encoded network: `x[k]`, `s[k]`, `z[k]` for k = 0..K (s[0], z[0] all null). */
export interface EncodedNetwork {
  readonly x: readonly (readonly VarRef[])[];
  readonly s: readonly (readonly (VarRef | null)[])[];
  readonly z: readonly (readonly (VarRef | null)[])[];
  /** The pre-activation bounds used, `bounds[k-1]` for layer k. */
  readonly bounds: readonly LayerBounds[];
  /** Number of z variables (ReLU neurons not eliminated as stable): binaries, or continuous in [0, 1] under `relax`. */
  readonly binaries: number;
  /** Per layer k = 1..K (`stable[k-1]`): units eliminated as stable-active / stable-inactive. */
  readonly stable: readonly { readonly active: number; readonly inactive: number }[];
}

/**
 * Encodes a network as (7b)-(7i): the input variables x^0 with their domain (7e), then every
 * layer k = 1..K with the encoder of its activation (see `LAYER_ENCODERS`). The returned
 * variables let a caller add constraints on any neuron and set the objective (7a).
 * @param bounds - pre-activation bounds per layer (a NetworkBounds or `layers[k-1]` arrays)
 */
export function encodeNetwork(
  b: ModelBuilder,
  net: Pick<Network, "inputSize" | "layers">,
  bounds: NetworkBounds | readonly LayerBounds[],
  options: EncodeNetworkOptions = {},
): EncodedNetwork {
  const layerBounds: readonly LayerBounds[] = "layers" in bounds ? bounds.layers : bounds;
  const upTo = options.upToLayer ?? net.layers.length;
  if (!Number.isInteger(upTo) || upTo < 0 || upTo > net.layers.length) {
    throw new Error(`upToLayer must be an integer in 0..${net.layers.length}, got ${upTo}`);
  }
  if (layerBounds.length < upTo) {
    throw new Error(`bounds cover ${layerBounds.length} layers, ${upTo} are encoded`);
  }
  const prefix = options.prefix ?? "";
  const eliminateStable = options.eliminateStable ?? true;
  const relax = options.relax ?? false;
  const domain = options.inputDomain ?? ("layers" in bounds ? bounds.inputDomain : UNIT_DOMAIN);
  if ("layers" in bounds) checkBoundsNetwork(bounds, { name: "being encoded", ...net });
  if ("layers" in bounds && !domainContains(bounds.inputDomain, domain, net.inputSize)) {
    throw new Error(`inputDomain lies outside the domain the ${bounds.method} bounds of ${bounds.network} were computed for`);
  }
  let inputs: readonly VarRef[];
  if (options.inputVars !== undefined) {
    if (options.inputVars.length !== net.inputSize) {
      throw new Error(`inputVars has ${options.inputVars.length} variables, the network has ${net.inputSize} inputs`);
    }
    // The bounds hold for inputs in `domain` only: an input variable that may leave it would make
    // the big-M rows (7c)-(7d) invalid, so its own bounds must lie inside the domain.
    const d = domainArrays(domain, net.inputSize);
    options.inputVars.forEach((v, i) => {
      const { name, lb, ub } = b.variable(v, "inputVars");
      if (!(lb >= d.lower[i] - 1e-12 && ub <= d.upper[i] + 1e-12)) {
        throw new Error(`inputVars[${i}] (${name}) has bounds [${lb}, ${ub}] outside the input domain [${d.lower[i]}, ${d.upper[i]}] of the bounds`);
      }
    });
    inputs = options.inputVars;
  } else {
    const d = domainArrays(domain, net.inputSize);
    inputs = Array.from(d.lower, (lb, i) => b.addVariable(`${prefix}x[0][${i}]`, { lb, ub: d.upper[i] })); // (7e), (7h)
  }
  const x: (readonly VarRef[])[] = [inputs];
  const s: (readonly (VarRef | null)[])[] = [inputs.map(() => null)];
  const z: (readonly (VarRef | null)[])[] = [inputs.map(() => null)];
  const stable: { active: number; inactive: number }[] = [];
  let binaries = 0;
  for (let k = 1; k <= upTo; k++) {
    const layer = net.layers[k - 1];
    const vars: LayerVars = encoderFor(layer.activation, k)(b, layer, k, x[k - 1], layerBounds[k - 1], {
      eliminateStable,
      relax,
      prefix,
    });
    x.push(vars.x);
    s.push(vars.s);
    z.push(vars.z);
    let active = 0;
    let inactive = 0;
    if (layer.activation === "relu") {
      vars.z.forEach((zj, j) => {
        if (zj !== null) binaries++;
        else if (layerBounds[k - 1].upper[j] <= 0) inactive++;
        else active++;
      });
    }
    stable.push({ active, inactive });
  }
  return { x, s, z, bounds: layerBounds.slice(0, upTo), binaries, stable };
}

/**
 * Writes the values the float64 forward pass gives every variable of an encoded network into
 * `values` (indexed by VarRef): x^0 = input, x^k = activations, s^k = max(0, -pre-activation),
 * z^k = 1 when the pre-activation is negative. Used for MIP starts and to check the encoding.
 */
export function forwardAssignment(encoded: EncodedNetwork, input: ArrayLike<number>, trace: ForwardTrace, values: Float64Array): void {
  encoded.x[0].forEach((v, i) => (values[v] = input[i]));
  for (let k = 1; k < encoded.x.length; k++) {
    const pre = trace.preActivations[k - 1];
    const act = trace.activations[k - 1];
    encoded.x[k].forEach((v, j) => (values[v] = act[j]));
    encoded.s[k].forEach((v, j) => {
      if (v !== null) values[v] = Math.max(0, -pre[j]);
    });
    encoded.z[k].forEach((v, j) => {
      if (v !== null) values[v] = pre[j] < 0 ? 1 : 0;
    });
  }
}
