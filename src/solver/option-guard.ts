/**
 * The solver options that decide what "optimal" and "time-limit" mean are set through
 * `timeLimit` and `relativeGap`, which the result's status and proven bound are read against: a
 * `solverOptions` entry may repeat them but not change them (a `mip_rel_gap` of 0.05 would report
 * "optimal" at a 5 % gap), nor loosen HiGHS' absolute gap beyond its default 1e-6, nor set a
 * cutoff (`objective_bound`, `objective_target`).
 * @returns null, or the error naming the option and what to use instead.
 */
export function statusOptionClash(key: string, value: string | number | boolean, timeLimit: number, relativeGap: number): string | null {
  if (key === "time_limit" && value !== timeLimit) return `solverOptions.time_limit = ${JSON.stringify(value)}: set the limit with timeLimit (${timeLimit} s here)`;
  if (key === "mip_rel_gap" && value !== relativeGap) return `solverOptions.mip_rel_gap = ${JSON.stringify(value)}: set the gap with relativeGap (${relativeGap} here), which "optimal" is read against`;
  if (key === "mip_abs_gap" && !(typeof value === "number" && value <= 1e-6)) return `solverOptions.mip_abs_gap = ${JSON.stringify(value)}: at most HiGHS' default 1e-6, or "optimal" would not be a proven optimum; use relativeGap to stop early`;
  // A cutoff or target makes HiGHS stop or prune on a value of ours: "infeasible" would then mean "nothing better than it".
  if (key === "objective_bound" || key === "objective_target") return `solverOptions.${key}: a cutoff changes what "infeasible" and "optimal" mean; add a row on the objective instead`;
  return null;
}
