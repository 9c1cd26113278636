/**
 * A solver-neutral MILP: variables with bounds and type, sparse linear rows `lb <= a·x <= ub`,
 * and a linear objective with a sense. Plain readonly data (in the spirit of YALPS), built with
 * {@link ModelBuilder}; exactly one adapter (`src/solver/highs.ts`) turns it into a solver model.
 */

/** Variable domain. */
export type VarType = "continuous" | "binary" | "integer";

/** Index of a variable in {@link Model.variables}; branded so it is not mixed up with data. */
export type VarRef = number & { readonly __varRef: unique symbol };

/** One variable: `lb <= x <= ub` (either may be infinite), of the given type. */
export interface Variable {
  readonly name: string;
  readonly lb: number;
  readonly ub: number;
  readonly type: VarType;
}

/** A sparse linear term: coefficient `coef` on variable `v`. */
export interface Term {
  readonly v: VarRef;
  readonly coef: number;
}

/** A linear row `lb <= Σ coef·x_v <= ub`; use ±Infinity for a one-sided row, lb = ub for equality. */
export interface Row {
  readonly name: string;
  readonly terms: readonly Term[];
  readonly lb: number;
  readonly ub: number;
}

/** Objective direction. */
export type Sense = "minimize" | "maximize";

/** The linear objective `Σ coef·x_v + offset`. */
export interface Objective {
  readonly sense: Sense;
  readonly terms: readonly Term[];
  readonly offset: number;
}

/** A complete model, ready for a solver or for LP/MPS export. */
export interface Model {
  readonly name: string;
  readonly variables: readonly Variable[];
  readonly rows: readonly Row[];
  readonly objective: Objective;
}

/** Bounds and type of a new variable; defaults: continuous, lb 0, ub +Infinity. */
export interface VariableSpec {
  readonly lb?: number;
  readonly ub?: number;
  readonly type?: VarType;
}

/** A linear expression given as terms, or as pairs `[variable, coefficient]`. */
export type LinearExpr = readonly Term[] | readonly (readonly [VarRef, number])[];

function toTerms(expr: LinearExpr, where: string): Term[] {
  const out: Term[] = [];
  for (const t of expr) {
    const term: Term = Array.isArray(t) ? { v: (t as readonly [VarRef, number])[0], coef: (t as readonly [VarRef, number])[1] } : (t as Term);
    if (!Number.isFinite(term.coef)) throw new Error(`${where}: coefficient ${term.coef} on variable ${term.v} is not finite`);
    if (term.coef !== 0) out.push(term);
  }
  return out;
}

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.\[\]]*$/;

/**
 * Builds a {@link Model} step by step. Names must be unique per kind and LP-safe
 * (letters, digits, `_`, `.`, `[`, `]`, not starting with a digit).
 */
export class ModelBuilder {
  private readonly vars: Variable[] = [];
  private readonly rows: Row[] = [];
  private readonly varNames = new Set<string>();
  private readonly rowNames = new Set<string>();
  private objective: Objective = { sense: "minimize", terms: [], offset: 0 };

  constructor(readonly name = "model") {}

  /** Number of variables added so far. */
  get variableCount(): number {
    return this.vars.length;
  }

  /** Number of rows added so far. */
  get rowCount(): number {
    return this.rows.length;
  }

  /** Adds one variable and returns its reference. */
  addVariable(name: string, spec: VariableSpec = {}): VarRef {
    const type = spec.type ?? "continuous";
    let lb = spec.lb ?? 0;
    let ub = spec.ub ?? Infinity;
    if (type === "binary") {
      lb = Math.max(lb, 0);
      ub = Math.min(ub, 1);
    }
    if (!NAME_PATTERN.test(name)) throw new Error(`variable name "${name}" is not LP-safe`);
    if (this.varNames.has(name)) throw new Error(`variable "${name}" already exists`);
    if (Number.isNaN(lb) || Number.isNaN(ub)) throw new Error(`variable "${name}": bound is NaN`);
    if (lb > ub) throw new Error(`variable "${name}": lower bound ${lb} exceeds upper bound ${ub}`);
    this.varNames.add(name);
    this.vars.push({ name, lb, ub, type });
    return (this.vars.length - 1) as VarRef;
  }

  /** Adds `count` variables named `${prefix}[i]` (i from 0) with the same spec. */
  addVariables(prefix: string, count: number, spec: VariableSpec = {}): VarRef[] {
    const out: VarRef[] = [];
    for (let i = 0; i < count; i++) out.push(this.addVariable(`${prefix}[${i}]`, spec));
    return out;
  }

  /** The variable behind a reference; `where` (e.g. a row's name) goes into the error. */
  variable(v: VarRef, where?: string): Variable {
    const found = this.vars[v];
    if (found === undefined) throw new Error(`${where === undefined ? "" : `${where}: `}unknown variable reference ${v}`);
    return found;
  }

  /** Tightens or relaxes the bounds of an existing variable. */
  setBounds(v: VarRef, lb: number, ub: number): void {
    const old = this.variable(v);
    if (lb > ub) throw new Error(`variable "${old.name}": lower bound ${lb} exceeds upper bound ${ub}`);
    this.vars[v] = { ...old, lb, ub };
  }

  /** Index of the row named `name` (e.g. `cond8[3]`, `xz[2][5]`); throws naming it when there is none. */
  rowIndex(name: string): number {
    const i = this.rows.findIndex((r) => r.name === name);
    if (i < 0) throw new Error(`no row "${name}" in model "${this.name}"`);
    return i;
  }

  /**
   * Changes the bounds of an existing row (by index or name), e.g. to relax it (`-Infinity`,
   * `Infinity`) and see what it was worth. In a model that a toolkit function re-checks (the
   * adversarial example's (8), the perturbation's margins), relaxing its rows makes its answers
   * fail that check.
   */
  setRowBounds(row: number | string, lb: number, ub: number): void {
    const i = typeof row === "string" ? this.rowIndex(row) : row;
    const old = this.rows[i];
    if (old === undefined) throw new Error(`no row ${row} in model "${this.name}" (${this.rows.length} rows)`);
    if (Number.isNaN(lb) || Number.isNaN(ub)) throw new Error(`row "${old.name}": bound is NaN`);
    if (lb > ub) throw new Error(`row "${old.name}": lower bound ${lb} exceeds upper bound ${ub}`);
    this.rows[i] = { ...old, lb, ub };
  }

  /** Adds the row `lb <= expr <= ub`. */
  addRow(name: string, expr: LinearExpr, lb: number, ub: number): number {
    if (!NAME_PATTERN.test(name)) throw new Error(`row name "${name}" is not LP-safe`);
    if (this.rowNames.has(name)) throw new Error(`row "${name}" already exists`);
    if (Number.isNaN(lb) || Number.isNaN(ub)) throw new Error(`row "${name}": bound is NaN`);
    if (lb > ub) throw new Error(`row "${name}": lower bound ${lb} exceeds upper bound ${ub}`);
    const terms = toTerms(expr, `row "${name}"`);
    for (const t of terms) this.variable(t.v, `row "${name}"`);
    this.rowNames.add(name);
    this.rows.push({ name, terms, lb, ub });
    return this.rows.length - 1;
  }

  /** Adds `expr <= rhs`. */
  addLe(name: string, expr: LinearExpr, rhs: number): number {
    return this.addRow(name, expr, -Infinity, rhs);
  }

  /** Adds `expr >= rhs`. */
  addGe(name: string, expr: LinearExpr, rhs: number): number {
    return this.addRow(name, expr, rhs, Infinity);
  }

  /** Adds `expr = rhs`. */
  addEq(name: string, expr: LinearExpr, rhs: number): number {
    return this.addRow(name, expr, rhs, rhs);
  }

  /** Sets the objective `sense Σ coef·x + offset`. */
  setObjective(sense: Sense, expr: LinearExpr, offset = 0): void {
    const terms = toTerms(expr, "objective");
    for (const t of terms) this.variable(t.v, "objective");
    this.objective = { sense, terms, offset };
  }

  /** A snapshot of the model built so far (later additions do not change it). */
  build(): Model {
    return {
      name: this.name,
      variables: this.vars.slice(),
      rows: this.rows.slice(),
      objective: this.objective,
    };
  }
}
