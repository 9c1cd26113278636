import type { BenchRow } from "./row";
import { OPTIMUM_TOLERANCE, optimumSlack, sameOptimum } from "../adversarial/optimum";

/**
 * Cross-method consistency of the study's results. The minimal L1 distance d^* of (9) for an image
 * and its target is a property of the network and the image, not of the method (base, improved,
 * weak, best, shrink) or the table, so every pair of committed rows for the same (network, image)
 * must agree:
 *
 * - every Table 2 optimum equals every other one: |l1 − l1'| ≤ tol·(1 + l1);
 * - every proven bound (the solver's dual bound, status not "error") is ≤ every verified example's
 *   L1 (+ tol): a lower bound above a feasible point would be a wrong bound or a wrong example;
 * - every Table 3 row stopped within its 1 % gap: l1 ≤ d^* / 0.99 (+ tol) for the Table 2 optimum d^*.
 *
 * And every row on its own, whether or not its image has other rows: its bound is ≤ its own
 * verified example's L1 (+ tol), and an "optimal" row's own bound is within the relative gap it was
 * solved to: l1 − bound ≤ relativeGap · l1 (+ tol).
 *
 * Only verified examples count (an unverified one is flagged by the report separately). The
 * tolerance covers solver feasibility tolerances (HiGHS' 1e-6 on rows scaled by up to the big-M).
 */

/** Default relative tolerance of {@link checkConsistency}: {@link OPTIMUM_TOLERANCE}, the one every optimum check uses. */
export const CONSISTENCY_TOLERANCE = OPTIMUM_TOLERANCE;

/** One disagreement between two rows for the same (network, image). */
export interface Inconsistency {
  readonly model: string;
  readonly index: number;
  /** "optima differ", "bound above an example", "Table 3 row outside its gap", or "optimal row outside its own gap". */
  readonly kind: "optima differ" | "bound above an example" | "Table 3 row outside its gap" | "optimal row outside its own gap";
  /** The two rows, as "table/method" with their value (l1 or bound). */
  readonly detail: string;
}

/** What {@link checkConsistency} looked at and found. */
export interface ConsistencyReport {
  /** (network, image) pairs with rows of at least two (table, method) combinations. */
  readonly imagesCompared: number;
  /** Of those, images with a Table 2 optimum that other rows were held against. */
  readonly imagesWithOptimum: number;
  /** Rows checked on their own (every row that did not fail). */
  readonly rowsChecked: number;
  readonly inconsistencies: readonly Inconsistency[];
}

const tag = (r: BenchRow): string => `T${r.table}/${r.method}`;

/** Checks every group of rows for the same (network, image) as in the file comment. */
export function checkConsistency(rows: readonly BenchRow[], tolerance: number = CONSISTENCY_TOLERANCE): ConsistencyReport {
  const groups = new Map<string, BenchRow[]>();
  for (const r of rows) {
    if (r.status === "error") continue;
    const key = `${r.model}#${r.index}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const found: Inconsistency[] = [];
  let imagesCompared = 0;
  let imagesWithOptimum = 0;
  let rowsChecked = 0;
  const slack = (v: number): number => optimumSlack(v, tolerance);
  for (const group of groups.values()) {
    const { model, index } = group[0];
    const add = (kind: Inconsistency["kind"], detail: string): void => {
      found.push({ model, index, kind, detail });
    };
    for (const r of group) {
      rowsChecked++;
      if (r.status !== "optimal" || r.l1 === null || r.verified !== true || r.bound === null || !Number.isFinite(r.bound)) continue;
      if (r.l1 - r.bound > r.relativeGap * r.l1 + slack(r.l1)) {
        add("optimal row outside its own gap", `${tag(r)} L1 ${r.l1}, bound ${r.bound}: gap ${((r.l1 - r.bound) / r.l1).toExponential(2)} > ${r.relativeGap}`);
      }
    }
    if (new Set(group.map(tag)).size < 2) {
      const [r] = group;
      if (r.l1 !== null && r.verified === true && r.bound !== null && Number.isFinite(r.bound) && r.bound > r.l1 + slack(r.l1)) {
        add("bound above an example", `${tag(r)} bound ${r.bound} > its own L1 ${r.l1}`);
      }
      continue;
    }
    imagesCompared++;
    const optima = group.filter((r) => r.table === 2 && r.status === "optimal" && r.l1 !== null && r.verified === true);
    const examples = group.filter((r) => r.l1 !== null && r.verified === true);
    const bounds = group.filter((r) => r.bound !== null && Number.isFinite(r.bound));
    if (optima.length > 0) imagesWithOptimum++;
    const lowOpt = optima.reduce<BenchRow | null>((m, r) => (m === null || r.l1! < m.l1! ? r : m), null);
    const highOpt = optima.reduce<BenchRow | null>((m, r) => (m === null || r.l1! > m.l1! ? r : m), null);
    if (lowOpt && highOpt && highOpt.l1! - lowOpt.l1! > slack(lowOpt.l1!)) {
      add("optima differ", `${tag(lowOpt)} ${lowOpt.l1} vs ${tag(highOpt)} ${highOpt.l1}`);
    }
    const bestExample = examples.reduce<BenchRow | null>((m, r) => (m === null || r.l1! < m.l1! ? r : m), null);
    const highBound = bounds.reduce<BenchRow | null>((m, r) => (m === null || r.bound! > m.bound! ? r : m), null);
    if (bestExample && highBound && highBound.bound! > bestExample.l1! + slack(bestExample.l1!)) {
      add("bound above an example", `${tag(highBound)} bound ${highBound.bound} > ${tag(bestExample)} L1 ${bestExample.l1}`);
    }
    if (lowOpt) {
      for (const r of group) {
        if (r.table !== 3 || r.status !== "optimal" || r.l1 === null || r.verified !== true) continue;
        if (r.l1 > lowOpt.l1! / 0.99 + slack(lowOpt.l1!)) add("Table 3 row outside its gap", `${tag(r)} L1 ${r.l1} > ${tag(lowOpt)} optimum ${lowOpt.l1} / 0.99`);
      }
    }
  }
  return { imagesCompared, imagesWithOptimum, rowsChecked, inconsistencies: found };
}

/** The report as markdown: a one-line verdict, then every inconsistency (at most `limit`). */
export function consistencyMarkdown(report: ConsistencyReport, limit = 20): string {
  const { imagesCompared, imagesWithOptimum, rowsChecked, inconsistencies } = report;
  const head =
    `## Cross-method consistency\n\n${imagesCompared} images have rows of several methods or tables (${imagesWithOptimum} with a Table 2 optimum). ` +
    "The minimal L1 distance is a property of the image, not of the method, so all Table 2 optima must agree, every proven bound must lie below every verified example, and every Table 3 row must be within 1 % of the optimum. " +
    `Each of the ${rowsChecked} rows is also checked on its own: its bound lies below its example, and an optimal row's bound is within the gap it was solved to (0 in Table 2, 1 % in Table 3).`;
  if (inconsistencies.length === 0) return `${head}\n\n✓ No disagreement.\n`;
  const lines = inconsistencies.slice(0, limit).map((x) => `- ${x.model.toUpperCase()} image ${x.index}: ${x.kind}: ${x.detail}`);
  const more = inconsistencies.length > limit ? [`- … and ${inconsistencies.length - limit} more`] : [];
  return `${head}\n\n**✗ ${inconsistencies.length} disagreements:**\n\n${[...lines, ...more].join("\n")}\n`;
}

/** What {@link checkAgainstOptimum} compared. */
export interface OptimumAgreement {
  /** Committed rows of the image (error rows left out). */
  readonly rowsCompared: number;
  readonly inconsistencies: readonly Inconsistency[];
}

/**
 * Holds the committed rows of one (network, image) against an optimum d^* of (9) proven
 * independently (notebook 04's live re-solve), by the rules of {@link checkConsistency}: every
 * Table 2 optimum equals d^*, no verified example lies below d^* and no proven bound above it,
 * and every optimal Table 3 row is within its 1 % gap (l1 ≤ d^* / 0.99).
 */
export function checkAgainstOptimum(
  rows: readonly BenchRow[],
  model: string,
  index: number,
  optimum: number,
  tolerance: number = CONSISTENCY_TOLERANCE,
): OptimumAgreement {
  const slack = optimumSlack(optimum, tolerance);
  const found: Inconsistency[] = [];
  const add = (kind: Inconsistency["kind"], detail: string): void => {
    found.push({ model, index, kind, detail });
  };
  const mine = rows.filter((r) => r.model === model && r.index === index && r.status !== "error");
  for (const r of mine) {
    const example = r.l1 !== null && r.verified === true ? r.l1 : null;
    if (r.table === 2 && r.status === "optimal" && example !== null && !sameOptimum(example, optimum, tolerance)) {
      add("optima differ", `${tag(r)} ${example} vs the optimum ${optimum}`);
    } else if (example !== null && example < optimum - slack) {
      add("bound above an example", `the optimum ${optimum} > ${tag(r)} L1 ${example}`);
    }
    if (r.bound !== null && Number.isFinite(r.bound) && r.bound > optimum + slack) {
      add("bound above an example", `${tag(r)} bound ${r.bound} > the optimum ${optimum}`);
    }
    if (r.table === 3 && r.status === "optimal" && example !== null && example > optimum / 0.99 + slack) {
      add("Table 3 row outside its gap", `${tag(r)} L1 ${example} > the optimum ${optimum} / 0.99`);
    }
  }
  return { rowsCompared: mine.length, inconsistencies: found };
}
