import type { BenchTable } from "./row";

/**
 * The settings every instance of the performance study shares (thesis 4.2), in a module of their
 * own so that code which only reads the results (src/bench/reverify.ts, notebooks) need not load
 * the study's worker pool.
 */

/** Ratio of (8) used throughout the thesis. */
export const THESIS_RATIO = 1.2;
/** Floor on the target output x^K_d (thesis 4.1, Fig. 4c); that the thesis' study (4.2) used it is our reading, the thesis does not say. */
export const THESIS_MIN_ACTIVATION = 0.01;
/** Relative gap of each table. */
export const TABLE_GAP: Readonly<Record<BenchTable, number>> = { 2: 0, 3: 0.01 };
