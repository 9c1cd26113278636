import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { threadId } from "node:worker_threads";

/**
 * Writes `text` to `file` atomically: into a temporary file of the same folder (unique per
 * process and thread), then `fs.renameSync` over `file`. A reader, or another run writing the
 * same file at the same time, sees either the old or a complete new file, never a torn or mixed
 * one; the temporary file is removed if the write fails.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${threadId}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`cannot write ${file}: ${(e as Error).message}`);
  }
}
