import * as fs from "node:fs";
import * as path from "node:path";
import { keyString, type ResultKey } from "./row";

/**
 * An append-only JSON-lines file of results, one row per line, at most one row per
 * {@link ResultKey} (table, model, method, index).
 *
 * Crash safety: each row is written with ONE `fs.writeSync` of `JSON.stringify(row) + "\n"` on a
 * descriptor opened with O_APPEND, then fsync'd, so a process killed at any instant (even by
 * SIGKILL) leaves at most a torn LAST line. {@link ResultsStore.open} detects such a line (no
 * final newline, or not valid JSON) and truncates it away, saying so on stderr; the job it
 * belonged to is simply run again. A lock file (`<file>.lock.tmp`, holding the owner's pid)
 * keeps two live processes from appending to the same file; a lock left by a dead process is
 * taken over.
 */

/** Options of {@link ResultsStore.open}. */
export interface ResultsStoreOptions {
  /** Where warnings go (default: a line on stderr). */
  readonly warn?: (message: string) => void;
  /** Take the lock file (default true); tests reading a file another process writes pass false. */
  readonly lock?: boolean;
}

/** What {@link ResultsStore.open} found and repaired. */
export interface OpenReport {
  /** Rows read from the file. */
  readonly rows: number;
  /** Bytes of a torn trailing line that were truncated away (0 if none). */
  readonly truncatedBytes: number;
  /** Rows ignored because an earlier row had the same key. */
  readonly duplicatesIgnored: number;
}

function defaultWarn(message: string): void {
  process.stderr.write(`${message}\n`);
}

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes `<file>.lock.tmp`, or throws naming the live process that holds it. */
function takeLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number.parseInt(fs.readFileSync(lockFile, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && pidAlive(owner)) {
        throw new Error(`${lockFile}: results file is being written by process ${owner}; stop it first`);
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`${lockFile}: could not take the lock`);
}

/** An open results file; see the module comment for the guarantees. */
export class ResultsStore<Row extends ResultKey> {
  private readonly keys = new Set<string>();
  private readonly loaded: Row[] = [];
  private fd: number | null;

  private constructor(
    /** Path of the JSON-lines file. */
    readonly file: string,
    private readonly lockFile: string | null,
    /** What opening found and repaired. */
    readonly openReport: OpenReport,
    rows: Row[],
  ) {
    for (const row of rows) {
      this.keys.add(keyString(row));
      this.loaded.push(row);
    }
    this.fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
  }

  /**
   * Opens (creating if needed) a results file: reads its rows, truncates a torn trailing line,
   * and takes the lock.
   * @throws Error naming the file and line if a line other than the last is not a valid row
   */
  static open<Row extends ResultKey>(file: string, options: ResultsStoreOptions = {}): ResultsStore<Row> {
    const warn = options.warn ?? defaultWarn;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lockFile = options.lock === false ? null : `${file}.lock.tmp`;
    if (lockFile !== null) takeLock(lockFile);
    try {
      const text = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
      const rows: Row[] = [];
      const seen = new Set<string>();
      let duplicatesIgnored = 0;
      let offset = 0;
      let lineNo = 0;
      let truncateAt = -1;
      while (offset < text.length) {
        lineNo++;
        const nl = text.indexOf(0x0a, offset);
        const end = nl === -1 ? text.length : nl;
        const line = text.subarray(offset, end).toString("utf8");
        const isLast = nl === -1 || nl === text.length - 1;
        let parsed: unknown;
        let ok = nl !== -1;
        if (ok && line.trim() !== "") {
          try {
            parsed = JSON.parse(line);
            ok = isResultKey(parsed);
          } catch {
            ok = false;
          }
        }
        if (!ok) {
          if (!isLast) throw new Error(`${file}:${lineNo}: not a result row (only the last line may be torn)`);
          truncateAt = offset;
          break;
        }
        if (parsed !== undefined) {
          const row = parsed as Row;
          const k = keyString(row);
          if (seen.has(k)) {
            duplicatesIgnored++;
            warn(`${file}:${lineNo}: duplicate row for ${k} ignored`);
          } else {
            seen.add(k);
            rows.push(row);
          }
        }
        offset = end + 1;
      }
      let truncatedBytes = 0;
      if (truncateAt >= 0) {
        truncatedBytes = text.length - truncateAt;
        fs.truncateSync(file, truncateAt);
        warn(`${file}: truncated a torn last line (${truncatedBytes} bytes, line ${lineNo}); its job will run again`);
      }
      return new ResultsStore<Row>(file, lockFile, { rows: rows.length, truncatedBytes, duplicatesIgnored }, rows);
    } catch (e) {
      if (lockFile !== null) fs.rmSync(lockFile, { force: true });
      throw e;
    }
  }

  /** Every row: those read at open, then those appended since. */
  get rows(): readonly Row[] {
    return this.loaded;
  }

  /** Whether a row with this key is already stored. */
  has(key: ResultKey): boolean {
    return this.keys.has(keyString(key));
  }

  /**
   * Appends one row durably: one write of the whole line on the O_APPEND descriptor, then fsync.
   * @throws Error if a row with the same key is already stored, or the store is closed
   */
  append(row: Row): void {
    if (this.fd === null) throw new Error(`${this.file}: results store is closed`);
    const k = keyString(row);
    if (this.keys.has(k)) throw new Error(`${this.file}: a row for ${k} is already stored`);
    const buffer = Buffer.from(`${JSON.stringify(row)}\n`, "utf8");
    let written = fs.writeSync(this.fd, buffer);
    // A regular file takes the whole buffer in one write; finish a short write rather than lose it.
    while (written < buffer.length) written += fs.writeSync(this.fd, buffer, written);
    fs.fsyncSync(this.fd);
    this.keys.add(k);
    this.loaded.push(row);
  }

  /** Closes the file and releases the lock. Idempotent. */
  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
    }
    if (this.lockFile !== null) fs.rmSync(this.lockFile, { force: true });
  }
}

/**
 * Reads the rows of a results file without opening it for writing (no lock, no repair):
 * a torn last line is skipped; a missing file gives no rows.
 */
export function readResults<Row extends ResultKey>(file: string): Row[] {
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const rows: Row[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      if (i === lines.length - 1) return;
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    if (!isResultKey(parsed)) throw new Error(`${file}:${i + 1}: not a result row (table/model/method/index)`);
    const k = keyString(parsed);
    if (seen.has(k)) return;
    seen.add(k);
    rows.push(parsed as Row);
  });
  return rows;
}
