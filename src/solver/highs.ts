/**
 * The one HiGHS adapter (thesis 3.2: every MILP of the project is solved here). It is the only
 * file that loads "highs" (highs-js, HiGHS compiled to WebAssembly, single-threaded); `./highs-data`
 * holds its translations to and from HiGHS' arrays, codes and callbacks.
 *
 * Status mapping (HiGHS `ModelStatusCode` → {@link SolveStatus}):
 *
 * | code | HiGHS                   | SolveStatus                                              |
 * |------|-------------------------|----------------------------------------------------------|
 * | 7    | optimal                 | "optimal" (within `relativeGap`; 0 = proven optimum)     |
 * | 6    | empty (no columns)      | "optimal" (objective = offset)                           |
 * | 8    | infeasible              | "infeasible"                                             |
 * | 10   | unbounded               | "unbounded"                                              |
 * | 9    | unbounded or infeasible | re-run once with presolve off; still 9 → "error"         |
 * | 13   | time limit              | "time-limit"                                             |
 * | 17   | interrupted             | "interrupted" (onProgress/signal)                        |
 * | 11, 12, 14, 16 | objective bound/target, iteration/solution limit (user solverOptions) | "interrupted" + message |
 * | 0-5, 15 | not set, load/model/presolve/solve/postsolve error, unknown | "error" + message |
 *
 * Any exception (including a wasm abort, `RuntimeError: unreachable`, out-of-memory) becomes
 * `{ status: "error", message }`; the wasm runtime is then discarded and re-instantiated from the
 * compiled module before the next solve, so the next solve works.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import loadHighs from "highs";
import type { Highs, InitOptions, Model as HighsModel, ModelStatusCode } from "highs";
import { modelToArrays, type ModelArrays } from "../milp/arrays";
import type { Model, Objective } from "../milp/model";
import { callbacksFor, emptyModelFeasible, type ModelShape, runLpObjectives, shapeOf, STATUS_NAMES, toModelData } from "./highs-data";
import { finiteOrNull, messageOf, ProgressRelay, relativeGap } from "./progress";
import { statusOptionClash } from "./option-guard";
import type { LpSequenceOptions, LpSequenceResult, LpSequenceSolver, SolveOptions, SolveResult, SolveStatus } from "./types";

/** Wasm linear memory (bytes) above which the runtime is recycled after a solve (the cap is 2 GiB). */
const RECYCLE_MEMORY_BYTES = 1024 * 1024 * 1024;
/** Default time limit in seconds (the thesis' limit). */
const DEFAULT_TIME_LIMIT = 300;

/**
 * A compiled `WebAssembly.Module` (tsconfig has no DOM lib, so the global is typed locally).
 * V8 compiles HiGHS' functions lazily on first use (measured: the first DNN1 solve in a process
 * takes ~2x longer than the next); instantiating again from the same compiled module after a crash
 * keeps that work.
 */
type CompiledWasm = object;
interface WasmNamespace {
  compile(bytes: Uint8Array): Promise<CompiledWasm>;
}

/**
 * {@link MilpSolver} backed by highs-js. Create with {@link HighsSolver.create} (compiles the
 * wasm once per instance; nothing happens at import time). Solves are serialised per instance;
 * each solve builds a fresh HiGHS model and disposes it afterwards.
 *
 * Cancellation: HiGHS runs synchronously on the JS thread, so `signal` is polled inside HiGHS'
 * interrupt callbacks; it takes effect when aborted before the solve or from code that runs during
 * it (e.g. `onProgress`), not from a timer (timers cannot fire while HiGHS runs). The time limit is
 * what bounds every solve.
 */
export class HighsSolver implements LpSequenceSolver {
  readonly name = "highs";
  /** e.g. "highs-js 1.15.3 (HiGHS 1.15.1)". */
  readonly version: string;
  private runtime: Highs | null = null;
  private logTail: string[] = [];
  private echo = false;
  private queue: Promise<unknown> = Promise.resolve();
  private restartCount = 0;

  private constructor(
    private readonly wasmModule: CompiledWasm,
    packageVersion: string,
    highs: Highs,
  ) {
    this.runtime = highs;
    this.version = `highs-js ${packageVersion} (HiGHS ${highs.version.string})`;
  }

  /** Compiles the HiGHS wasm once for this solver and instantiates one runtime from it (~25 ms). */
  static async create(): Promise<HighsSolver> {
    const wasmPath = require.resolve("highs/runtime");
    const pkg = JSON.parse(readFileSync(join(dirname(wasmPath), "..", "package.json"), "utf8")) as { version?: unknown };
    const wasm = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly;
    const wasmModule = await wasm.compile(new Uint8Array(readFileSync(wasmPath)));
    const holder: { solver?: HighsSolver } = {};
    const highs = await HighsSolver.instantiate(wasmModule, holder);
    const solver = new HighsSolver(wasmModule, String(pkg.version ?? "?"), highs);
    holder.solver = solver;
    return solver;
  }

  private static instantiate(wasmModule: CompiledWasm, holder: { solver?: HighsSolver }): Promise<Highs> {
    // HiGHS' log and error lines: echoed to stderr when not quiet, the last few kept for messages.
    const sink = (line: string): void => {
      const s = holder.solver;
      if (s === undefined) return;
      if (!/^(Running HiGHS|Includes third-party)/.test(line)) s.logTail.push(line.trim());
      if (s.logTail.length > 8) s.logTail.shift();
      if (s.echo) process.stderr.write(`${line}\n`);
    };
    return loadHighs({ wasmModule: wasmModule as InitOptions["wasmModule"], print: sink, printErr: sink });
  }

  /** Current size of the wasm linear memory in bytes (0 when no runtime is loaded); it never shrinks. */
  get wasmMemoryBytes(): number {
    return this.runtime?.memoryBytes ?? 0;
  }

  /** How many times the wasm runtime was re-instantiated (after a crash or to release memory). */
  get restarts(): number {
    return this.restartCount;
  }

  private async ensureRuntime(): Promise<Highs> {
    if (this.runtime !== null) return this.runtime;
    const holder: { solver?: HighsSolver } = { solver: this };
    this.runtime = await HighsSolver.instantiate(this.wasmModule, holder);
    this.restartCount++;
    return this.runtime;
  }

  /** Drops the runtime; the next solve re-instantiates it from the compiled module. */
  private discardRuntime(): void {
    this.runtime = null;
  }

  /** Solves `model` (LP or MILP); never throws: failures are `status: "error"` with a message. */
  solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
    const run = this.queue.then(() => this.solveNow({ model }, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Solves a model given as CPLEX-LP or MPS text, parsed by HiGHS (e.g. a file written by
   * `writeLp`/`writeMps` or by another tool). `values` and `mipStart` follow HiGHS' column order
   * for that file (for LP text: order of first appearance), not a {@link Model}'s.
   */
  solveText(text: string, format: "lp" | "mps", options: SolveOptions = {}): Promise<SolveResult> {
    const run = this.queue.then(() => this.solveNow({ text, format }, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Writes `model` as CPLEX LP or free MPS text, using HiGHS' own writer (names preserved). */
  exportModel(model: Model, format: "lp" | "mps"): Promise<string> {
    const run = this.queue.then(async () => {
      const arrays = modelToArrays(model);
      const highs = await this.ensureRuntime();
      let hm: HighsModel | undefined;
      try {
        hm = highs.createModel({
          ...toModelData(arrays, highs),
          colNames: model.variables.map((v) => v.name),
          rowNames: model.rows.map((r) => r.name),
          modelName: model.name,
        });
        return format === "lp" ? hm.exportModel("lp") : new TextDecoder().decode(hm.exportModel("mps"));
      } catch (e) {
        this.discardRuntime();
        throw new Error(`HiGHS could not export model "${model.name}" as ${format}: ${messageOf(e)}`);
      } finally {
        this.dispose(hm);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Solves one LP (`model`, no integer variables) for several objectives in a row on ONE
   * persistent HiGHS model: built once, then per objective only the costs and the sense change
   * and `run()` restarts the simplex from the previous optimal basis (warm start). For bound
   * tightening (e.g. `src/best/ball-obbt.ts`), where a fresh model per LP cost ~100× more.
   * `model.objective` is ignored. Never throws: a failure becomes an "error" entry (and the rest
   * of the sequence is "error" too).
   * @param objectives - each a sense and sparse terms (the offset is added to the value)
   * @param options - `timeLimit` per LP (default 5 s), `totalTimeLimit` for the whole sequence
   *   (default none) and extra HiGHS options
   */
  solveLpSequence(model: Model, objectives: readonly Objective[], options: LpSequenceOptions = {}): Promise<LpSequenceResult[]> {
    const run = this.queue.then(() => this.lpSequenceNow(model, objectives, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async lpSequenceNow(model: Model, objectives: readonly Objective[], options: LpSequenceOptions): Promise<LpSequenceResult[]> {
    const started = performance.now();
    const failAll = (message: string): LpSequenceResult[] => objectives.map(() => ({ status: "error", objective: null, message }));
    const timeLimit = options.timeLimit ?? 5;
    if (!(timeLimit > 0) || !Number.isFinite(timeLimit)) return failAll(`timeLimit must be a positive finite number of seconds, got ${timeLimit}`);
    const total = options.totalTimeLimit;
    if (total !== undefined && !(total > 0 && Number.isFinite(total))) return failAll(`totalTimeLimit must be a positive finite number of seconds, got ${total}`);
    let arrays: ModelArrays;
    try {
      arrays = modelToArrays({ ...model, objective: { sense: "minimize", terms: [], offset: 0 } });
    } catch (e) {
      return failAll(`model "${model.name}": ${messageOf(e)}`);
    }
    if (arrays.isMip) return failAll(`model "${model.name}" has integer variables; solveLpSequence solves LPs only`);
    for (const o of objectives) {
      for (const t of o.terms) {
        if (!(t.v >= 0 && t.v < arrays.numCols) || !Number.isFinite(t.coef)) return failAll(`objective term on variable ${t.v} (coefficient ${t.coef}) is not valid for model "${model.name}"`);
      }
    }
    let highs: Highs;
    try {
      highs = await this.ensureRuntime();
    } catch (e) {
      this.discardRuntime();
      return failAll(`could not instantiate HiGHS wasm: ${messageOf(e)}`);
    }
    this.logTail = [];
    let hm: HighsModel | undefined;
    const out: LpSequenceResult[] = [];
    try {
      hm = highs.createModel(toModelData(arrays, highs));
      hm.options.set({ output_flag: false, time_limit: timeLimit });
      for (const [key, value] of Object.entries(options.solverOptions ?? {})) {
        // LPs have no gap; the limits are timeLimit (per LP) and the sequence's total.
        if (key === "time_limit") return failAll(`solverOptions.time_limit: set the LPs' limits with timeLimit and the sequence's total`);
        hm.options.set(key, value);
      }
      runLpObjectives(highs, hm, objectives, out, { perLp: timeLimit, deadline: total === undefined ? undefined : started + 1000 * total });
      return out;
    } catch (e) {
      this.discardRuntime();
      const message = `HiGHS failed in an LP sequence on model "${model.name}": ${messageOf(e)}`;
      return [...out, ...objectives.slice(out.length).map((): LpSequenceResult => ({ status: "error", objective: null, message }))];
    } finally {
      this.dispose(hm);
    }
  }

  private dispose(hm: HighsModel | undefined): void {
    try {
      hm?.dispose();
    } catch {
      this.discardRuntime();
    }
    if (this.runtime !== null && this.runtime.memoryBytes > RECYCLE_MEMORY_BYTES) this.discardRuntime();
  }

  private async solveNow(source: { model: Model } | { text: string; format: "lp" | "mps" }, options: SolveOptions): Promise<SolveResult> {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const result = (status: SolveStatus, rest: Partial<SolveResult> = {}): SolveResult => ({
      status,
      objective: null,
      bound: null,
      gap: null,
      nodes: 0,
      values: null,
      ...rest,
      seconds: seconds(),
      solver: this.version,
    });
    const fail = (message: string): SolveResult => result("error", { message });

    const timeLimit = options.timeLimit ?? DEFAULT_TIME_LIMIT;
    if (!(timeLimit > 0) || !Number.isFinite(timeLimit)) return fail(`timeLimit must be a positive finite number of seconds, got ${timeLimit}`);
    const gapLimit = options.relativeGap ?? 0;
    if (!(gapLimit >= 0) || !Number.isFinite(gapLimit)) return fail(`relativeGap must be a finite number >= 0, got ${gapLimit}`);
    if (options.signal?.aborted) return result("interrupted", { message: "aborted before the solve started" });
    const label = "model" in source ? `model "${source.model.name}"` : `${source.format.toUpperCase()} text`;
    let arrays: ModelArrays | null = null;
    if ("model" in source) {
      try {
        arrays = modelToArrays(source.model);
      } catch (e) {
        return fail(`${label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const start = options.mipStart;
    if (start !== undefined) {
      if (arrays !== null && start.length !== arrays.numCols) return fail(`mipStart has ${start.length} values, ${label} has ${arrays.numCols} variables`);
      for (let j = 0; j < start.length; j++) {
        if (!Number.isFinite(start[j])) return fail(`mipStart[${j}] = ${start[j]} is not finite`);
      }
    }

    let highs: Highs;
    try {
      highs = await this.ensureRuntime();
    } catch (e) {
      this.discardRuntime();
      return fail(`could not instantiate HiGHS wasm: ${messageOf(e)}`);
    }
    this.echo = options.quiet === false;
    this.logTail = [];
    let hm: HighsModel | undefined;
    let stage = "building the HiGHS model";
    try {
      hm = highs.createModel("text" in source ? { format: source.format, data: source.text } : toModelData(arrays ?? modelToArrays(source.model), highs));
      const shape: ModelShape = arrays ?? shapeOf(hm);
      if (start !== undefined && start.length !== shape.numCols) return fail(`mipStart has ${start.length} values, ${label} has ${shape.numCols} variables`);
      stage = "setting options";
      hm.options.set({ output_flag: options.quiet === false, time_limit: timeLimit, mip_rel_gap: gapLimit });
      for (const [key, value] of Object.entries(options.solverOptions ?? {})) {
        const clash = statusOptionClash(key, value, timeLimit, gapLimit);
        if (clash !== null) return fail(clash);
        try {
          hm.options.set(key, value);
        } catch (e) {
          return fail(`HiGHS option "${key}" = ${JSON.stringify(value)} rejected: ${messageOf(e)}`);
        }
      }
      if (start !== undefined) {
        stage = "setting the MIP start";
        hm.setSolution({ colValue: Float64Array.from(start) });
      }
      stage = "solving";
      const relay = new ProgressRelay(options);
      const callbacks = callbacksFor(relay, highs, shape.isMip);
      hm.run(callbacks);
      let code = hm.getModelStatus();
      if (code === highs.constants.modelStatus.unboundedOrInfeasible && relay.error === null) {
        hm.options.set("presolve", "off");
        hm.run(callbacks);
        code = hm.getModelStatus();
      }
      if (relay.error !== null) return fail(`onProgress threw: ${relay.error}`);
      return this.readResult(highs, hm, shape, code, gapLimit, result);
    } catch (e) {
      // Anything thrown from inside the wasm may have left the runtime unusable: start afresh.
      this.discardRuntime();
      const tail = this.logTail.length > 0 ? ` [HiGHS: ${this.logTail.join(" | ")}]` : "";
      return fail(`HiGHS failed while ${stage}: ${messageOf(e)}${tail}`);
    } finally {
      this.dispose(hm);
      this.echo = false;
    }
  }

  private readResult(
    highs: Highs,
    hm: HighsModel,
    arrays: ModelShape,
    code: ModelStatusCode,
    gapLimit: number,
    result: (status: SolveStatus, rest?: Partial<SolveResult>) => SolveResult,
  ): SolveResult {
    const ms = highs.constants.modelStatus;
    const info = (name: string): number | null => {
      try {
        return finiteOrNull(hm.info.get(name));
      } catch {
        return null;
      }
    };
    const hasPrimal = info("primal_solution_status") === highs.constants.solutionStatus.feasible;
    const values = hasPrimal ? Float64Array.from(hm.getSolution().colValue) : null;
    const objective = hasPrimal ? hm.getObjectiveValue() : null;
    const nodes = arrays.isMip ? Math.max(0, info("mip_node_count") ?? 0) : 0;
    let bound: number | null;
    if (arrays.isMip) {
      bound = info("mip_dual_bound");
      // Without a dual bound, only an optimum proven to gap 0 bounds the problem; never the incumbent otherwise.
      if (bound === null && code === ms.optimal && gapLimit === 0) bound = objective;
    } else {
      bound = code === ms.optimal ? objective : null;
    }
    const solved = { objective, bound, gap: relativeGap(objective, bound), nodes, values };
    switch (code) {
      case ms.optimal:
        return result("optimal", solved);
      case ms.empty:
        // No variables: HiGHS reports "empty" whatever the rows say; a row like 1 <= 0 is infeasible.
        if (!emptyModelFeasible(arrays)) return result("infeasible", { nodes: 0, bound: null });
        return result("optimal", {
          objective: arrays.offset,
          bound: arrays.offset,
          gap: 0,
          values: new Float64Array(arrays.numCols),
        });
      case ms.infeasible:
        return result("infeasible", { nodes, bound: null });
      case ms.unbounded:
        return result("unbounded", { nodes });
      case ms.timeLimit:
        return result("time-limit", solved);
      case ms.interrupted:
        return result("interrupted", solved);
      case ms.objectiveBound:
      case ms.objectiveTarget:
      case ms.iterationLimit:
      case ms.solutionLimit:
        return result("interrupted", { ...solved, message: `stopped by a HiGHS limit (model status ${code}: ${STATUS_NAMES[code]})` });
      case ms.unboundedOrInfeasible:
        return result("error", { nodes, message: "HiGHS: model is infeasible or unbounded (could not tell, even with presolve off)" });
      default:
        return result("error", { ...solved, message: `HiGHS model status ${code} (${STATUS_NAMES[code] ?? "?"})` });
    }
  }
}
