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
