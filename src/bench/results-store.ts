import { JsonlStore, readJsonl, type JsonlSchema, type JsonlStoreOptions, type OpenReport } from "../store/jsonl-store";
import { keyString, type ResultKey } from "./row";

/**
 * The benchmark's results files (`results/table2.jsonl`, ...): a {@link JsonlStore} of rows with
 * at most one row per {@link ResultKey} (table, model, method, index).
 *
 * Crash safety is the store's: each row is written with ONE `fs.writeSync` of the whole line on a
 * descriptor opened with O_APPEND, then fsync'd, so a process killed at any instant (even by
 * SIGKILL) leaves at most a torn LAST line. {@link ResultsStore.open} detects such a line and
 * truncates it away, saying so on stderr; the job it belonged to is simply run again. A lock file
 * (`<file>.lock.tmp`, holding the owner's pid) keeps two live processes from appending to the same
 * file; a lock left by a dead process is taken over.
 */

/** Options of {@link ResultsStore.open}. */
export type ResultsStoreOptions = JsonlStoreOptions;

export type { OpenReport };

function isResultKey(value: unknown): value is ResultKey {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.table === 2 || v.table === 3) &&
    typeof v.model === "string" &&
    typeof v.method === "string" &&
    typeof v.index === "number" &&
    Number.isInteger(v.index)
  );
}

/** The schema of a results file: every object with a valid key (table/model/method/index) is a row. */
export function benchRowSchema<Row extends ResultKey>(): JsonlSchema<Row> {
  return { what: "result row", isRow: (value): value is Row => isResultKey(value), key: keyString };
}

/** An open results file; see the module comment for the guarantees. */
export class ResultsStore<Row extends ResultKey> {
  private constructor(private readonly store: JsonlStore<Row>) {}

  /**
   * Opens (creating if needed) a results file: reads its rows, truncates a torn trailing line,
   * and takes the lock.
   * @throws Error naming the file and line if a line other than the last is not a valid row
   */
  static open<Row extends ResultKey>(file: string, options: ResultsStoreOptions = {}): ResultsStore<Row> {
    return new ResultsStore<Row>(JsonlStore.open(file, benchRowSchema<Row>(), options));
  }

  /** Path of the JSON-lines file. */
  get file(): string {
    return this.store.file;
  }

  /** What opening found and repaired. */
  get openReport(): OpenReport {
    return this.store.openReport;
  }

  /** Every row: those read at open, then those appended since. */
  get rows(): readonly Row[] {
    return this.store.rows;
  }

  /** Whether a row with this key is already stored. */
  has(key: ResultKey): boolean {
    return this.store.has(keyString(key));
  }

  /**
   * Appends one row durably: one write of the whole line on the O_APPEND descriptor, then fsync.
   * @throws Error if a row with the same key is already stored, or the store is closed
   */
  append(row: Row): void {
    this.store.append(row);
  }

  /**
   * Removes every row `drop` selects (the file is rewritten atomically under the lock; see
   * {@link JsonlStore.removeRows}), so their jobs count as pending again.
   * @returns the removed rows
   */
  removeRows(drop: (row: Row) => boolean): Row[] {
    return this.store.removeRows(drop);
  }

  /** Closes the file and releases the lock. Idempotent. */
  close(): void {
    this.store.close();
  }
}

/**
 * Reads the rows of a results file without opening it for writing (no lock, no repair):
 * a torn last line is skipped (and named to `warn`, if given); a missing file gives no rows.
 */
export function readResults<Row extends ResultKey>(file: string, warn?: (message: string) => void): Row[] {
  return readJsonl(file, benchRowSchema<Row>(), warn);
}
