import { THESIS_NETWORKS } from "../dnn/architectures";
import { isSolved } from "./report";
import type { BenchMethod, BenchRow, BenchTable } from "./row";
import { thesisCell } from "./thesis-tables";

/**
 * Do the thesis' findings of 4.2 hold for our runs? The thesis reads Tables 2 and 3 as: the
 * improved model (MILP bounds) solves far more instances than the base model (interval bounds)
 * on the deeper networks, and the weaker improved model (1 s per bound) does about as well as
 * the improved one. Comparing solved % across methods is only fair on the same images, so each
 * comparison here uses the images that all three methods have a row for (errors left out).
 */

/** One network in one table: solved % of the three thesis methods on their common images, ours beside the thesis'. */
export interface FindingRow {
  readonly table: BenchTable;
  readonly model: string;
  /** Images with a (non-error) row for base, improved and weak. */
  readonly n: number;
  /** Solved % on those images per method. */
  readonly ours: { readonly base: number; readonly improved: number; readonly weak: number };
  readonly thesis: { readonly base: number; readonly improved: number; readonly weak: number } | null;
}

const METHODS = ["base", "improved", "weak"] as const;

/** Solved % of base, improved and weak per (table, network), on the images all three have rows for. */
export function findingRows(rows: readonly BenchRow[]): FindingRow[] {
  const out: FindingRow[] = [];
  for (const table of [2, 3] as const) {
    for (const model of THESIS_NETWORKS) {
      const by = new Map<BenchMethod, Map<number, BenchRow>>(METHODS.map((m) => [m, new Map()]));
      for (const r of rows) if (r.table === table && r.model === model && r.status !== "error") by.get(r.method)?.set(r.index, r);
      const common = [...(by.get("base") as Map<number, BenchRow>).keys()].filter((i) => METHODS.every((m) => by.get(m)?.has(i)));
      if (common.length === 0) continue;
      const pct = (m: BenchMethod): number => (100 * common.filter((i) => isSolved(by.get(m)?.get(i) as BenchRow)).length) / common.length;
      const th = METHODS.map((m) => thesisCell(table, model, m));
      out.push({
        table,
        model,
        n: common.length,
        ours: { base: pct("base"), improved: pct("improved"), weak: pct("weak") },
        thesis: th.every((c) => c !== null) ? { base: th[0]!.solvedPercent, improved: th[1]!.solvedPercent, weak: th[2]!.solvedPercent } : null,
      });
    }
  }
  return out;
}

/** Points of solved % that count as "about the same" between two methods (one image in 20). */
export const SAME_POINTS = 5;

/**
 * One sentence per (table, network) saying whether each of the thesis' two readings holds:
 * tightening gains (improved − base, in points) and weak ≈ improved (within {@link SAME_POINTS}).
 */
export function findingSentences(found: readonly FindingRow[]): string[] {
  const pts = (v: number): string => `${v >= 0 ? "+" : ""}${v.toFixed(0)}`;
  return found.map((f) => {
    const gain = f.ours.improved - f.ours.base;
    const weakGap = f.ours.weak - f.ours.improved;
    const th = f.thesis;
    const thesisGain = th === null ? null : th.improved - th.base;
    const gainText =
      thesisGain === null
        ? `tightening ${pts(gain)} points`
        : gain > SAME_POINTS
          ? `tightening pays: ${pts(gain)} points (thesis ${pts(thesisGain)})`
          : gain < -SAME_POINTS
            ? `the tightened model does worse: ${pts(gain)} points (thesis ${pts(thesisGain)})`
            : thesisGain > SAME_POINTS
              ? `tightening does NOT pay here: ${pts(gain)} points (thesis ${pts(thesisGain)})`
              : `no difference: ${pts(gain)} points (thesis ${pts(thesisGain)})`;
    const weakText = Math.abs(weakGap) <= SAME_POINTS ? `weak ≈ improved (${pts(weakGap)})` : `weak ${weakGap > 0 ? "better" : "worse"} than improved by ${Math.abs(weakGap).toFixed(0)} points`;
    const small = f.n < 25 ? ", few images: indicative only" : "";
    return `Table ${f.table}, ${f.model.toUpperCase()} (n = ${f.n}${small}): ${gainText}; ${weakText}.`;
  });
}
