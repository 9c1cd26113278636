import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { JsonlStore, removeJsonl, type JsonlSchema, type JsonlStoreOptions } from "../store/jsonl-store";
import type { NeuronBounds } from "./tighten";
import type { BoundsMethod, InputDomain, NeuronBoundSource } from "./types";

/**
 * Resumable bound tightening (thesis 3.2). The improved model's bounds of a deep network take
 * hours in wasm HiGHS (DNN4: 2,741 s; DNN5 more), so every unit's bounds are appended to a
 * checkpoint file as soon as they are proven; a killed run restarted with the same settings skips
 * the units already there.
 *
 * The checkpoint of bounds file `<dir>/<name>.json` for settings `key` is the JSON-lines file
 * `<dir>/<name>.partial-<hash>.jsonl`, `<hash>` = the first 12 hex digits of the SHA-256 of the
 * key's text: other weights or settings simply make another file. It is a `JsonlStore` (one
 * fsync'd O_APPEND line `{ layer, unit, lower, upper, seconds, source }` per unit, at most one per
 * `layer/unit`, a torn last line truncated on open, a lock file while a run writes it).
 *
 * Soundness does not depend on the resumed run repeating the earlier one: a unit's bounds of layer
 * k are proven over the model of layers 1..k-1 built with sound bounds, whichever sound bounds those
 * were, and the earlier layers are restored from the same checkpoint.
 */

/** What must match for a checkpoint to be resumed: the weights and every setting of the solves. */
export interface CheckpointKey {
  /** SHA-256 fingerprint of the weights (`networkFingerprint`). */
  readonly networkFingerprint: string;
  readonly method: BoundsMethod;
  readonly inputDomain: InputDomain;
  readonly timeLimitPerBound: number;
  readonly skipStable: boolean;
  readonly solverOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** The units proven so far, by layer k (1-based) then unit j. */
export type SolvedUnits = ReadonlyMap<number, ReadonlyMap<number, NeuronBounds>>;

/** A checkpoint that {@link tightenLayers} reads from and appends to. */
export interface BoundsCheckpoint {
  /** Units proven by earlier, interrupted runs. */
  readonly solved: SolvedUnits;
  /** Appends one newly proven unit; it is on disk when this returns. */
  record(layer: number, unit: number, bounds: NeuronBounds): void;
}

/** A checkpoint file opened by {@link openBoundsCheckpoint}. */
export interface BoundsCheckpointFile extends BoundsCheckpoint {
  /** Path of the checkpoint file ({@link checkpointPath}). */
  readonly file: string;
  /** Units restored from the file when it was opened. */
  readonly resumedUnits: number;
  /** Seconds the restored units took in the earlier runs (sum of their per-unit seconds). */
  readonly resumedSeconds: number;
  /** Deletes the file (once the complete bounds are saved) and releases its lock. */
  remove(): void;
  /** Releases the lock and keeps the file for a later run (a failed or interrupted one). Idempotent. */
  close(): void;
}

/** One line of a checkpoint: the proven bounds of unit `unit` of layer `layer`. */
interface UnitLine extends NeuronBounds {
  readonly layer: number;
  readonly unit: number;
}

const SOURCES: readonly NeuronBoundSource[] = ["interval", "optimal", "dual-bound", "fallback"];

function isUnitLine(value: unknown): value is UnitLine {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    Number.isInteger(r.layer) &&
    Number.isInteger(r.unit) &&
    typeof r.lower === "number" &&
    typeof r.upper === "number" &&
    typeof r.seconds === "number" &&
    r.lower <= r.upper &&
    SOURCES.includes(r.source as NeuronBoundSource)
  );
}

const UNIT_LINE: JsonlSchema<UnitLine> = {
  what: "bounds checkpoint unit",
  isRow: isUnitLine,
  key: (line) => `${line.layer}/${line.unit}`,
};

/** Stable JSON of a key (sorted object keys) so equal settings compare equal as text. */
export function checkpointKeyText(key: CheckpointKey): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : typeof v === "object" && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(key));
}

function boundsBase(boundsFile: string): string {
  return path.join(path.dirname(boundsFile), path.basename(boundsFile, ".json"));
}

/** `data/bounds/<network>-<method>.json` → `data/bounds/<network>-<method>.partial-<hash>.jsonl` (see the module comment). */
export function checkpointPath(boundsFile: string, key: CheckpointKey): string {
  const hash = createHash("sha256").update(checkpointKeyText(key)).digest("hex").slice(0, 12);
  return `${boundsBase(boundsFile)}.partial-${hash}.jsonl`;
}

/** Options of {@link openBoundsCheckpoint}. */
export interface BoundsCheckpointOptions {
  /** Where warnings (a torn last line) go (default: a line on stderr). */
  readonly warn?: JsonlStoreOptions["warn"];
}

/**
 * Opens (or starts) the checkpoint of `boundsFile` for `key` ({@link checkpointPath}), taking its
 * lock until {@link BoundsCheckpointFile.remove} or {@link BoundsCheckpointFile.close}. A torn last
 * line (a kill in mid-write) is dropped.
 * @throws Error if another live process is writing the checkpoint, or a line other than the last is
 *   not a unit
 */
export function openBoundsCheckpoint(boundsFile: string, key: CheckpointKey, options: BoundsCheckpointOptions = {}): BoundsCheckpointFile {
  const file = checkpointPath(boundsFile, key);
  const store = JsonlStore.open(file, UNIT_LINE, options);
  const solved = new Map<number, Map<number, NeuronBounds>>();
  let resumedSeconds = 0;
  for (const u of store.rows) {
    const layer = solved.get(u.layer) ?? new Map<number, NeuronBounds>();
    layer.set(u.unit, { lower: u.lower, upper: u.upper, seconds: u.seconds, source: u.source });
    solved.set(u.layer, layer);
    resumedSeconds += u.seconds;
  }
  return {
    file,
    solved,
    resumedUnits: store.rows.length,
    resumedSeconds,
    record(layer, unit, b) {
      const line: UnitLine = { layer, unit, lower: b.lower, upper: b.upper, seconds: b.seconds, source: b.source };
      // a unit proven twice keeps its first bounds (both are sound); an hours-long run must not die of it
      if (!store.has(UNIT_LINE.key(line))) store.append(line);
    },
    remove() {
      fs.rmSync(file, { force: true }); // under the lock, then release it
      store.close();
    },
    close() {
      store.close();
    },
  };
}

/**
 * Deletes the checkpoints of `boundsFile` for every key once its complete
 * bounds are saved: they can no longer be resumed (the saved bounds are used instead). A
 * checkpoint a live process is writing is left alone.
 * @returns the files deleted
 */
export function removeStaleCheckpoints(boundsFile: string): string[] {
  const dir = path.dirname(boundsFile);
  if (!fs.existsSync(dir)) return [];
  const base = path.basename(boundsFile, ".json");
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^${escaped}\\.partial-[0-9a-f]{12}\\.jsonl$`);
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!pattern.test(name)) continue;
    const file = path.join(dir, name);
    if (removeJsonl(file)) removed.push(file);
  }
  return removed;
}
