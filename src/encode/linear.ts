import type { VarRef } from "../milp/model";
import { checkLayerBounds, preActivation, type LayerEncoder } from "./types";

/**
 * Linear (identity-activation) layer k: for every unit j,
 *
 *   x^k_j = Σ_i w_ij x^{k-1}_i + b_j,   lower <= x^k_j <= upper
 *
 * (row `pre[k][j]`; x^k_j is free in sign, no s, no z).
 */
export const encodeLinearLayer: LayerEncoder = (b, layer, k, inputs, bounds, options) => {
  checkLayerBounds(layer, k, bounds);
  const p = options.prefix;
  const x: VarRef[] = [];
  for (let j = 0; j < layer.bias.length; j++) {
    const xj = b.addVariable(`${p}x[${k}][${j}]`, { lb: bounds.lower[j], ub: bounds.upper[j] });
    const { terms, constant } = preActivation(layer, inputs, j);
    b.addEq(`${p}pre[${k}][${j}]`, [...terms, [xj, -1]], -constant);
    x.push(xj);
  }
  return { x, s: x.map(() => null), z: x.map(() => null) };
};
