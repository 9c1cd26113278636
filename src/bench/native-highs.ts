import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../paths";
import type { Model } from "../milp/model";
import { modelToScipyJson } from "../milp/scipy-json";

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
      fs.writeFileSync(file, modelToScipyJson(m, { timeLimit }));
      return file;
    });
    const out = execFileSync("python3", [path.join(PROJECT_ROOT, "scripts", "native_highs.py"), ...files], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    return out.trim().split("\n").map((l) => JSON.parse(l) as NativeSolve);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
