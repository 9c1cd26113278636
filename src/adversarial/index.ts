/** Minimum-deviation adversarial examples (thesis 3.3, (8), (9)). */
export * from "./types";
export { adversarialTarget } from "./target";
export { adversarialSpec, deltaSumRow, keepPixelsUnchanged, type AdversarialSpec } from "./spec";
export { buildAdversarialModel, adversarialStart, type AdversarialModel, type BuildAdversarialOptions } from "./build";
export { verifyAdversarial, isVerified, VERIFY_TOLERANCE } from "./verify";
export { OPTIMUM_TOLERANCE, optimumSlack, sameOptimum } from "./optimum";
export { exampleFields, withVerifiedExample, type ExampleFields } from "./example-fields";
export { findAdversarialExample, prepareAdversarial, adversarialBounds } from "./find";
export { findUntargeted, type UntargetedOptions, type UntargetedResult, type TargetOutcome } from "./untargeted";
