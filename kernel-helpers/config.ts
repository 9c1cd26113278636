/**
 * Run-size settings that notebooks read. `npm run replicate -- --full` sets the environment
 * variable `REPLICATE_FULL=1`; in an interactive kernel set it before starting Jupyter (or assign
 * `process.env.REPLICATE_FULL = "1"` in a cell) to run the thesis-sized experiments.
 */

/** Name of the environment variable that switches notebooks to thesis-sized runs. */
export const FULL_RUN_ENV = "REPLICATE_FULL";

/**
 * Name of the environment variable set by `npm run replicate`: the report page itself embeds
 * plotly.js once, so plots must not embed it again.
 */
export const REPORT_RUN_ENV = "REPLICATE_REPORT";

function envFlag(name: string): boolean {
  const value = process.env[name];
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** True when the thesis-sized experiments are requested (`REPLICATE_FULL=1`). */
export function fullRun(): boolean {
  return envFlag(FULL_RUN_ENV);
}

/** True inside `npm run replicate`, whose HTML report provides plotly.js. */
export function reportRun(): boolean {
  return envFlag(REPORT_RUN_ENV);
}

/** `small` for the default quick run, `full` for the thesis-sized run (`fullRun()`). */
export function bySize<T>(small: T, full: T): T {
  return fullRun() ? full : small;
}

/** Sizes shared by the notebooks; every notebook reads them through this function. */
export interface RunSizes {
  /** MNIST test images used to recompute accuracies (thesis: all 10,000). */
  readonly accuracyImages: number;
  /** Images per network for adversarial-example experiments (thesis 4.2: 100). */
  readonly imagesPerNetwork: number;
  /** Time limit in seconds for one MILP solve (thesis 4.2: 300 s). */
  readonly timeLimitSeconds: number;
}

/** The sizes for the current run: small by default, the thesis' sizes with `--full`. */
export function runSizes(): RunSizes {
  return fullRun()
    ? { accuracyImages: 10000, imagesPerNetwork: 100, timeLimitSeconds: 300 }
    : { accuracyImages: 2000, imagesPerNetwork: 5, timeLimitSeconds: 30 };
}
