import * as fs from "node:fs";
import { boundsPath, loadBounds } from "../bounds/io";
import { boundSourceCounts, UNIT_DOMAIN } from "../bounds/types";
import { THESIS_NETWORKS } from "../dnn/architectures";
import { BOUNDS_DIR } from "../paths";

/**
 * How many neurons of a network's improved-model bounds (thesis 3.2, the MILP bound tightening
 * behind Tables 2-3's "Improved model") did not prove their optimum. The thesis names no limit
 * for the improved model; ours stops each bound's MILP after `timeLimitPerBound` seconds and keeps
 * a proven bound (sound, but looser than the optimum), so where neurons stopped there our improved
 * model is weaker than the thesis'.
 */
export interface MilpBoundsLimit {
  /** Network name, e.g. "dnn5". */
  readonly model: string;
  /** Neurons whose bounds came from a bound MILP (interval bounds, exact in the first layer, are not counted). */
  readonly units: number;
  /**
   * Of those, neurons whose bound MILP did not prove its optimum: stopped at the time limit (the
   * file keeps a proven bound, HiGHS' dual bound or the LP relaxation's if tighter) or failed
   * (the interval bound kept, source "fallback").
   */
  readonly atLimit: number;
  /** Seconds per bound MILP the file was computed with. */
  readonly timeLimitPerBound: number | null;
}

/** {@link MilpBoundsLimit} of every thesis network whose `data/bounds/<net>-milp.json` exists. */
export function milpBoundsLimits(dir: string = BOUNDS_DIR): MilpBoundsLimit[] {
  const out: MilpBoundsLimit[] = [];
  for (const model of THESIS_NETWORKS) {
    const file = boundsPath(model, "milp", UNIT_DOMAIN, dir);
    if (!fs.existsSync(file)) continue;
    const bounds = loadBounds(file);
    const counts = boundSourceCounts(bounds);
    out.push({
      model,
      units: counts.optimal + counts["dual-bound"] + counts.fallback,
      atLimit: counts["dual-bound"] + counts.fallback,
      timeLimitPerBound: bounds.timeLimitPerBound ?? null,
    });
  }
  return out;
}

/** One sentence for the improved model's block of Tables 2-3 (empty without bounds files). */
export function milpBoundsNote(limits: readonly MilpBoundsLimit[]): string {
  if (limits.length === 0) return "";
  const perBound = [...new Set(limits.map((l) => l.timeLimitPerBound))].map((s) => (s === null ? "no" : `${s} s`)).join(" / ");
  const counts = limits.map((l) => `${l.model.toUpperCase()} ${l.atLimit} of ${l.units}`).join(", ");
  return (
    `Our MILP bounds (\`data/bounds/dnnK-milp.json\`) stop each bound's MILP at ${perBound} and keep a proven bound (HiGHS' dual bound, or the LP's if tighter); ` +
    `the thesis names no limit. Neurons whose bound MILP did not prove its optimum: ${counts}. ` +
    "Where that count is not 0 our improved model has looser big-Ms than bounds solved to optimality would give."
  );
}
