import type { BenchRow } from "./row";

/**
 * Whether a row counts as "Solved": infeasibility, or a proven optimum (within the table's gap)
 * whose example passed the float64 re-check. An "optimal" whose example failed it, or that has no
 * example to check (an optimal solve of (9) always has one), proves nothing.
 */
export function isSolved(row: Pick<BenchRow, "status" | "verified">): boolean {
  return row.status === "infeasible" || (row.status === "optimal" && row.verified === true);
}

/** The relative gap of a row in [0, 1] (Gap in `report.ts`): its own gap, else (l1 − bound) / l1; 0 when infeasible (or optimal without either), else 1. */
export function rowGap(row: Pick<BenchRow, "status" | "gap" | "l1" | "bound">): number {
  if (row.status === "infeasible") return 0;
  if (row.gap !== null && Number.isFinite(row.gap)) return Math.min(1, Math.max(0, row.gap));
  if (row.l1 !== null && row.bound !== null && row.l1 > 0) return Math.min(1, Math.max(0, (row.l1 - row.bound) / row.l1));
  if (row.status === "optimal") return 0;
  return 1;
}
