/**
 * Independent solvers for cross-checking HiGHS answers in tests:
 *
 * - {@link solveWithScipy}: scipy.optimize.milp (native HiGHS inside scipy: another build and
 *   another input path: the model's term lists as JSON, which the script turns into a matrix
 *   itself) via `test/tools/scipy_milp.py`;
 *   needs `python3` with numpy and scipy on PATH.
 * - {@link solveWithCbc}: COIN-OR CBC (a different solver altogether) reading the model written by
 *   our own LP writer (`src/milp/lp-format.ts`); needs the `cbc` binary (Debian: coinor-cbc).
 *
 * Both return the objective recomputed in float64 from the returned values (so an objective
 * offset is handled identically) and the values in model order.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { lpNames, writeLp } from "../../src/milp/lp-format";
import { mpsNames, writeMps } from "../../src/milp/mps-format";
import type { Model } from "../../src/milp/model";

/** Outcome of an independent solve. */
export interface IndependentResult {
  readonly status: "optimal" | "time-limit" | "infeasible" | "unbounded" | "error";
  /** Objective Σ c·x + offset of the returned values, or null. */
  readonly objective: number | null;
  /** Values in model order, or null. */
  readonly values: Float64Array | null;
  readonly message: string;
  /** Seconds spent solving (scipy: the milp call only; CBC: the whole process). */
  readonly seconds: number;
}

/** Options of the independent solvers. */
export interface IndependentOptions {
  /** Seconds (default 120). */
  readonly timeLimit?: number;
  /** Relative MIP gap (default 0). */
  readonly relativeGap?: number;
  /** File format handed to CBC: our LP writer (default) or our MPS writer. */
  readonly format?: "lp" | "mps";
}

const SCIPY_SCRIPT = join(__dirname, "scipy_milp.py");

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function objectiveOf(model: Model, values: Float64Array): number {
  let z = model.objective.offset;
  for (const t of model.objective.terms) z += t.coef * values[t.v];
  return z;
}

/**
 * The JSON handed to `scipy_milp.py`: the Model's own variables, rows (term lists) and objective,
 * infinities as null. Deliberately not the arrays HiGHS-wasm is given (`modelToArrays`): the
 * script builds its matrix, cost vector and sense itself, so a bug in that conversion cannot make
 * both solvers agree on the same wrong model.
 */
export function modelToIndependentJson(model: Model, options: IndependentOptions = {}): string {
  const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return JSON.stringify({
    sense: model.objective.sense,
    offset: model.objective.offset,
    objective: model.objective.terms.map((t) => [t.v, t.coef]),
    variables: model.variables.map((v) => [fin(v.lb), fin(v.ub), v.type]),
    rows: model.rows.map((r) => [fin(r.lb), fin(r.ub), r.terms.map((t) => [t.v, t.coef])]),
    timeLimit: options.timeLimit ?? 120,
    mipRelGap: options.relativeGap ?? 0,
  });
}

/** Solves `model` with scipy.optimize.milp in a `python3` subprocess. */
export async function solveWithScipy(model: Model, options: IndependentOptions = {}): Promise<IndependentResult> {
  return (await solveAllWithScipy([model], options))[0];
}

/** Solves several models with scipy.optimize.milp in one `python3` process (scipy loads once). */
export async function solveAllWithScipy(models: readonly Model[], options: IndependentOptions = {}): Promise<IndependentResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "scipy-milp-"));
  try {
    const files = models.map((m, i) => {
      const file = join(dir, `model${i}.json`);
      writeFileSync(file, modelToIndependentJson(m, options));
      return file;
    });
    const timeLimit = options.timeLimit ?? 120;
    const out = await run("python3", [SCIPY_SCRIPT, ...files], (timeLimit * models.length + 60) * 1000);
    const lines = out.trim().split("\n");
    if (lines.length !== models.length) throw new Error(`scipy_milp.py printed ${lines.length} results for ${models.length} models`);
    return lines.map((line, i) => {
      const parsed = JSON.parse(line) as { status: IndependentResult["status"]; values: number[] | null; message: string; seconds: number };
      const values = parsed.values === null ? null : Float64Array.from(parsed.values);
      return { status: parsed.status, values, objective: values === null ? null : objectiveOf(models[i], values), message: parsed.message, seconds: parsed.seconds };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Solves `model` with the `cbc` binary reading our LP (or MPS) text. */
export async function solveWithCbc(model: Model, options: IndependentOptions = {}): Promise<IndependentResult> {
  const dir = mkdtempSync(join(tmpdir(), "cbc-"));
  try {
    const format = options.format ?? "lp";
    const lpFile = join(dir, `model.${format}`);
    const solFile = join(dir, "model.sol");
    writeFileSync(lpFile, format === "lp" ? writeLp(model) : writeMps(model));
    const timeLimit = options.timeLimit ?? 120;
    const started = performance.now();
    await run(
      "cbc",
      // CBC 2.10 ignores the OBJSENSE section of an MPS file: say it on the command line.
      [lpFile, ...(format === "mps" && model.objective.sense === "maximize" ? ["-max"] : []), "-sec", String(timeLimit), "-ratio", String(options.relativeGap ?? 0), "-allowableGap", "1e-9", "-solve", "-printingOptions", "all", "-solu", solFile],
      (timeLimit + 60) * 1000,
    );
    const names = format === "lp" ? lpNames(model).cols : mpsNames(model).cols;
    return { ...parseCbcSolution(model, readFileSync(solFile, "utf8"), names), seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Parses a CBC solution file ("Optimal - objective value z" then "index name value dual" lines);
 * `cols` are the column names as written (default: our LP writer's).
 */
export function parseCbcSolution(model: Model, text: string, cols: readonly string[] = lpNames(model).cols): Omit<IndependentResult, "seconds"> {
  const lines = text.split("\n");
  const head = lines[0] ?? "";
  let status: IndependentResult["status"] = "error";
  if (/^Optimal/.test(head)) status = "optimal";
  else if (/infeasible/i.test(head)) status = "infeasible";
  else if (/unbounded/i.test(head)) status = "unbounded";
  else if (/Stopped on time/i.test(head)) status = "time-limit";
  if (status !== "optimal" && status !== "time-limit") return { status, objective: null, values: null, message: head };
  const index = new Map(cols.map((c, j) => [c, j] as const));
  const values = new Float64Array(model.variables.length);
  let seen = 0;
  for (const line of lines.slice(1)) {
    const f = line.replace(/^\s*\*\*/, "").trim().split(/\s+/);
    if (f.length < 3) continue;
    const j = index.get(f[1]);
    if (j === undefined) continue;
    values[j] = Number(f[2]);
    seen++;
  }
  if (seen === 0 && model.variables.length > 0) return { status: "error", objective: null, values: null, message: `no values parsed from: ${head}` };
  return { status, values, objective: objectiveOf(model, values), message: head };
}
