/**
 * Check an HTML report in headless Chromium: no JavaScript error, every resource local (the
 * network is blocked), and at least one plotly figure drawn (a `.js-plotly-plot` element with
 * an SVG inside). Saves a PNG screenshot. Works with Debian's `chromium` package and no npm
 * driver: the page is copied with a small error-recording script injected first in <head>,
 * and the DOM is read back with `--dump-dom`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** Result of `checkReportInBrowser`. */
export interface BrowserCheck {
  /** JavaScript errors, failed resource loads, unhandled rejections and console.error calls. */
  readonly errors: readonly string[];
  /** Number of `.js-plotly-plot` elements that contain an SVG. */
  readonly renderedPlots: number;
  /** Number of plot containers the report holds (`.relu-plot`). */
  readonly plotContainers: number;
  /** Page height in CSS pixels. */
  readonly pageHeight: number;
  readonly screenshot: string;
}

/** Options of `checkReportInBrowser`. */
export interface BrowserCheckOptions {
  /** Chromium binary (default $CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome). */
  readonly chromium?: string;
  /** Viewport width in pixels (default 1280). */
  readonly width?: number;
  /** Screenshot height cap in pixels (default 12000). */
  readonly maxHeight?: number;
  /** Virtual time budget for scripts and timers, in ms (default 20000). */
  readonly budgetMs?: number;
}

const PROBE = `<script>(function(){var errs=[];var root=document.documentElement;
function rec(m){errs.push(String(m));root.setAttribute("data-check-errors",JSON.stringify(errs));}
window.addEventListener("error",function(e){var t=e.target;if(t&&t!==window&&t.tagName){rec("failed to load "+t.tagName+" "+(t.src||t.href||""));}else{rec((e.message||"error")+" at "+e.filename+":"+e.lineno);}},true);
window.addEventListener("unhandledrejection",function(e){var r=e.reason;rec("unhandled rejection: "+(r&&r.stack?r.stack:r));});
var ce=console.error;console.error=function(){rec("console.error: "+Array.prototype.map.call(arguments,String).join(" "));return ce.apply(console,arguments);};
window.addEventListener("load",function(){setTimeout(function(){var plots=document.querySelectorAll(".js-plotly-plot");var drawn=0;
for(var i=0;i<plots.length;i++){if(plots[i].querySelector("svg")){drawn++;}}
root.setAttribute("data-check-plots",String(drawn));root.setAttribute("data-check-containers",String(document.querySelectorAll(".relu-plot").length));
root.setAttribute("data-check-height",String(Math.ceil(document.documentElement.scrollHeight)));root.setAttribute("data-check-done","1");},1500);});
})();</script>`;

/** Chromium binary to use, or null when none is installed. */
export function findChromium(preferred?: string): string | null {
  const candidates = [preferred, process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
  for (const c of candidates) if (c !== undefined && c !== "" && fs.existsSync(c)) return c;
  return null;
}

function chromiumFlags(userDataDir: string, budgetMs: number): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    `--user-data-dir=${userDataDir}`,
    `--virtual-time-budget=${budgetMs}`,
  ];
}

function runChromium(binary: string, args: readonly string[]): string {
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: 180000, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw new Error(`cannot run ${binary}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${binary} exited with ${String(result.status)}: ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

function attribute(dom: string, name: string): string | null {
  const html = /<html[^>]*>/i.exec(dom);
  if (html === null) return null;
  const match = new RegExp(`${name}="([^"]*)"`).exec(html[0]);
  if (match === null) return null;
  return match[1].replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Open `htmlFile` in headless Chromium, save a screenshot to `pngFile`, and report what ran. */
export function checkReportInBrowser(htmlFile: string, pngFile: string, options: BrowserCheckOptions = {}): BrowserCheck {
  const chromium = findChromium(options.chromium);
  if (chromium === null) throw new Error("no Chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  const source = fs.readFileSync(htmlFile, "utf8");
  const head = /<head[^>]*>/i.exec(source);
  if (head === null) throw new Error(`${htmlFile}: no <head> element`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "check-report-"));
  try {
    const probed = path.join(path.dirname(path.resolve(htmlFile)), `.check-${path.basename(htmlFile)}`);
    fs.writeFileSync(probed, source.slice(0, head.index + head[0].length) + PROBE + source.slice(head.index + head[0].length));
    try {
      const budget = options.budgetMs ?? 20000;
      const url = pathToFileURL(probed).href; // spaces or "#" in the path stay part of it
      const dom = runChromium(chromium, [...chromiumFlags(path.join(work, "dom"), budget), "--dump-dom", url]);
      if (attribute(dom, "data-check-done") !== "1") throw new Error(`${htmlFile}: the page did not finish loading in headless Chromium`);
      const errors = JSON.parse(attribute(dom, "data-check-errors") ?? "[]") as string[];
      const pageHeight = Number(attribute(dom, "data-check-height") ?? "0");
      const width = options.width ?? 1280;
      const height = Math.max(600, Math.min(options.maxHeight ?? 12000, pageHeight));
      fs.mkdirSync(path.dirname(path.resolve(pngFile)), { recursive: true });
      runChromium(chromium, [...chromiumFlags(path.join(work, "shot"), budget), `--window-size=${width},${height}`, `--screenshot=${path.resolve(pngFile)}`, url]);
      if (!fs.existsSync(pngFile)) throw new Error(`chromium wrote no screenshot to ${pngFile}`);
      return {
        errors,
        renderedPlots: Number(attribute(dom, "data-check-plots") ?? "0"),
        plotContainers: Number(attribute(dom, "data-check-containers") ?? "0"),
        pageHeight,
        screenshot: pngFile,
      };
    } finally {
      fs.rmSync(probed, { force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Problems that make a report fail the check (empty when it passes). */
export function reportProblems(check: BrowserCheck): string[] {
  const problems = check.errors.map((e) => `JavaScript error: ${e}`);
  if (check.renderedPlots === 0) problems.push("no plotly figure rendered (no .js-plotly-plot element with an SVG)");
  if (check.renderedPlots < check.plotContainers) problems.push(`${check.plotContainers - check.renderedPlots} of ${check.plotContainers} plots did not render`);
  return problems;
}
