/**
 * A progress line for long benchmark runs: done/total, running solved %, elapsed time, ETA.
 * On a TTY the line is redrawn in place with "\r"; otherwise one line is printed per job (so
 * logs stay readable).
 */

/** The counters a progress line shows. */
export interface ProgressState {
  /** Jobs finished in this run (including failed ones). */
  readonly done: number;
  /** Jobs of this run. */
  readonly total: number;
  /** Of the finished jobs, those solved (proven optimal or infeasible). */
  readonly solved: number;
  /** Of the finished jobs, those that failed (status "error"). */
  readonly errors: number;
  /** Seconds since the run started. */
  readonly elapsedSeconds: number;
}

/** Formats seconds as "42s", "3m05s" or "2h07m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** Estimated seconds left: mean seconds per finished job × jobs left (null before the first). */
export function estimateRemaining(state: ProgressState): number | null {
  if (state.done === 0) return null;
  return (state.elapsedSeconds / state.done) * (state.total - state.done);
}

/** The text of a progress line, e.g. "[12/100] solved 91.7% | errors 0 | 1m02s elapsed | ETA 8m10s". */
export function formatProgress(state: ProgressState, label = ""): string {
  const solvedPct = state.done === 0 ? "-" : `${((100 * state.solved) / state.done).toFixed(1)}%`;
  const eta = estimateRemaining(state);
  const parts = [
    `[${state.done}/${state.total}] solved ${solvedPct}`,
    `errors ${state.errors}`,
    `${formatDuration(state.elapsedSeconds)} elapsed`,
    `ETA ${eta === null ? "?" : formatDuration(eta)}`,
  ];
  return `${parts.join(" | ")}${label ? ` | ${label}` : ""}`;
}

/** Where a {@link Progress} writes. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** A live progress line; call {@link Progress.record} after every job. */
export class Progress {
  private done = 0;
  private solved = 0;
  private errors = 0;
  private readonly started: number;
  private lastWidth = 0;

  constructor(
    /** Jobs in this run. */
    readonly total: number,
    private readonly stream: ProgressStream = process.stderr,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  /** The current counters. */
  state(): ProgressState {
    return {
      done: this.done,
      total: this.total,
      solved: this.solved,
      errors: this.errors,
      elapsedSeconds: (this.now() - this.started) / 1000,
    };
  }

  /** Counts one finished job and redraws; `label` describes it (e.g. "dnn1/base #17 optimal 0.8s"). */
  record(outcome: "solved" | "unsolved" | "error", label = ""): void {
    this.done++;
    if (outcome === "solved") this.solved++;
    if (outcome === "error") this.errors++;
    this.draw(label);
  }

  /** Redraws the line (in place on a TTY, else as a new line). */
  draw(label = ""): void {
    const text = formatProgress(this.state(), label);
    if (this.stream.isTTY) {
      const pad = Math.max(0, this.lastWidth - text.length);
      this.stream.write(`\r${text}${" ".repeat(pad)}`);
      this.lastWidth = text.length;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** Ends the line on a TTY (so later output starts on a fresh line). */
  finish(): void {
    if (this.stream.isTTY && this.lastWidth > 0) this.stream.write("\n");
    this.lastWidth = 0;
  }
}
