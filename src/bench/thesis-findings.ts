import { THESIS_NETWORKS } from "../dnn/architectures";
import { isSolved } from "./report";
import type { BenchMethod, BenchRow, BenchTable } from "./row";
import { thesisCell } from "./thesis-tables";
import { mcnemarExactP, quantile, type Discordant } from "./statistics";

/**
 * Do the thesis' findings of 4.2 hold for our runs? The thesis reads Tables 2 and 3 as: the
 * improved model (MILP bounds) solves far more instances than the base model (interval bounds)
 * on the deeper networks, and the weaker improved model (1 s per bound) does about as well as
 * the improved one; and tightening cuts the running time, and more than halves the nodes, on all
 * five networks. Comparing methods is only fair on the same images, so each
 * comparison here uses the images that all three methods have a row for (a failed row counts as
 * not solved, as in the tables, so a method cannot gain by crashing on hard images), and
 * asks whether a difference is more than chance with McNemar's exact test on those paired images:
 * only the images one method solves and the other does not carry information, and under "no
 * difference" each of them is equally likely to go either way. A p-value above 0.05 does not show
 * that two methods are equal, only that these images cannot tell them apart; and with 30 such
 * tests (three readings, five networks, two tables) one or two are expected below 0.05 by chance.
 * The time reading pairs each image's two solve times (CPU seconds where both rows measured them,
 * else wall seconds) and asks with the same exact binomial test (a sign test) whether improved is
 * faster on more images than chance allows. A model that proved the image where the other hit the
 * limit is the faster one (the other's time is censored: it only says "at least the limit");
 * images where neither proved anything, or where both did within {@link TIME_TIE} relative of each
 * other, are ties and carry no information. The median ratio includes the censored times as they
 * are, so it understates the gap where one model hit the limit.
 */

/** Two solve times within this relative difference count as a tie in the time reading. */
export const TIME_TIE = 0.05;

/** The time reading of one network and table: improved against base on their common images. */
export interface TimeFinding {
  /** Median over the common images of improved's time / base's time. */
  readonly medianRatio: number;
  /** Images where improved was faster (by more than {@link TIME_TIE}), and where base was. */
  readonly faster: Discordant;
  /** Mean nodes of improved / mean nodes of base on the common images. */
  readonly nodesRatio: number;
  /** The thesis' ratios improved / base of its Time and Nodes columns (null without a thesis cell). */
  readonly thesis: { readonly timeRatio: number; readonly nodesRatio: number } | null;
}

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
  /** Does tightening save time? Improved against base, paired per image. */
  readonly time: TimeFinding;
}

/** A row's solve time for pairing: CPU seconds where both rows of the pair measured them, else wall seconds. */
function pairTimes(a: BenchRow, b: BenchRow): [number, number] {
  return a.cpuSeconds !== undefined && b.cpuSeconds !== undefined ? [a.cpuSeconds, b.cpuSeconds] : [a.seconds, b.seconds];
}

function median(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : quantile([...values].sort((x, y) => x - y), 0.5);
}

/** The time reading on the common images of one (table, network): see {@link TimeFinding}. */
function timeFinding(base: ReadonlyMap<number, BenchRow>, improved: ReadonlyMap<number, BenchRow>, common: readonly number[], table: BenchTable, model: string): TimeFinding {
  const ratios: number[] = [];
  let faster = 0;
  let slower = 0;
  for (const i of common) {
    const [b, m] = [base.get(i) as BenchRow, improved.get(i) as BenchRow];
    if (b.status === "error" || m.status === "error") continue;
    const [tb, tm] = pairTimes(b, m);
    ratios.push(tm / tb);
    const [sb, sm] = [isSolved(b), isSolved(m)];
    if (!sb && !sm) continue; // both stopped by the limit: no information
    if (sm !== sb) {
      // one proved it, the other ran out of time: its time is only a lower bound, the prover is faster
      if (sm) faster++;
      else slower++;
    } else if (tm < (1 - TIME_TIE) * tb) faster++;
    else if (tb < (1 - TIME_TIE) * tm) slower++;
  }
  const meanNodes = (rows: ReadonlyMap<number, BenchRow>): number => common.reduce((a, i) => a + (rows.get(i) as BenchRow).nodes, 0) / common.length;
  const [tb, tm] = [thesisCell(table, model, "base"), thesisCell(table, model, "improved")];
  return {
    medianRatio: median(ratios),
    faster: { first: faster, second: slower },
    nodesRatio: meanNodes(improved) / meanNodes(base),
    thesis: tb === null || tm === null ? null : { timeRatio: tm.seconds / tb.seconds, nodesRatio: tm.nodes / tb.nodes },
  };
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
        time: timeFinding(by.get("base") as Map<number, BenchRow>, by.get("improved") as Map<number, BenchRow>, common, table, model),
      });
    }
  }
  return out;
}

/** Significance level of the findings: a difference with McNemar's p below it is called real. */
export const SIGNIFICANCE = 0.05;

/**
 * One sentence per (table, network) saying whether each of the thesis' three readings holds on our
 * rows: tightening gains (improved − base, in points, beside the thesis' gain), weak does about
 * as well as improved, and tightening saves time and nodes (ratios improved / base beside the
 * thesis'). A difference counts only when the exact p < {@link SIGNIFICANCE}; otherwise the
 * sentence says it is not significant, and how many images differ.
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
    return `Table ${f.table}, ${f.model.toUpperCase()} (n = ${f.n}): ${gainText}; ${weakText}; ${timeSentence(f.time, pText)}.`;
  });
}

/** The time clause of a finding sentence: the median time ratio and the sign test, nodes beside, the thesis' ratios after. */
function timeSentence(t: TimeFinding, pText: (p: number) => string): string {
  const x = (v: number): string => `×${v.toFixed(2)}`;
  const p = mcnemarExactP(t.faster);
  const verdict = p < SIGNIFICANCE ? (t.faster.first > t.faster.second ? "tightening saves time" : "tightening costs time") : "no significant time effect of tightening";
  const thesis = t.thesis === null ? "" : `; thesis: time ${x(t.thesis.timeRatio)}, nodes ${x(t.thesis.nodesRatio)}`;
  return `${verdict}: improved takes ${x(t.medianRatio)} the base model's time (median), nodes ${x(t.nodesRatio)} (improved faster on ${t.faster.first}, base on ${t.faster.second}; sign test ${pText(p)}${thesis})`;
}
