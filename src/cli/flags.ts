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
 * (`"--net" -> "dnn1"`). An unknown flag, a flag given twice, or a value flag without a value (or
 * followed by another flag), is an error that names it.
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
    if (values.has(flag)) throw new Error(`${flag} is given twice${suffix}`);
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

/** What a numeric flag may hold (see {@link parseNumber}). */
export type NumberKind = "number" | "positive" | ">= 0" | "integer" | "positive integer" | "integer >= 0";

const KIND_TEXT: Readonly<Record<NumberKind, string>> = {
  number: "a number",
  positive: "a positive number",
  ">= 0": "a number >= 0",
  integer: "an integer",
  "positive integer": "a positive integer",
  "integer >= 0": "a whole number >= 0",
};

/**
 * The number a flag's text holds, in plain decimal notation ("1", "-2.5", ".5", "1e-3"; not hex,
 * binary, "Infinity" or empty), if it is of the given kind; else an error message naming the flag
 * and the text. Every script's numeric flags go through here.
 */
export function parseNumber(flag: string, text: string, kind: NumberKind): { readonly value: number } | { readonly error: string } {
  const n = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text) ? Number(text) : Number.NaN;
  const ok =
    Number.isFinite(n) &&
    (kind === "number" ||
      (kind === "positive" && n > 0) ||
      (kind === ">= 0" && n >= 0) ||
      (kind === "integer" && Number.isInteger(n)) ||
      (kind === "positive integer" && Number.isInteger(n) && n > 0) ||
      (kind === "integer >= 0" && Number.isInteger(n) && n >= 0));
  return ok ? { value: n } : { error: `${flag} must be ${KIND_TEXT[kind]}, got "${text}"` };
}

/**
 * A numeric flag of a {@link parseFlags} map: `fallback` when absent, else its value, which must be
 * a number of the given kind ({@link parseNumber}); an error names the flag and the value otherwise.
 */
export function numberFlag(values: ReadonlyMap<string, string>, flag: string, fallback: number, kind: NumberKind = "positive"): number {
  const text = values.get(flag);
  if (text === undefined) return fallback;
  const parsed = parseNumber(flag, text, kind);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed.value;
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
