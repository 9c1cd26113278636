import * as fs from "node:fs";
import * as path from "node:path";

/**
 * An append-only JSON-lines file, one row per line, at most one row per key; what a row is and
 * what its key is are given by a {@link JsonlSchema}. Benchmark results, the distance study's
 * cache and the bounds checkpoints are such files.
 *
 * Crash safety: each row is written with ONE `fs.writeSync` of `JSON.stringify(row) + "\n"` on a
 * descriptor opened with O_APPEND, then fsync'd, so a process killed at any instant (even by
 * SIGKILL) leaves at most a torn LAST line. {@link JsonlStore.open} detects such a line (no
 * final newline, not valid JSON, or not a row) and truncates it away, saying so on stderr; the
 * work it recorded is simply done again. A line other than the last that is not a row is
 * refused, naming file and line: that is not a crash but a damaged file. A row whose key an
 * earlier row already has is ignored with a warning. A lock file (`<file>.lock.tmp`, holding the
 * owner's pid) keeps two live processes from appending to the same file; a lock left by a dead
 * process is taken over. It does not separate the worker threads of one process (they share its
 * pid, and a thread terminated by a watchdog cannot release its lock): within a process there is
 * one writer per file — the study, for one, computes every bounds file (each with its checkpoint
 * store) before it starts the attack workers, which then only read them.
 */

/** What the rows of a store are: a type guard, the key that identifies a row, and a name. */
export interface JsonlSchema<Row> {
  /** What one row is called in messages, e.g. "result row". */
  readonly what: string;
  /** Whether a parsed line is a row. */
  isRow(value: unknown): value is Row;
  /** The text that identifies a row: at most one row per key in a file. */
  key(row: Row): string;
}

/** Options of {@link JsonlStore.open}. */
export interface JsonlStoreOptions {
  /** Where warnings go (default: a line on stderr). */
  readonly warn?: (message: string) => void;
  /** Take the lock file (default true); tests reading a file another process writes pass false. */
  readonly lock?: boolean;
}

/** What {@link JsonlStore.open} found and repaired. */
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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid written in a lock file, or NaN if it is unreadable or gone. */
function lockOwner(lockFile: string): number {
  try {
    return Number.parseInt(fs.readFileSync(lockFile, "utf8"), 10);
  } catch {
    return Number.NaN;
  }
}

/**
 * Tries to take `<file>.lock.tmp`: returns null when taken, or the pid of the live process that
 * holds it. With `ownPid` "take", a lock holding this process's own pid counts as stale (a
 * previous process with a recycled pid), with "refuse" as alive.
 */
function tryLock(lockFile: string, ownPid: "take" | "refuse"): number | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = lockOwner(lockFile);
      if (Number.isInteger(owner) && (owner !== process.pid || ownPid === "refuse") && pidAlive(owner)) return owner;
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`${lockFile}: could not take the lock`);
}

/** Takes `<file>.lock.tmp` ({@link tryLock}), or throws naming the live process that holds it. */
function takeLock(file: string, lockFile: string, ownPid: "take" | "refuse"): void {
  const owner = tryLock(lockFile, ownPid);
  if (owner !== null) throw new Error(`${lockFile}: ${path.basename(file)} is being written by process ${owner}; stop it first`);
}

/** The rows of a file's text; see the module comment for what is kept, skipped and refused. */
interface Scan<Row> {
  readonly rows: Row[];
  readonly duplicatesIgnored: number;
  /** Byte offset of a torn last line, or -1. */
  readonly truncateAt: number;
  /** Number of the torn line (1-based), if any. */
  readonly tornLine: number;
}

/**
 * Parses `text` line by line. `unterminated` says what a last line without its newline is: "torn"
 * (a writer always ends its line, so such a line is cut short; {@link JsonlStore.open} must drop
 * it so that appends start on a fresh line) or "row" if it parses as one (a reader need not care).
 */
function scan<Row>(file: string, text: Buffer, schema: JsonlSchema<Row>, warn: (message: string) => void, unterminated: "torn" | "row"): Scan<Row> {
  const rows: Row[] = [];
  const seen = new Set<string>();
  let duplicatesIgnored = 0;
  let offset = 0;
  let lineNo = 0;
  while (offset < text.length) {
    lineNo++;
    const nl = text.indexOf(0x0a, offset);
    const end = nl === -1 ? text.length : nl;
    const line = text.subarray(offset, end).toString("utf8");
    const isLast = nl === -1 || nl === text.length - 1;
    let parsed: unknown;
    let ok = nl !== -1 || unterminated === "row";
    if (ok && line.trim() !== "") {
      try {
        parsed = JSON.parse(line);
        ok = schema.isRow(parsed);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      if (!isLast) throw new Error(`${file}:${lineNo}: not a ${schema.what} (only the last line may be torn)`);
      return { rows, duplicatesIgnored, truncateAt: offset, tornLine: lineNo };
    }
    if (parsed !== undefined) {
      const row = parsed as Row;
      const k = schema.key(row);
      if (seen.has(k)) {
        duplicatesIgnored++;
        warn(`${file}:${lineNo}: duplicate ${schema.what} for ${k} ignored`);
      } else {
        seen.add(k);
        rows.push(row);
      }
    }
    offset = end + 1;
  }
  return { rows, duplicatesIgnored, truncateAt: -1, tornLine: 0 };
}

/** An open JSON-lines file; see the module comment for the guarantees. */
export class JsonlStore<Row> {
  private readonly keys = new Set<string>();
  private readonly loaded: Row[] = [];
  private fd: number | null;

  private constructor(
    /** Path of the JSON-lines file. */
    readonly file: string,
    private readonly schema: JsonlSchema<Row>,
    private readonly lockFile: string | null,
    /** What opening found and repaired. */
    readonly openReport: OpenReport,
    rows: Row[],
  ) {
    for (const row of rows) {
      this.keys.add(schema.key(row));
      this.loaded.push(row);
    }
    this.fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o644);
  }

  /**
   * Opens (creating if needed, with its folder) a JSON-lines file: reads its rows, truncates a
   * torn trailing line, and takes the lock.
   * @throws Error naming the file and line if a line other than the last is not a valid row, or
   *   naming the process that holds the lock
   */
  static open<Row>(file: string, schema: JsonlSchema<Row>, options: JsonlStoreOptions = {}): JsonlStore<Row> {
    const warn = options.warn ?? defaultWarn;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lockFile = options.lock === false ? null : `${file}.lock.tmp`;
    if (lockFile !== null) takeLock(file, lockFile, "take");
    try {
      const text = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
      const found = scan(file, text, schema, warn, "torn");
      let truncatedBytes = 0;
      if (found.truncateAt >= 0) {
        truncatedBytes = text.length - found.truncateAt;
        fs.truncateSync(file, found.truncateAt);
        warn(`${file}: truncated a torn last line (${truncatedBytes} bytes, line ${found.tornLine}); its work will be done again`);
      }
      const report = { rows: found.rows.length, truncatedBytes, duplicatesIgnored: found.duplicatesIgnored };
      return new JsonlStore<Row>(file, schema, lockFile, report, found.rows);
    } catch (e) {
      if (lockFile !== null) fs.rmSync(lockFile, { force: true });
      throw e;
    }
  }

  /** Every row: those read at open, then those appended since. */
  get rows(): readonly Row[] {
    return this.loaded;
  }

  /** Whether a row with this key (see {@link JsonlSchema.key}) is already stored. */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /**
   * Appends one row durably: one write of the whole line on the O_APPEND descriptor, then fsync.
   * @throws Error if a row with the same key is already stored, the store is closed, or the file
   *   was replaced or removed under it (nothing is written then)
   */
  append(row: Row): void {
    if (this.fd === null) throw new Error(`${this.file}: store is closed`);
    const k = this.schema.key(row);
    if (this.keys.has(k)) throw new Error(`${this.file}: a ${this.schema.what} for ${k} is already stored`);
    checkNotReplaced(this.file, this.fd);
    const buffer = Buffer.from(`${JSON.stringify(row)}\n`, "utf8");
    let written = fs.writeSync(this.fd, buffer);
    // A regular file takes the whole buffer in one write; finish a short write rather than lose it.
    while (written < buffer.length) written += fs.writeSync(this.fd, buffer, written);
    fs.fsyncSync(this.fd);
    this.keys.add(k);
    this.loaded.push(row);
  }

  /**
   * Removes every row `drop` selects, so that its work can be done again (the study's
   * `--retry-errors`): the kept rows are written to a temporary file of the same folder, fsync'd
   * and renamed over the file (the folder fsync'd too), under the lock, so a reader or a kill at
   * any instant sees either the old or the new file, never a part of one. Appends then go to the
   * new file.
   * @returns the removed rows, in file order (none: the file is not touched)
   * @throws Error if the store is closed or the file was replaced or removed under it
   */
  removeRows(drop: (row: Row) => boolean): Row[] {
    if (this.fd === null) throw new Error(`${this.file}: store is closed`);
    checkNotReplaced(this.file, this.fd);
    const removed: Row[] = [];
    const kept: Row[] = [];
    for (const row of this.loaded) (drop(row) ? removed : kept).push(row);
    if (removed.length === 0) return [];
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.rewrite.tmp`);
    let fd: number;
    try {
      const out = fs.openSync(tmp, "w", 0o644);
      try {
        fs.writeFileSync(out, kept.map((row) => `${JSON.stringify(row)}\n`).join(""));
        fs.fsyncSync(out);
      } finally {
        fs.closeSync(out);
      }
      fs.renameSync(tmp, this.file);
      syncFolder(dir); // the rename itself survives a power loss
      fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND, 0o644);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`${this.file}: cannot rewrite without the removed rows: ${(e as Error).message}`);
    }
    // Only now let go of the old descriptor (a failure above leaves the store as it was, or, after the
    // rename, refusing appends through checkNotReplaced).
    fs.closeSync(this.fd);
    this.fd = fd;
    this.loaded.length = 0;
    this.loaded.push(...kept);
    this.keys.clear();
    for (const row of kept) this.keys.add(this.schema.key(row));
    return removed;
  }

  /** Closes the file and releases the lock. Idempotent. */
  close(): void {
    if (this.fd !== null) {
      fs.closeSync(this.fd);
      this.fd = null;
      if (this.lockFile !== null) fs.rmSync(this.lockFile, { force: true });
    }
  }
}

/**
 * Reads the rows of a JSON-lines file without opening it for writing (no lock, no repair): a
 * missing file gives no rows; a torn last line is skipped and a later duplicate key ignored, as
 * {@link JsonlStore.open} would (a complete last row lacking only its newline is kept), telling
 * `warn` about the torn line (default: silently, as a reader of a file being written sees one).
 * @throws Error naming the file and line if a line other than the last is not a valid row
 */
export function readJsonl<Row>(file: string, schema: JsonlSchema<Row>, warn: (message: string) => void = () => undefined): Row[] {
  if (!fs.existsSync(file)) return [];
  const found = scan(file, fs.readFileSync(file), schema, warn, "row");
  if (found.tornLine > 0) warn(`${file}: line ${found.tornLine} is torn (a writer killed mid-line, or one still writing); it is left out, and the next bench run on this file truncates it and redoes its job`);
  return found.rows;
}

/**
 * Deletes a JSON-lines file nobody is writing: takes its lock (refusing it while any live
 * process holds it, this one included), removes the file, releases the lock.
 * @returns false (and leaves the file) if a live process holds the lock
 */
export function removeJsonl(file: string): boolean {
  const lockFile = `${file}.lock.tmp`;
  if (tryLock(lockFile, "refuse") !== null) return false;
  try {
    fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
  return true;
}

/**
 * Takes `<file>.lock.tmp` for an append-only writer that is not a {@link JsonlStore} (the
 * adversarial data-set writer), as the store takes its own; returns the function that releases it.
 * @throws Error naming the live process that holds the lock
 */
export function takeWriterLock(file: string): () => void {
  const lockFile = `${file}.lock.tmp`;
  takeLock(file, lockFile, "take");
  return () => fs.rmSync(lockFile, { force: true });
}

/** fsyncs a folder, so that a rename in it is durable (a no-op where folders cannot be opened, e.g. Windows). */
function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, "r");
    fs.fsyncSync(fd);
  } catch {
    // not supported on this platform: the rename is atomic, only its durability is not forced
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * Throws unless `fd` is still the file at `file`. A file replaced under an appending writer (git
 * checkout or stash, an editor's save) would take every further line into an unlinked inode,
 * silently; writers call this before each append and write nothing when it throws.
 */
export function checkNotReplaced(file: string, fd: number): void {
  const opened = fs.fstatSync(fd);
  const onDisk = fs.existsSync(file) ? fs.statSync(file) : null;
  if (onDisk === null || onDisk.ino !== opened.ino || onDisk.dev !== opened.dev) {
    throw new Error(`${file}: the file was replaced or removed while this process appended to it (git checkout or stash?); nothing written, open it again`);
  }
}
