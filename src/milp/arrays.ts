import type { Model } from "./model";

/**
 * A {@link Model} as dense column arrays and a compressed-sparse-row matrix: the layout every
 * solver adapter (and the scipy cross-check) wants. Duplicate terms on the same variable in one
 * row (or in the objective) are summed; terms that sum to exactly 0 are dropped.
 */
export interface ModelArrays {
  readonly numCols: number;
  readonly numRows: number;
  /** +1 to minimise, −1 to maximise. */
  readonly senseSign: 1 | -1;
  readonly offset: number;
  /** Objective coefficient per column (summed duplicates). */
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  /** 1 for binary/integer columns, 0 for continuous. */
  readonly integrality: Int32Array;
  readonly isMip: boolean;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** CSR: row r holds entries `starts[r] .. starts[r+1]-1`. */
  readonly starts: Int32Array;
  /** CSR column index per entry. */
  readonly indices: Int32Array;
  /** CSR coefficient per entry. */
  readonly values: Float64Array;
}

/** Converts a model to {@link ModelArrays}; throws naming the row/variable on NaN or a bad index. */
export function modelToArrays(model: Model): ModelArrays {
  const numCols = model.variables.length;
  const numRows = model.rows.length;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const integrality = new Int32Array(numCols);
  let isMip = false;
  model.variables.forEach((v, j) => {
    if (Number.isNaN(v.lb) || Number.isNaN(v.ub)) throw new Error(`variable "${v.name}": bound is NaN`);
    colLower[j] = v.lb;
    colUpper[j] = v.ub;
    if (v.type !== "continuous") {
      integrality[j] = 1;
      isMip = true;
    }
  });
  for (const t of model.objective.terms) {
    checkIndex(t.v, numCols, "objective");
    if (!Number.isFinite(t.coef)) throw new Error(`objective: coefficient ${t.coef} on variable ${t.v} is not finite`);
    colCost[t.v] += t.coef;
  }
  if (!Number.isFinite(model.objective.offset)) throw new Error(`objective: offset ${model.objective.offset} is not finite`);

  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  const starts = new Int32Array(numRows + 1);
  const idx: number[] = [];
  const val: number[] = [];
  const seen = new Map<number, number>();
  model.rows.forEach((row, r) => {
    if (Number.isNaN(row.lb) || Number.isNaN(row.ub)) throw new Error(`row "${row.name}": bound is NaN`);
    rowLower[r] = row.lb;
    rowUpper[r] = row.ub;
    seen.clear();
    const begin = idx.length;
    for (const t of row.terms) {
      checkIndex(t.v, numCols, `row "${row.name}"`);
      if (!Number.isFinite(t.coef)) throw new Error(`row "${row.name}": coefficient ${t.coef} is not finite`);
      const at = seen.get(t.v);
      if (at === undefined) {
        seen.set(t.v, idx.length);
        idx.push(t.v);
        val.push(t.coef);
      } else {
        val[at] += t.coef;
      }
    }
    // Drop entries whose duplicates cancelled exactly.
    let w = begin;
    for (let k = begin; k < idx.length; k++) {
      if (val[k] !== 0) {
        idx[w] = idx[k];
        val[w] = val[k];
        w++;
      }
    }
    idx.length = w;
    val.length = w;
    starts[r + 1] = w;
  });
  return {
    numCols,
    numRows,
    senseSign: model.objective.sense === "maximize" ? -1 : 1,
    offset: model.objective.offset,
    colCost,
    colLower,
    colUpper,
    integrality,
    isMip,
    rowLower,
    rowUpper,
    starts,
    indices: Int32Array.from(idx),
    values: Float64Array.from(val),
  };
}

function checkIndex(v: number, numCols: number, where: string): void {
  if (!Number.isInteger(v) || v < 0 || v >= numCols) {
    throw new Error(`${where}: variable index ${v} is outside 0..${numCols - 1}`);
  }
}
