/**
 * Plotly figures as data (`PlotSpec`, plain JSON) and as HTML (`plotHtml`): a `<div>` plus a
 * small script calling `Plotly.newPlot`. The plotly.js library itself is NOT embedded per plot:
 * the report page written by `npm run replicate` includes it once, and `show` displays it once
 * per interactive kernel session (see `./show`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Html, escapeHtml, newElementId } from "./html";

/** A JSON value (what goes into a plotly trace or layout). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/** One plotly trace, e.g. `{ type: "heatmap", z: [[...]] }`. */
export type Trace = { readonly [key: string]: Json | undefined };

/** Everything `Plotly.newPlot` needs besides the element. */
export interface PlotSpec {
  readonly data: readonly Trace[];
  readonly layout: { readonly [key: string]: Json | undefined };
  readonly config: { readonly [key: string]: Json | undefined };
}

/** Plotly config used by every helper: static-size friendly, no plotly.com link. */
export const DEFAULT_CONFIG: PlotSpec["config"] = { displaylogo: false, responsive: true };

/** Serialize for an inline `<script>`: JSON with `<` escaped so `</script>` cannot occur. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The HTML of one figure: a `<div class="relu-plot">` and a script that draws it with
 * `Plotly.newPlot`, or writes a visible message in the div if plotly.js is missing.
 */
export function plotHtml(spec: PlotSpec, id: string = newElementId("plot")): Html {
  const height = typeof spec.layout.height === "number" ? spec.layout.height : 400;
  const safeId = escapeHtml(id);
  const script =
    `(function(){var el=document.getElementById(${scriptJson(id)});` +
    `var spec=${scriptJson(spec)};` +
    `function draw(){if(window.Plotly){window.Plotly.newPlot(el,spec.data,spec.layout,spec.config);}` +
    `else{el.textContent="plotly.js is not loaded: run showPlotlyLibrary() from kernel-helpers/show and re-run this cell.";}}` +
    `if(window.Plotly||document.readyState==="complete"){draw();}else{window.addEventListener("load",draw);}})();`;
  return {
    html: `<div class="relu-plot" id="${safeId}" style="min-height:${height}px"></div>\n<script>${script}</script>`,
    needsPlotly: true,
  };
}

/**
 * Path of the plotly.js bundle: the minified one of `plotly.js-dist-min` (4.5 MB), else the
 * unminified `plotly.js-dist` (10.8 MB).
 */
export function plotlyLibraryPath(): string {
  const paths = [process.cwd(), __dirname];
  try {
    return require.resolve("plotly.js-dist-min/plotly.min.js", { paths });
  } catch {
    return require.resolve("plotly.js-dist/plotly.js", { paths });
  }
}

/**
 * The plotly.js library as one inline `<script>` (about 4.5 MB). An AMD `define` (RequireJS in
 * the classic Notebook) is hidden while it runs so that plotly always sets `window.Plotly`.
 */
export function plotlyLibraryHtml(libraryPath: string = plotlyLibraryPath()): Html {
  const source = fs.readFileSync(path.resolve(libraryPath), "utf8").replace(/<\/script/gi, "<\\/script");
  return {
    html:
      `<script>(function(){var savedDefine=window.define;window.define=undefined;try{\n${source}\n}` +
      `finally{window.define=savedDefine;}})();</script>`,
    needsPlotly: false,
  };
}
