import { modelToArrays } from "./arrays";
import type { Model } from "./model";

/**
 * Our own CPLEX-LP writer, independent of HiGHS (for debugging and for cross-checking a model
 * with another solver such as CBC). Deterministic: the same model always gives the same text.
 *
 * - Numbers are written as the shortest decimal that round-trips to the same float64.
 * - Names are made LP-safe: characters outside `[A-Za-z0-9_.]` become `_` (so `x[3]` → `x_3_`),
 *   a leading digit, `.` or exponent-like `e12` gets a `_` prefix, and clashes get a `~k` suffix
 *   ({@link lpNames} returns the mapping).
 * - A ranged row `lb <= a·x <= ub` (finite, lb < ub) is written as two rows `name_lo: a·x >= lb`
 *   and `name_hi: a·x <= ub` (the LP format has no portable range syntax); an equality row as
 *   `= rhs`; a row with no finite side is omitted (it constrains nothing).
 * - Bounds: free variables as `free`, `-inf <= x <= ub`, `lb <= x <= ub`, `x = v` for fixed;
 *   variables that appear in no row and not in the objective are still declared in `Bounds`.
 * - Binary variables with bounds [0, 1] go to `Binaries`; other integer ones to `Generals`.
 * - The objective offset is written as a constant term.
 */
export function writeLp(model: Model): string {
  const a = modelToArrays(model);
  const { cols, rows } = lpNames(model);
  const out: string[] = [];
  out.push(`\\ Model ${model.name}: ${a.numCols} variables, ${a.numRows} rows (written by src/milp/lp-format.ts)`);
  out.push(a.senseSign === -1 ? "Maximize" : "Minimize");

  const used = new Uint8Array(a.numCols);
  const objTerms: string[] = [];
  for (let j = 0; j < a.numCols; j++) {
    if (a.colCost[j] !== 0) {
      objTerms.push(term(a.colCost[j], cols[j]));
      used[j] = 1;
    }
  }
  if (objTerms.length === 0 && a.numCols > 0) objTerms.push(term(0, cols[0]));
  if (a.offset !== 0) objTerms.push(a.offset < 0 ? `- ${num(-a.offset)}` : `+ ${num(a.offset)}`);
  out.push(...wrap(" obj:", objTerms));

  out.push("Subject To");
  for (let r = 0; r < a.numRows; r++) {
    const terms: string[] = [];
    for (let k = a.starts[r]; k < a.starts[r + 1]; k++) {
      terms.push(term(a.values[k], cols[a.indices[k]]));
      used[a.indices[k]] = 1;
    }
    if (terms.length === 0) {
      if (a.numCols === 0) continue;
      terms.push(term(0, cols[0]));
    }
    const lb = a.rowLower[r];
    const ub = a.rowUpper[r];
    const hasLb = lb > -Infinity;
    const hasUb = ub < Infinity;
    if (hasLb && hasUb && lb === ub) out.push(...wrap(` ${rows[r]}:`, terms, `= ${num(ub)}`));
    else if (hasLb && hasUb) {
      out.push(...wrap(` ${rows[r]}_lo:`, terms, `>= ${num(lb)}`));
      out.push(...wrap(` ${rows[r]}_hi:`, terms, `<= ${num(ub)}`));
    } else if (hasLb) out.push(...wrap(` ${rows[r]}:`, terms, `>= ${num(lb)}`));
    else if (hasUb) out.push(...wrap(` ${rows[r]}:`, terms, `<= ${num(ub)}`));
    else out.push(`\\ row ${rows[r]} has no finite side and is omitted`);
  }

  out.push("Bounds");
  const binaries: string[] = [];
  const generals: string[] = [];
  for (let j = 0; j < a.numCols; j++) {
    const lb = a.colLower[j];
    const ub = a.colUpper[j];
    const name = cols[j];
    const isInt = a.integrality[j] === 1;
    if (isInt && lb === 0 && ub === 1) {
      binaries.push(name);
      continue;
    }
    if (isInt) generals.push(name);
    if (lb === -Infinity && ub === Infinity) out.push(` ${name} free`);
    else if (lb === ub) out.push(` ${name} = ${num(lb)}`);
    else if (ub < Infinity) out.push(` ${lb === -Infinity ? "-inf" : num(lb)} <= ${name} <= ${num(ub)}`);
    else if (lb !== 0 || used[j] === 0) out.push(` ${name} >= ${num(lb)}`);
  }
  if (binaries.length > 0) out.push("Binaries", ...wrap("", binaries));
  if (generals.length > 0) out.push("Generals", ...wrap("", generals));
  out.push("End", "");
  return out.join("\n");
}

/**
 * The LP-safe names {@link writeLp} uses for the model's variables (`cols[j]`) and rows (`rows[i]`;
 * a ranged row is written as `${rows[i]}_lo` and `${rows[i]}_hi`).
 */
export function lpNames(model: Model): { cols: string[]; rows: string[] } {
  const taken = new Set<string>();
  const unique = (raw: string, fallback: string, suffixes: readonly string[]): string => {
    let s = raw.replace(/[^A-Za-z0-9_.]/g, "_");
    if (s === "") s = fallback;
    if (/^[0-9.]/.test(s) || /^[eE][0-9+-]/.test(s)) s = `_${s}`;
    const free = (n: string): boolean => suffixes.every((x) => !taken.has(n + x));
    let name = s;
    for (let k = 1; !free(name); k++) name = `${s}~${k}`;
    for (const x of suffixes) taken.add(name + x);
    return name;
  };
  const cols = model.variables.map((v, j) => unique(v.name, `x${j}`, [""]));
  // A row reserves its split names too, so `${row}_lo` / `${row}_hi` never clash with another row.
  const rows = model.rows.map((r, i) => unique(r.name, `r${i}`, ["", "_lo", "_hi"]));
  return { cols, rows };
}

/** Shortest round-trip decimal; never "Infinity" (callers handle infinities). */
function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`lp-format: cannot write ${x} as a number`);
  return String(x);
}

function term(coef: number, name: string): string {
  return coef < 0 ? `- ${num(-coef)} ${name}` : `+ ${num(coef)} ${name}`;
}

/** Joins terms into lines of at most ~8 terms (LP readers limit line length). */
function wrap(head: string, terms: readonly string[], tail?: string): string[] {
  const lines: string[] = [];
  const per = 8;
  for (let i = 0; i < terms.length; i += per) {
    const chunk = terms.slice(i, i + per).join(" ");
    lines.push(i === 0 ? (head === "" ? ` ${chunk}` : `${head} ${chunk}`) : `   ${chunk}`);
  }
  if (lines.length === 0) lines.push(head);
  if (tail !== undefined) lines[lines.length - 1] += ` ${tail}`;
  return lines;
}
