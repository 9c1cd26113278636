/** What {@link parseFlags} accepts. */
export interface FlagSpec {
  /** Flags that take a value, e.g. `["--net", "--time-limit"]`. */
  readonly values: readonly string[];
  /** Flags without a value (recorded as "1"), e.g. `["--distance"]`. */
  readonly switches?: readonly string[];
  /** Printed for `--help` / `-h` (then the process exits 0) and appended to every error. */
  readonly usage?: string;
}

/**
 * Parses `--flag value` and `--switch` arguments of a script into a map keyed by the flag
 * (`"--net" -> "dnn1"`). An unknown flag, or a value flag without a value (or followed by another
 * flag), is an error that names it.
 */
export function parseFlags(argv: readonly string[], spec: FlagSpec): Map<string, string> {
  const values = new Map<string, string>();
  const suffix = spec.usage === undefined ? "" : `\n${spec.usage}`;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if ((flag === "--help" || flag === "-h") && spec.usage !== undefined) {
      process.stdout.write(`${spec.usage}\n`);
      process.exit(0);
    }
    if (spec.switches?.includes(flag) === true) {
      values.set(flag, "1");
      continue;
    }
    if (!spec.values.includes(flag)) throw new Error(`unknown argument ${JSON.stringify(flag)}${suffix}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value${suffix}`);
    values.set(flag, value);
    i++;
  }
  return values;
}
