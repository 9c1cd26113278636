import type { SolveOptions, SolveProgress } from "./types";

/** Progress is reported at the first MIP checkpoint, then at most once per this many seconds of solver time. */
export const PROGRESS_PERIOD = 1;

/** Relative gap |objective − bound| / max(1e-9, |objective|), or null without both numbers. */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  return Math.abs(objective - bound) / Math.max(1e-9, Math.abs(objective));
}

/** A number, or null when absent or not finite (solvers report "none" as ±Infinity). */
export function finiteOrNull(x: number | bigint | undefined): number | null {
  if (x === undefined) return null;
  const n = Number(x);
  return Number.isFinite(n) ? n : null;
}

/** "Name: message" of anything thrown. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/** What a solver reports at a MIP checkpoint (HiGHS' callback data uses these names). */
export interface MipCheckpoint {
  readonly running_time?: number;
  readonly mip_node_count?: bigint | number;
  readonly mip_primal_bound?: number;
  readonly mip_dual_bound?: number;
}

/**
 * Turns a solver's checkpoints into throttled {@link SolveProgress} reports for `onProgress` and
 * decides whether to stop: when `signal` is aborted, `onProgress` answers "interrupt", or
 * `onProgress` throws (its message is kept in {@link ProgressRelay.error}). Solver-neutral: the
 * adapter calls {@link atMipCheckpoint} / {@link atLpCheckpoint} from its callbacks.
 */
export class ProgressRelay {
  /** Message of an exception thrown by `onProgress`, if any (the solve is then interrupted). */
  error: string | null = null;
  private lastReport = -Infinity;

  constructor(private readonly options: SolveOptions) {}

  /** Whether the adapter needs to install callbacks at all. */
  get active(): boolean {
    return this.options.onProgress !== undefined || this.options.signal !== undefined;
  }

  /** At an LP checkpoint: true to interrupt. */
  atLpCheckpoint(): boolean {
    return this.options.signal?.aborted === true || this.error !== null;
  }

  /** At a MIP checkpoint: reports progress when due; true to interrupt. */
  atMipCheckpoint(d: MipCheckpoint): boolean {
    const { onProgress, signal } = this.options;
    if (signal?.aborted || this.error !== null) return true;
    const t = d.running_time ?? 0;
    if (onProgress === undefined || t - this.lastReport < PROGRESS_PERIOD) return false;
    this.lastReport = t;
    const incumbent = finiteOrNull(d.mip_primal_bound);
    const bound = finiteOrNull(d.mip_dual_bound);
    const progress: SolveProgress = { seconds: t, nodes: Number(d.mip_node_count ?? 0), incumbent, bound, gap: relativeGap(incumbent, bound) };
    try {
      return onProgress(progress) === "interrupt" || signal?.aborted === true;
    } catch (e) {
      this.error = messageOf(e);
      return true;
    }
  }
}
