/**
 * One benchmark result: the adversarial attack of thesis 3.3 (minimise the L1 distance
 * Σ_j d_j of (9), target class t imposed by (8)) on one test image, one network and one
 * bound method, as in thesis 4.2, Tables 2 and 3.
 */

/** Thesis table being replicated: 2 = solved to optimality, 3 = stopped at a 1 % relative gap. */
export type BenchTable = 2 | 3;

/** The tables the benchmark knows. */
export const BENCH_TABLES: readonly BenchTable[] = [2, 3];

/**
 * How an instance is solved (`METHOD_PLANS` in methods.ts has each one's settings). The thesis'
 * three models differ only in how the big-M bounds of (7) are obtained:
 * - `base`: interval arithmetic ("Base model"),
 * - `improved`: one MILP per neuron ("Improved model", thesis 3.2),
 * - `weak`: the same MILPs stopped after 1 s ("Weaker improved model").
 *
 * This project's methods (beyond the thesis) start from an attack's incumbent:
 * - `best`: LP bounds, stable neurons eliminated, the gradient attack's example as MIP start,
 *   bounds over its L1 ball and the cap Σ δ_j ≤ u (src/best/best-attack.ts),
 * - `shrink`: best, then capped solves over shrinking L1 balls (src/best/shrinking-balls.ts),
 * - `region`: shrink with every incumbent improved by region descent (src/attack/region-descent.ts).
 */
export type BenchMethod = "base" | "improved" | "weak" | "best" | "shrink" | "region";

/** The methods, in the thesis' column order. */
export const BENCH_METHODS: readonly BenchMethod[] = ["base", "improved", "weak", "best", "shrink", "region"];

/**
 * Outcome of one attack: "optimal" (proven optimum, or within the relative gap of Table 3),
 * "time-limit", "infeasible" (no adversarial example exists), "interrupted", "unbounded", or
 * "error" (the job crashed, hung or threw; `message` says why).
 */
export type BenchStatus = "optimal" | "time-limit" | "infeasible" | "unbounded" | "interrupted" | "error";

/** Every {@link BenchStatus}. */
export const BENCH_STATUSES: readonly BenchStatus[] = ["optimal", "time-limit", "infeasible", "unbounded", "interrupted", "error"];

/** The identity of a row: at most one row per key in a results file. */
export interface ResultKey {
  readonly table: BenchTable;
  /** Network name, e.g. "dnn1". */
  readonly model: string;
  readonly method: BenchMethod;
  /** Index of the image in the MNIST test set. */
  readonly index: number;
}

/** One line of `results/table2.jsonl` / `results/table3.jsonl`. */
export interface BenchRow extends ResultKey {
  /** True digit d of the image. */
  readonly label: number;
  /** Target class t = (d + 5) mod 10. */
  readonly target: number;
  readonly status: BenchStatus;
  /** L1 distance Σ_j d_j of the best adversarial example found, or null. */
  readonly l1: number | null;
  /** Proven lower bound on the optimal L1 distance, or null. */
  readonly bound: number | null;
  /** Relative gap (l1 − bound) / l1 reported by the solver, or null without a solution. */
  readonly gap: number | null;
  /** Branch-and-bound nodes. */
  readonly nodes: number;
  /**
   * Seconds of the attack, the presolve's bounds excluded: the MILP solve for base, improved and
   * weak (as the thesis reports CPLEX's time); for best, the wall-clock of the gradient attack,
   * descent and ball bounds plus the solve; for shrink and region, the wall-clock of the whole
   * call, every round's bounds, solves and descents included.
   */
  readonly seconds: number;
  /** CPU seconds of the worker thread over the whole job (attack + model building), if measured. */
  readonly cpuSeconds?: number;
  /** Seconds spent computing the bounds of this (network, method), the thesis' "Presolve". */
  readonly presolveSeconds: number;
  /**
   * `createdAt` of the bounds file (data/bounds/) the model was built on, naming which
   * computation of the bounds a row used; absent for interval bounds (computed on the fly) and in
   * rows written before 2026-11-26, where `presolveSeconds` tells the computations apart.
   */
  readonly boundsCreatedAt?: string;
  /** The adversarial example x^0 (784 pixels), or null if none was found. */
  readonly adversarial: number[] | null;
  /** x^K of the float64 forward pass of `adversarial`, or null. */
  readonly outputs: number[] | null;
  /**
   * True when the float64 forward pass of `adversarial` satisfies (8) for `target` with the floor,
   * inside the pixel domain (`verifyAdversarial`); null without an example.
   */
  readonly verified: boolean | null;
  /** Per-image time limit in seconds. */
  readonly timeLimit: number;
  /** Relative gap at which the solver stopped (0 for Table 2, 0.01 for Table 3). */
  readonly relativeGap: number;
  /** Solver name and version, e.g. "highs-js 1.15.3". */
  readonly solver: string;
  /** Number of CPU cores of the machine (os.cpus().length). */
  readonly cores: number;
  /** Detail for "error" rows (and any solver message). */
  readonly message?: string;
  /** 1-minute load average of the machine when the row was written (timings depend on it). */
  readonly loadAverage?: number;
  /** ISO time at which the row was written. */
  readonly finishedAt: string;
}

/** The string that identifies a key, e.g. "2/dnn1/base/17". */
export function keyString(key: ResultKey): string {
  return `${key.table}/${key.model}/${key.method}/${key.index}`;
}

/** The four key fields of a row (or of anything holding them). */
export function keyOf(row: ResultKey): ResultKey {
  return { table: row.table, model: row.model, method: row.method, index: row.index };
}
