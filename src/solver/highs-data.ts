import { performance } from "node:perf_hooks";
import type { Highs, HighsCallbackMap, Model as HighsModel, ModelData } from "highs";
import type { ModelArrays } from "../milp/arrays";
import type { Objective } from "../milp/model";
import type { ProgressRelay } from "./progress";
import type { LpSequenceResult } from "./types";

/**
 * Translations between the project's model arrays and highs-js (`./highs` drives the solves):
 * HiGHS' model-status names, the model data HiGHS takes, the callbacks that feed progress, and the
 * per-objective loop of an LP sequence on one persistent model.
 */

/** HiGHS `ModelStatusCode` → its name, for messages. */
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  0: "not set", 1: "load error", 2: "model error", 3: "presolve error", 4: "solve error",
  5: "postsolve error", 6: "empty", 7: "optimal", 8: "infeasible", 9: "unbounded or infeasible",
  10: "unbounded", 11: "objective bound", 12: "objective target", 13: "time limit",
  14: "iteration limit", 15: "unknown", 16: "solution limit", 17: "interrupted",
};

/** What reading a result needs to know about the model. */
export interface ModelShape {
  /** Some column is integer or binary. */
  readonly isMip: boolean;
  /** Number of variables. */
  readonly numCols: number;
  /** Constant term of the objective. */
  readonly offset: number;
  /** Row lower bounds (a model without variables is feasible only if every row admits activity 0). */
  readonly rowLower: ArrayLike<number>;
  /** Row upper bounds. */
  readonly rowUpper: ArrayLike<number>;
}

/** Whether a loaded HiGHS model is a MIP, its column count, objective offset and row bounds. */
export function shapeOf(hm: HighsModel): ModelShape {
  const d = hm.getModel();
  return { isMip: d.integrality.some((t) => t !== 0), numCols: d.numCols, offset: d.offset, rowLower: d.rowLower, rowUpper: d.rowUpper };
}

/** Whether a model without variables is feasible: every row's activity is 0, so 0 must lie within its bounds. */
export function emptyModelFeasible(shape: ModelShape, tolerance = 1e-9): boolean {
  for (let i = 0; i < shape.rowLower.length; i++) if (shape.rowLower[i] > tolerance || shape.rowUpper[i] < -tolerance) return false;
  return true;
}

/** Our model arrays as highs-js `ModelData` (CSR matrix; integrality only for a MIP). */
export function toModelData(a: ModelArrays, highs: Highs): ModelData {
  const sense = a.senseSign === -1 ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize;
  return {
    numCols: a.numCols,
    numRows: a.numRows,
    sense,
    offset: a.offset,
    colCost: a.colCost,
    colLower: a.colLower,
    colUpper: a.colUpper,
    rowLower: a.rowLower,
    rowUpper: a.rowUpper,
    matrix: { format: "csr", numRows: a.numRows, numCols: a.numCols, starts: a.starts, indices: a.indices, values: a.values },
    ...(a.isMip ? { integrality: a.integrality } : {}),
  };
}

/** HiGHS callbacks feeding a {@link ProgressRelay} (none when there is nothing to report or poll). */
export function callbacksFor(relay: ProgressRelay, highs: Highs, isMip: boolean): HighsCallbackMap | undefined {
  if (!relay.active) return undefined;
  const types = highs.constants.callbackType;
  const lp = (event: { interrupt(): void }): undefined => {
    if (relay.atLpCheckpoint()) event.interrupt();
    return undefined;
  };
  if (!isMip) return { [types.simplexInterrupt]: lp, [types.ipmInterrupt]: lp };
  return {
    [types.mipInterrupt]: (event) => {
      if (relay.atMipCheckpoint(event.data)) event.interrupt();
      return undefined;
    },
  };
}

/**
 * Runs each objective on the persistent LP `hm` in turn (only the costs and the sense change, so the
 * simplex restarts from the previous basis), appending one result per objective to `out` (so the
 * caller keeps the finished ones if HiGHS throws midway). Only status "optimal" carries a value.
 * Each LP gets `limits.perLp` seconds, or what is left before `limits.deadline` (a
 * `performance.now()` time) if less; once that has passed, the rest end "time-limit" unsolved.
 */
export function runLpObjectives(
  highs: Highs,
  hm: HighsModel,
  objectives: readonly Objective[],
  out: LpSequenceResult[],
  limits: { readonly perLp: number; readonly deadline?: number },
): void {
  const ms = highs.constants.modelStatus;
  let previous: readonly number[] = [];
  for (const o of objectives) {
    if (limits.deadline !== undefined) {
      const left = (limits.deadline - performance.now()) / 1000;
      if (left <= 0) {
        out.push({ status: "time-limit", objective: null, message: "not solved: the sequence's total time limit had run out" });
        continue;
      }
      hm.options.set("time_limit", Math.min(limits.perLp, left));
    }
    for (const v of previous) hm.changeColCost(v, 0);
    const costs = new Map<number, number>();
    for (const t of o.terms) costs.set(t.v, (costs.get(t.v) ?? 0) + t.coef);
    for (const [v, c] of costs) hm.changeColCost(v, c);
    previous = [...costs.keys()];
    hm.changeObjectiveSense(o.sense === "maximize" ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize);
    hm.zeroAllClocks();
    hm.run();
    const code = hm.getModelStatus();
    if (code === ms.optimal) out.push({ status: "optimal", objective: hm.getObjectiveValue() + o.offset });
    else if (code === ms.infeasible) out.push({ status: "infeasible", objective: null });
    else if (code === ms.unbounded) out.push({ status: "unbounded", objective: null });
    else if (code === ms.timeLimit) out.push({ status: "time-limit", objective: null });
    else out.push({ status: "error", objective: null, message: `HiGHS model status ${code} (${STATUS_NAMES[code] ?? "?"})` });
  }
}
