import type { VarRef } from "../milp/model";
import { checkLayerBounds, preActivation, type LayerEncoder } from "./types";

/**
 * ReLU layer k, big-M formulation (7b)-(7g), (7i) for every unit j with pre-activation bounds
 * lower <= w_j^T x^{k-1} + b_j <= upper, M+ = max(0, upper), M- = max(0, -lower):
 *
 *   (7b) Σ_i w_ij x^{k-1}_i + b_j = x^k_j - s^k_j
 *   (7c) x^k_j <= M+ (1 - z^k_j)
 *   (7d) s^k_j <= M- z^k_j
 *   (7e)-(7g) 0 <= x^k_j <= M+, 0 <= s^k_j <= M-
 *   (7i) z^k_j in {0, 1}   (0 <= z^k_j <= 1 when `relax`)
 *
 * Rows are named `pre[k][j]` (7b), `xz[k][j]` (7c), `sz[k][j]` (7d). With `eliminateStable`, a unit
 * with lower >= 0 becomes x^k_j = w_j^T x^{k-1} + b_j with max(0, lower) <= x^k_j <= upper (row
 * `pre[k][j]`, no s, no z) and a unit with upper <= 0 becomes x^k_j = 0 (no row, no s, no z).
 */
export const encodeReluLayer: LayerEncoder = (b, layer, k, inputs, bounds, options) => {
  checkLayerBounds(layer, k, bounds);
  const p = options.prefix;
  const units = layer.bias.length;
  const x: VarRef[] = [];
  const s: (VarRef | null)[] = [];
  const z: (VarRef | null)[] = [];
  for (let j = 0; j < units; j++) {
    const lower = bounds.lower[j];
    const upper = bounds.upper[j];
    const mPlus = Math.max(0, upper);
    const mMinus = Math.max(0, -lower);
    const name = `[${k}][${j}]`;
    const { terms, constant } = preActivation(layer, inputs, j);
    if (options.eliminateStable && upper <= 0) {
      x.push(b.addVariable(`${p}x${name}`, { lb: 0, ub: 0 }));
      s.push(null);
      z.push(null);
      continue;
    }
    if (options.eliminateStable && lower >= 0) {
      const xj = b.addVariable(`${p}x${name}`, { lb: Math.max(0, lower), ub: upper });
      b.addEq(`${p}pre${name}`, [...terms, [xj, -1]], -constant);
      x.push(xj);
      s.push(null);
      z.push(null);
      continue;
    }
    const xj = b.addVariable(`${p}x${name}`, { lb: 0, ub: mPlus });
    const sj = b.addVariable(`${p}s${name}`, { lb: 0, ub: mMinus });
    const zj = b.addVariable(`${p}z${name}`, options.relax ? { lb: 0, ub: 1 } : { type: "binary" });
    b.addEq(`${p}pre${name}`, [...terms, [xj, -1], [sj, 1]], -constant); // (7b)
    b.addLe(`${p}xz${name}`, [[xj, 1], [zj, mPlus]], mPlus); // (7c)
    b.addLe(`${p}sz${name}`, [[sj, 1], [zj, -mMinus]], 0); // (7d)
    x.push(xj);
    s.push(sj);
    z.push(zj);
  }
  return { x, s, z };
};
