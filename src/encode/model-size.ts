import type { Network } from "../dnn/network";
import type { LayerBounds, NetworkBounds } from "../bounds/types";
import { ModelBuilder } from "../milp/model";
import { encodeNetwork } from "./network";

/** Size of the MILP (7b)-(7i) of a network: what a solver has to deal with. */
export interface EncodedModelSize {
  /** Variables x^k_j, s^k_j, z^k_j (k = 0..K), the input pixels x^0 included. */
  readonly variables: number;
  /** Binary variables z^k_j (7i): one per ReLU neuron not proven stable. */
  readonly binaries: number;
  /** Linear rows (7b)-(7d). */
  readonly rows: number;
  /** Non-zero coefficients over all rows. */
  readonly nonzeros: number;
  /** ReLU neurons the bounds prove stable-active (lower >= 0) and stable-inactive (upper <= 0), all layers. */
  readonly stableActive: number;
  readonly stableInactive: number;
}

/**
 * Encodes `net` with `bounds` into a fresh model and counts its variables, binaries, rows and
 * non-zeros, with or without the stable-neuron elimination of `encodeNetwork` (false = the
 * thesis model, every ReLU neuron with x, s, z and (7b)-(7d)). Nothing is solved.
 */
export function encodedModelSize(
  net: Pick<Network, "inputSize" | "layers">,
  bounds: NetworkBounds | readonly LayerBounds[],
  eliminateStable: boolean,
): EncodedModelSize {
  const b = new ModelBuilder("size");
  const enc = encodeNetwork(b, net, bounds, { eliminateStable });
  const model = b.build();
  const stable = enc.stable.reduce((sum, s) => ({ active: sum.active + s.active, inactive: sum.inactive + s.inactive }), { active: 0, inactive: 0 });
  return {
    variables: model.variables.length,
    binaries: model.variables.filter((v) => v.type === "binary").length,
    rows: model.rows.length,
    nonzeros: model.rows.reduce((n, r) => n + r.terms.length, 0),
    stableActive: stable.active,
    stableInactive: stable.inactive,
  };
}
