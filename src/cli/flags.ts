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

/** What a numeric flag may hold (see {@link numberFlag}). */
export type NumberKind = "positive" | "positive integer" | "integer >= 0";

const KIND_TEXT: Readonly<Record<NumberKind, string>> = {
  positive: "a positive number",
  "positive integer": "a positive integer",
  "integer >= 0": "a whole number >= 0",
};

/**
 * A numeric flag of a {@link parseFlags} map: `fallback` when absent, else its value, which must be
 * a finite number of the given kind; an error names the flag and the value otherwise.
 */
export function numberFlag(values: ReadonlyMap<string, string>, flag: string, fallback: number, kind: NumberKind = "positive"): number {
  const text = values.get(flag);
  if (text === undefined) return fallback;
  const n = text.trim() === "" ? Number.NaN : Number(text);
  const ok = kind === "positive" ? n > 0 && Number.isFinite(n) : kind === "positive integer" ? Number.isInteger(n) && n > 0 : Number.isInteger(n) && n >= 0;
  if (!ok) throw new Error(`${flag} must be ${KIND_TEXT[kind]}, got "${text}"`);
  return n;
}

/** A comma-separated list flag (`--models dnn1,dnn2`): `fallback` when absent; an empty entry is an error naming the flag. */
export function listFlag(values: ReadonlyMap<string, string>, flag: string, fallback: readonly string[]): string[] {
  const text = values.get(flag);
  if (text === undefined) return [...fallback];
  const items = text.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new Error(`${flag} must be a comma-separated list without empty entries, got "${text}"`);
  return items;
}

/** A comma-separated list of whole numbers >= 0 (`--indices 1,11,13`), or null when absent. */
export function indexListFlag(values: ReadonlyMap<string, string>, flag: string): number[] | null {
  if (!values.has(flag)) return null;
  return listFlag(values, flag, []).map((item) => numberFlag(new Map([[flag, item]]), flag, 0, "integer >= 0"));
}
