import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../paths";
import type { Model } from "../milp/model";
import { modelToArraysJson } from "../milp/scipy-json";

/** One native HiGHS solve: its status, objective (null without a solution) and the time of milp() only. */
export interface NativeSolve {
  readonly status: string;
  readonly objective: number | null;
  /** Wall-clock seconds. */
  readonly seconds: number;
  /** CPU seconds of the python process (all threads), insensitive to other processes' load. */
  readonly cpuSeconds: number;
}

/**
 * Solves models with native HiGHS (scipy.optimize.milp, `scripts/native_highs.py`, gap 0, the given
 * time limit) in one python process, for the wasm/native comparisons of the benchmarks. The
 * process inherits the caller's niceness, so both solvers compete for the CPU alike (`nice` the
 * whole benchmark, not this). Needs `python3` with numpy and scipy on PATH.
 */
export function solveNativeHighs(models: readonly Model[], timeLimit: number): NativeSolve[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "native-highs-"));
  try {
    const files = models.map((m, i) => {
      const file = path.join(dir, `m${i}.json`);
      fs.writeFileSync(file, modelToArraysJson(m, { timeLimit }));
      return file;
    });
    const out = execFileSync("python3", [path.join(PROJECT_ROOT, "scripts", "native_highs.py"), ...files], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return parseNativeOutput(out, models.length);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The JSON lines of `scripts/native_highs.py`, one per model, checked: an error names the model
 * (its position) and the bad field rather than failing later on an undefined result.
 */
export function parseNativeOutput(out: string, count: number): NativeSolve[] {
  const lines = out.split("\n").filter((l) => l.trim() !== "");
  if (lines.length !== count) throw new Error(`native HiGHS: expected ${count} result lines, got ${lines.length}`);
  return lines.map((line, i) => {
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`native HiGHS: model ${i}: not JSON: ${line.slice(0, 200)}`);
    }
    if (typeof v.status !== "string") throw new Error(`native HiGHS: model ${i}: status must be a string, got ${JSON.stringify(v.status)}`);
    if (v.objective !== null && typeof v.objective !== "number") throw new Error(`native HiGHS: model ${i}: objective must be a number or null, got ${JSON.stringify(v.objective)}`);
    for (const field of ["seconds", "cpuSeconds"] as const) {
      if (typeof v[field] !== "number" || !Number.isFinite(v[field])) throw new Error(`native HiGHS: model ${i}: ${field} must be a finite number, got ${JSON.stringify(v[field])}`);
    }
    return { status: v.status, objective: v.objective as number | null, seconds: v.seconds as number, cpuSeconds: v.cpuSeconds as number };
  });
}
