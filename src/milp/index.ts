/** Solver-neutral MILP data (`Model`, `ModelBuilder`), its LP/MPS/scipy exports and the solution check. */
export * from "./model";
export { writeLp, lpNames } from "./lp-format";
export { writeMps, mpsNames } from "./mps-format";
export { modelToArraysJson } from "./scipy-json";
export { modelToArrays, type ModelArrays } from "./arrays";
export { checkSolution, type CheckOptions, type SolutionCheck, type Violation } from "./check";
