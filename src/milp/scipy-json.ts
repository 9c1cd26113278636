import { modelToArrays } from "./arrays";
import type { Model } from "./model";

/**
 * A {@link Model} as the JSON `scripts/native_highs.py` reads (`npm run bench:native`): the very
 * CSR arrays HiGHS-wasm gets from {@link modelToArrays}, so that both time the same model;
 * infinities written as null. (The tests' independent cross-check uses another format, built from
 * the Model's term lists: `test/tools/independent-solver.ts`.)
 */
export function modelToArraysJson(model: Model, options: { timeLimit?: number; relativeGap?: number } = {}): string {
  const a = modelToArrays(model);
  const fin = (xs: Float64Array): (number | null)[] => Array.from(xs, (x) => (Number.isFinite(x) ? x : null));
  return JSON.stringify({
    sense: a.senseSign,
    offset: a.offset,
    colCost: Array.from(a.colCost),
    colLower: fin(a.colLower),
    colUpper: fin(a.colUpper),
    integrality: Array.from(a.integrality),
    rowLower: fin(a.rowLower),
    rowUpper: fin(a.rowUpper),
    starts: Array.from(a.starts),
    indices: Array.from(a.indices),
    values: Array.from(a.values),
    timeLimit: options.timeLimit ?? 120,
    mipRelGap: options.relativeGap ?? 0,
  });
}
