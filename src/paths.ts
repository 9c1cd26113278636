import * as path from "node:path";

/** The project root (the folder holding package.json), wherever the caller runs from. */
export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Shipped networks: `data/models/<name>.json`. */
export const MODELS_DIR = path.join(PROJECT_ROOT, "data", "models");

/** Saved bound sets: `data/bounds/<name>-<method>.json`. */
export const BOUNDS_DIR = path.join(PROJECT_ROOT, "data", "bounds");

/** Committed experiment results (benchmarks, robustness study). */
export const RESULTS_DIR = path.join(PROJECT_ROOT, "results");

/** Executed notebooks and HTML reports written by `npm run replicate` (git-ignored). */
export const REPORTS_DIR = path.join(PROJECT_ROOT, "reports");
