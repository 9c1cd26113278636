import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "./io";
import type { NeuronBounds } from "./tighten";
import type { BoundsMethod, InputDomain, NeuronBoundSource } from "./types";

/**
 * Resumable bound tightening (thesis 3.2). The improved model's bounds of a deep network take
 * hours in wasm HiGHS (DNN4: 2,741 s; DNN5 more), so every unit's bounds are appended to a
 * checkpoint file as soon as they are proven; a killed run restarted with the same settings skips
 * the units already there.
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
  readonly file: string;
  /** Units restored from the file when it was opened. */
  readonly resumedUnits: number;
  /** Seconds the restored units took in the earlier runs (sum of their per-unit seconds). */
  readonly resumedSeconds: number;
  /** Deletes the file (once the complete bounds are saved). */
  remove(): void;
}

/** `data/bounds/<network>-<method>.json` → `data/bounds/<network>-<method>.partial.jsonl`. */
export function checkpointPath(boundsFile: string): string {
  return path.join(path.dirname(boundsFile), `${path.basename(boundsFile, ".json")}.partial.jsonl`);
}

const SOURCES: readonly NeuronBoundSource[] = ["interval", "optimal", "dual-bound", "fallback"];

function isUnitLine(value: unknown): value is { layer: number; unit: number } & NeuronBounds {
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

/** Stable JSON of a key (sorted object keys) so equal settings compare equal as text. */
function keyText(key: CheckpointKey): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : typeof v === "object" && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(key));
}

/**
 * Opens (or starts) the checkpoint `file` for `key`. The first line holds the key; each further
 * line one unit `{ layer, unit, lower, upper, seconds, source }`. A file written for another key
 * (other weights or settings) is discarded; a torn last line (a kill in mid-write) is dropped. The
 * file is rewritten atomically on opening, so appends always start on a fresh line.
 */
export function openBoundsCheckpoint(file: string, key: CheckpointKey): BoundsCheckpointFile {
  const header = keyText(key);
  const solved = new Map<number, Map<number, NeuronBounds>>();
  let resumedUnits = 0;
  let resumedSeconds = 0;
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const kept: string[] = [];
  if (lines[0] === header) {
    for (const line of lines.slice(1)) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue; // a torn line
      }
      if (!isUnitLine(parsed)) continue;
      const layer = solved.get(parsed.layer) ?? new Map<number, NeuronBounds>();
      if (!layer.has(parsed.unit)) {
        resumedUnits++;
        resumedSeconds += parsed.seconds;
        kept.push(line);
      }
      layer.set(parsed.unit, { lower: parsed.lower, upper: parsed.upper, seconds: parsed.seconds, source: parsed.source });
      solved.set(parsed.layer, layer);
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, [header, ...kept].join("\n") + "\n");
  return {
    file,
    solved,
    resumedUnits,
    resumedSeconds,
    record(layer, unit, b) {
      fs.appendFileSync(file, JSON.stringify({ layer, unit, lower: b.lower, upper: b.upper, seconds: b.seconds, source: b.source }) + "\n");
    },
    remove() {
      fs.rmSync(file, { force: true });
    },
  };
}
