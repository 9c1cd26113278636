import { modelToArrays } from "./arrays";
import type { Model } from "./model";

/**
 * Our own free-format MPS writer, independent of HiGHS (its twin `writeLp` is in `lp-format.ts`;
 * HiGHS' own writer is `HighsSolver.exportModel`). Deterministic; names keep their characters
 * except whitespace (→ `_`), clashes get a `~k` suffix ({@link mpsNames}).
 *
 * - Rows: `E` for lb = ub, `L`/`G` for one-sided rows, and a ranged row `lb <= a·x <= ub` as
 *   `G` with rhs lb and RANGES entry ub − lb. Rows with no finite side are omitted.
 * - The objective constant is written as RHS of the objective row with the opposite sign (the
 *   usual convention: objective = c·x − rhs_obj).
 * - Integer columns sit between `'INTORG'`/`'INTEND'` markers and always get explicit bounds
 *   (some readers give unbounded integers an upper bound of 1); binaries with [0, 1] use `BV`.
 * - Bounds: `FR` free, `MI` for −∞ lower, `PL` for +∞ upper of an integer, `FX` for fixed.
 */
export function writeMps(model: Model): string {
  const a = modelToArrays(model);
  const { cols, rows } = mpsNames(model);
  const out: string[] = [];
  out.push(`NAME ${sanitize(model.name) || "model"}`);
  out.push("OBJSENSE", a.senseSign === -1 ? "    MAX" : "    MIN");
  out.push("ROWS", " N  obj");
  const kept: boolean[] = [];
  const typeOf = (r: number): "E" | "L" | "G" | null => {
    const lb = a.rowLower[r];
    const ub = a.rowUpper[r];
    if (lb === ub) return "E";
    if (lb > -Infinity) return "G";
    if (ub < Infinity) return "L";
    return null;
  };
  for (let r = 0; r < a.numRows; r++) {
    const t = typeOf(r);
    kept.push(t !== null);
    if (t !== null) out.push(` ${t}  ${rows[r]}`);
  }

  // Column-wise entries from the CSR matrix.
  const colEntries: [number, number][][] = Array.from({ length: a.numCols }, () => []);
  for (let r = 0; r < a.numRows; r++) {
    if (!kept[r]) continue;
    for (let k = a.starts[r]; k < a.starts[r + 1]; k++) colEntries[a.indices[k]].push([r, a.values[k]]);
  }
  out.push("COLUMNS");
  let inInt = false;
  let marker = 0;
  for (let j = 0; j < a.numCols; j++) {
    const isInt = a.integrality[j] === 1;
    if (isInt !== inInt) {
      out.push(`    MARKER${marker++}  'MARKER'  ${isInt ? "'INTORG'" : "'INTEND'"}`);
      inInt = isInt;
    }
    const entries: string[] = [];
    if (a.colCost[j] !== 0) entries.push(`obj ${num(a.colCost[j])}`);
    for (const [r, v] of colEntries[j]) entries.push(`${rows[r]} ${num(v)}`);
    if (entries.length === 0) entries.push(`obj 0`); // declare the column
    for (const e of entries) out.push(`    ${cols[j]}  ${e}`);
  }
  if (inInt) out.push(`    MARKER${marker++}  'MARKER'  'INTEND'`);

  out.push("RHS");
  if (a.offset !== 0) out.push(`    RHS  obj ${num(-a.offset)}`);
  const ranges: string[] = [];
  for (let r = 0; r < a.numRows; r++) {
    const t = typeOf(r);
    if (t === null) continue;
    const rhs = t === "L" ? a.rowUpper[r] : a.rowLower[r];
    if (rhs !== 0) out.push(`    RHS  ${rows[r]} ${num(rhs)}`);
    if (t === "G" && a.rowUpper[r] < Infinity) ranges.push(`    RNG  ${rows[r]} ${num(a.rowUpper[r] - a.rowLower[r])}`);
  }
  if (ranges.length > 0) out.push("RANGES", ...ranges);

  out.push("BOUNDS");
  for (let j = 0; j < a.numCols; j++) {
    const lb = a.colLower[j];
    const ub = a.colUpper[j];
    const c = cols[j];
    const isInt = a.integrality[j] === 1;
    if (isInt && lb === 0 && ub === 1) out.push(` BV BND  ${c}`);
    else if (lb === -Infinity && ub === Infinity) out.push(` FR BND  ${c}`);
    else if (lb === ub) out.push(` FX BND  ${c} ${num(lb)}`);
    else {
      if (lb === -Infinity) out.push(` MI BND  ${c}`);
      else if (lb !== 0 || isInt) out.push(` LO BND  ${c} ${num(lb)}`);
      if (ub < Infinity) out.push(` UP BND  ${c} ${num(ub)}`);
      else if (isInt) out.push(` PL BND  ${c}`);
    }
  }
  out.push("ENDATA", "");
  return out.join("\n");
}

/** The names {@link writeMps} uses for the model's variables and rows (whitespace → `_`, unique). */
export function mpsNames(model: Model): { cols: string[]; rows: string[] } {
  const taken = new Set<string>(["obj", "RHS", "RNG", "BND"]);
  const unique = (raw: string, fallback: string): string => {
    const s = sanitize(raw) || fallback;
    let name = s;
    for (let k = 1; taken.has(name); k++) name = `${s}~${k}`;
    taken.add(name);
    return name;
  };
  const cols = model.variables.map((v, j) => unique(v.name, `x${j}`));
  const rows = model.rows.map((r, i) => unique(r.name, `r${i}`));
  return { cols, rows };
}

function sanitize(name: string): string {
  return name.replace(/\s/g, "_");
}

function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`mps-format: cannot write ${x} as a number`);
  return String(x);
}
