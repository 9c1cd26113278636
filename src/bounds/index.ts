/** Pre-activation bounds as data (thesis 3.2): interval, LP, MILP and weak-MILP tightening. */
export * from "./types";
export { intervalBounds, intervalLayer, activationBounds } from "./interval";
export { tightenLayers, padBound, type BoundsProgress, type TightenOptions } from "./tighten";
export { computeBounds, DEFAULT_TIME_LIMIT_PER_BOUND, type ComputeBoundsOptions } from "./compute";
export { boundsPath, saveBounds, loadBounds, parseBounds, networkFingerprint, checkBoundsFit, type StoredBounds } from "./io";
export {
  openBoundsCheckpoint,
  checkpointPath,
  checkpointKeyText,
  removeStaleCheckpoints,
  type BoundsCheckpoint,
  type BoundsCheckpointFile,
  type BoundsCheckpointOptions,
  type CheckpointKey,
} from "./checkpoint";
export { resolveBounds, type ResolveBoundsOptions } from "./resolve";
export { boundViolations, type BoundViolation } from "./check";
export { ascendPreActivations, ascentViolations, ascentSlack, projectToBallBox, type AscentOptions, type AscentResult, type AscentViolation } from "./ascent-check";
