import { checkAgainstOptimum, checkConsistency } from "./consistency";
import { reverifyRows, type ReverifySources } from "./reverify";
import type { BenchRow } from "./row";

/**
 * Notebook 04's closing check of the committed study, as printable lines and a failure count:
 *
 * 1. every committed example re-verified from its row alone (`reverifyRows`: (8), the floor, the
 *    pixel domain (7e) and its L1 in float64);
 * 2. every live re-solve is optimal, verified and agrees with the image's committed rows
 *    (`checkAgainstOptimum`: equal Table 2 optima, no example below and no bound above d^*,
 *    Table 3 rows within their 1 % gap);
 * 3. all committed rows agree across methods and tables (`checkConsistency`).
 *
 * An empty `live` counts as a failure: the check must have re-solved something.
 */

/** One live re-solve of (9): the test image and what the solver proved. */
export interface LiveSolve {
  /** MNIST test index of the image. */
  readonly index: number;
  /** The solve's status ("optimal" is required to pass). */
  readonly status: string;
  /** The verified optimum d^*, null when none was found. */
  readonly l1: number | null;
  /** The example passed the float64 forward pass. */
  readonly verified: boolean;
}

/** The check's printable lines ("✓ …" / "✗ …", details indented) and how many checks failed. */
export interface StudyCheck {
  /** One "✓ …" / "✗ …" verdict per check, details indented under it. */
  readonly lines: readonly string[];
  /** Number of checks that failed (0 = everything holds). */
  readonly failures: number;
}

/**
 * Runs the three checks of the file comment on `rows` (both tables) for the live re-solves of
 * network `model`; at most `limit` details per check are listed.
 */
export function checkCommittedStudy(
  rows: readonly BenchRow[],
  model: string,
  live: readonly LiveSolve[],
  sources: ReverifySources,
  limit = 10,
): StudyCheck {
  const lines: string[] = [];
  let failures = 0;
  const mark = (ok: boolean): string => (ok ? "✓" : "✗");

  const reverified = reverifyRows(rows, sources);
  const bad = reverified.failures.length;
  failures += bad > 0 ? 1 : 0;
  lines.push(`${mark(bad === 0)} ${reverified.checked} committed examples re-verified in float64: (8), floor, domain, L1 (${bad} failures)`);
  for (const f of reverified.failures.slice(0, limit)) lines.push(`  ✗ T${f.table}/${f.method} ${f.model} image ${f.index}: ${f.reasons.join("; ")}`);

  if (live.length === 0) {
    failures++;
    lines.push(`✗ no live re-solve of ${model} to hold the committed rows against`);
  }
  for (const r of live) {
    const agreement = checkAgainstOptimum(rows, model, r.index, r.l1 ?? Number.NaN);
    const ok = r.status === "optimal" && r.verified && r.l1 !== null && agreement.inconsistencies.length === 0;
    failures += ok ? 0 : 1;
    lines.push(`${mark(ok)} image ${r.index}: live optimum ${r.l1?.toFixed(5) ?? "none"} (${r.status}${r.verified ? "" : ", not verified"}) agrees with the image's ${agreement.rowsCompared} committed rows`);
    for (const x of agreement.inconsistencies.slice(0, limit)) lines.push(`  ✗ ${x.kind}: ${x.detail}`);
  }

  const consistency = checkConsistency(rows);
  const disagreements = consistency.inconsistencies.length;
  failures += disagreements > 0 ? 1 : 0;
  lines.push(`${mark(disagreements === 0)} ${consistency.imagesCompared} images with rows of several methods or tables (${consistency.imagesWithOptimum} with a Table 2 optimum): ${disagreements} disagreements`);
  for (const x of consistency.inconsistencies.slice(0, limit)) lines.push(`  ✗ ${x.model} image ${x.index}: ${x.kind}: ${x.detail}`);
  return { lines, failures };
}
