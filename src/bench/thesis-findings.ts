import { THESIS_NETWORKS } from "../dnn/architectures";
import { isSolved } from "./report";
import type { BenchMethod, BenchRow, BenchTable } from "./row";
import { thesisCell } from "./thesis-tables";
import { mcnemarExactP, type Discordant } from "./statistics";

/**
 * Do the thesis' findings of 4.2 hold for our runs? The thesis reads Tables 2 and 3 as: the
 * improved model (MILP bounds) solves far more instances than the base model (interval bounds)
 * on the deeper networks, and the weaker improved model (1 s per bound) does about as well as
 * the improved one. Comparing solved % across methods is only fair on the same images, so each
 * comparison here uses the images that all three methods have a row for (a failed row counts as
 * not solved, as in the tables, so a method cannot gain by crashing on hard images), and
 * asks whether a difference is more than chance with McNemar's exact test on those paired images:
 * only the images one method solves and the other does not carry information, and under "no
 * difference" each of them is equally likely to go either way. A p-value above 0.05 does not show
 * that two methods are equal, only that these images cannot tell them apart; and with 20 such
 * tests (two readings, five networks, two tables) about one is expected below 0.05 by chance.
 */

/** One network in one table: solved % of the three thesis methods on their common images, ours beside the thesis'. */
export interface FindingRow {
  readonly table: BenchTable;
  readonly model: string;
  /** Images with a row for base, improved and weak (a failed row counts as not solved). */
  readonly n: number;
  /** Solved % on those images per method. */
  readonly ours: { readonly base: number; readonly improved: number; readonly weak: number };
  readonly thesis: { readonly base: number; readonly improved: number; readonly weak: number } | null;
  /** Images solved by improved but not base, and by base but not improved. */
  readonly improvedVsBase: Discordant;
  /** Images solved by weak but not improved, and by improved but not weak. */
  readonly weakVsImproved: Discordant;
}

const METHODS = ["base", "improved", "weak"] as const;

/** Solved % of base, improved and weak per (table, network), on the images all three have rows for. */
export function findingRows(rows: readonly BenchRow[]): FindingRow[] {
  const out: FindingRow[] = [];
  for (const table of [2, 3] as const) {
    for (const model of THESIS_NETWORKS) {
      const by = new Map<BenchMethod, Map<number, BenchRow>>(METHODS.map((m) => [m, new Map()]));
      for (const r of rows) if (r.table === table && r.model === model) by.get(r.method)?.set(r.index, r);
      const common = [...(by.get("base") as Map<number, BenchRow>).keys()].filter((i) => METHODS.every((m) => by.get(m)?.has(i)));
      if (common.length === 0) continue;
      const solved = (m: BenchMethod, i: number): boolean => isSolved(by.get(m)?.get(i) as BenchRow);
      const pct = (m: BenchMethod): number => (100 * common.filter((i) => solved(m, i)).length) / common.length;
      const discordant = (a: BenchMethod, b: BenchMethod): Discordant => ({
        first: common.filter((i) => solved(a, i) && !solved(b, i)).length,
        second: common.filter((i) => solved(b, i) && !solved(a, i)).length,
      });
      const th = METHODS.map((m) => thesisCell(table, model, m));
      out.push({
        table,
        model,
        n: common.length,
        ours: { base: pct("base"), improved: pct("improved"), weak: pct("weak") },
        thesis: th.every((c) => c !== null) ? { base: th[0]!.solvedPercent, improved: th[1]!.solvedPercent, weak: th[2]!.solvedPercent } : null,
        improvedVsBase: discordant("improved", "base"),
        weakVsImproved: discordant("weak", "improved"),
      });
    }
  }
  return out;
}

/** Significance level of the findings: a difference with McNemar's p below it is called real. */
export const SIGNIFICANCE = 0.05;

/**
 * One sentence per (table, network) saying whether each of the thesis' two readings holds on our
 * rows: tightening gains (improved − base, in points, beside the thesis' gain) and weak does about
 * as well as improved. A difference counts only when McNemar's exact p < {@link SIGNIFICANCE};
 * otherwise the sentence says it is not significant, and how many images differ.
 */
export function findingSentences(found: readonly FindingRow[]): string[] {
  const pts = (v: number): string => `${v >= 0 ? "+" : ""}${v.toFixed(0)}`;
  const pText = (p: number): string => (p < 0.001 ? "p < 0.001" : `p = ${Number(p.toPrecision(2))}`);
  const split = (d: Discordant, a: string, b: string): string =>
    `${d.first} image${d.first === 1 ? "" : "s"} only ${a}, ${d.second} only ${b}; McNemar ${pText(mcnemarExactP(d))}`;
  return found.map((f) => {
    const gain = f.ours.improved - f.ours.base;
    const weakGap = f.ours.weak - f.ours.improved;
    const thesisGain = f.thesis === null ? null : f.thesis.improved - f.thesis.base;
    const thesisText = thesisGain === null ? "" : `, thesis ${pts(thesisGain)}`;
    const gainP = mcnemarExactP(f.improvedVsBase);
    const gainWhy = `(${split(f.improvedVsBase, "improved solves", "base solves")}${thesisText})`;
    const gainText =
      gainP < SIGNIFICANCE
        ? gain > 0
          ? `tightening pays: ${pts(gain)} points ${gainWhy}`
          : `the tightened model does worse: ${pts(gain)} points ${gainWhy}`
        : `no significant effect of tightening: ${pts(gain)} points ${gainWhy}`;
    const weakP = mcnemarExactP(f.weakVsImproved);
    const weakWhy = `(${split(f.weakVsImproved, "weak solves", "improved solves")})`;
    const weakText =
      weakP < SIGNIFICANCE
        ? `weak ${weakGap > 0 ? "better" : "worse"} than improved by ${Math.abs(weakGap).toFixed(0)} points ${weakWhy}: the thesis' "about as well" does not hold here`
        : `no significant difference between weak and improved: ${pts(weakGap)} points ${weakWhy}`;
    return `Table ${f.table}, ${f.model.toUpperCase()} (n = ${f.n}): ${gainText}; ${weakText}.`;
  });
}
