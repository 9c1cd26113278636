/**
 * The classification margin of thesis (8) and (10h)-(10j): the true class d must have an
 * activation at least `ratio` (1.2, i.e. 20 % larger) times every other output and at least
 * `floor` (0.01, (10j)).
 */

/** The margin parameters; defaults are the thesis' (ratio 1.2, floor 0.01). */
export interface MarginSpec {
  /** x_d^K ≥ ratio · x_j^K for every j ≠ d (default 1.2). */
  readonly ratio?: number;
  /** x_d^K ≥ floor (default 0.01, (10j)). */
  readonly floor?: number;
}

/** The thesis' ratio 1.2 of (8) and (10h). */
export const DEFAULT_RATIO = 1.2;
/** The thesis' floor 0.01 of (10j). */
export const DEFAULT_FLOOR = 0.01;

/**
 * True when `output` classifies as `label` with the margin, checked exactly in float64:
 * x_d ≥ ratio · x_j for all j ≠ d and x_d ≥ floor.
 */
export function hasMargin(output: ArrayLike<number>, label: number, spec: MarginSpec = {}): boolean {
  const ratio = spec.ratio ?? DEFAULT_RATIO;
  const floor = spec.floor ?? DEFAULT_FLOOR;
  const xd = output[label];
  if (!(xd >= floor)) return false;
  for (let j = 0; j < output.length; j++) if (j !== label && !(xd >= ratio * output[j])) return false;
  return true;
}
