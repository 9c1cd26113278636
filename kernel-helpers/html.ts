/**
 * A piece of HTML produced by a kernel helper. Helpers return `Html` values (pure data, testable
 * without a kernel); `show` in `./show` displays them in a notebook.
 */
export interface Html {
  /** The HTML markup. */
  readonly html: string;
  /** True when the markup calls `Plotly.newPlot` and so needs the plotly.js library on the page. */
  readonly needsPlotly: boolean;
}

/** Escape `&`, `<`, `>`, `"` and `'` so that `text` can be placed in HTML text or attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Wrap trusted markup as an `Html` value (no escaping). */
export function rawHtml(html: string, needsPlotly = false): Html {
  return { html, needsPlotly };
}

/** Concatenate several `Html` values (e.g. a caption and a figure) into one. */
export function joinHtml(parts: readonly Html[], separator = ""): Html {
  return {
    html: parts.map((p) => p.html).join(separator),
    needsPlotly: parts.some((p) => p.needsPlotly),
  };
}

/** A `<p>` holding escaped `text`, with an optional CSS class. */
export function paragraph(text: string, className?: string): Html {
  const cls = className === undefined ? "" : ` class="${escapeHtml(className)}"`;
  return rawHtml(`<p${cls}>${escapeHtml(text)}</p>`);
}

/** A short unique id for DOM elements (plots need one each). */
export function newElementId(prefix: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}
