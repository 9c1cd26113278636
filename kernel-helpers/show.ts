/**
 * Display helpers for tslab kernels (Jupyter, VS Code) and `npm run replicate`. Everything else
 * in `kernel-helpers/` returns `Html` values; only this file talks to the kernel.
 */
import type { Display } from "tslab";
import { Html, rawHtml, escapeHtml } from "./html";
import { plotlyLibraryHtml } from "./plotly";
import { reportRun } from "./config";

/** globalThis key recording that this kernel session already displayed plotly.js. */
const PLOTLY_SHOWN_KEY = "__reluMilpPlotlyShown";

function tslabModule(): typeof import("tslab") {
  // Loaded on first use: importing tslab pulls in its TypeScript compiler.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require("tslab") as typeof import("tslab");
}

function displayOrExplain(display: Display, html: string): void {
  try {
    display.html(html);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`show(): no notebook to display into (${message}); run this in a tslab kernel or via npm run replicate`);
  }
}

/**
 * Display the plotly.js library (about 4.5 MB) in the notebook so that later plots can draw.
 * `show` calls it automatically before the first plot of a kernel session; call it yourself
 * after clearing all outputs. Does nothing under `npm run replicate` (the report embeds it).
 */
export function showPlotlyLibrary(): void {
  if (reportRun()) return;
  displayOrExplain(tslabModule().display, plotlyLibraryHtml().html);
  (globalThis as Record<string, unknown>)[PLOTLY_SHOWN_KEY] = true;
}

/** Display one or more HTML pieces (tables, figures) or plain strings (escaped) in the notebook. */
export function show(...items: readonly (Html | string)[]): void {
  const parts = items.map((item) => (typeof item === "string" ? rawHtml(`<p>${escapeHtml(item)}</p>`) : item));
  if (parts.some((p) => p.needsPlotly) && (globalThis as Record<string, unknown>)[PLOTLY_SHOWN_KEY] !== true) {
    showPlotlyLibrary();
  }
  displayOrExplain(tslabModule().display, parts.map((p) => p.html).join("\n"));
}

/** Live progress text for a long cell: one display entry that is overwritten on each update. */
export interface Progress {
  /** Show `done` of `total` steps, the elapsed time and an optional note. */
  update(done: number, total: number, note?: string): void;
  /** Replace the progress text by a final line. */
  finish(note?: string): void;
}

/** The progress line as HTML (exported for tests). */
export function progressHtml(label: string, done: number, total: number, seconds: number, note = ""): Html {
  const percent = total > 0 ? Math.round((100 * done) / total) : 0;
  const tail = note === "" ? "" : ` · ${escapeHtml(note)}`;
  return rawHtml(
    `<div class="relu-progress"><progress max="${total}" value="${done}"></progress> ` +
      `${escapeHtml(label)}: ${done}/${total} (${percent} %) · ${seconds.toFixed(1)} s${tail}</div>`,
  );
}

/** Start a live progress display labelled `label`. */
export function startProgress(label: string): Progress {
  const display = tslabModule().newDisplay();
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  let last = { done: 0, total: 0 };
  return {
    update(done, total, note) {
      last = { done, total };
      displayOrExplain(display, progressHtml(label, done, total, seconds(), note).html);
    },
    finish(note) {
      const text = `${escapeHtml(label)}: done, ${last.done}/${last.total} in ${seconds().toFixed(1)} s`;
      displayOrExplain(display, `<div class="relu-progress">${text}${note === undefined ? "" : ` · ${escapeHtml(note)}`}</div>`);
    },
  };
}
