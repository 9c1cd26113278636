/**
 * `npm run check:report [-- reports/01-networks.html] [--png out.png] [--all [folder]]`: open an
 * HTML report in headless Chromium (Debian package `chromium`), save a PNG screenshot next to it
 * (`<report>.png`), and exit 1 if the page logged a JavaScript error or one of its plotly figures
 * did not render (a page without plots only needs to be error-free; the default page, which has
 * plots, must show at least one). `--all` checks every report
 * in `folder` (default reports/, e.g. the `--out` folder of a replicate run).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPORTS_DIR } from "../src/paths";
import { BrowserCheck, checkReportInBrowser, reportProblems } from "../src/notebook/browser-check";

/** `report.html` → `report.png` (any other name gets ".png" appended: never the input itself). */
function screenshotOf(html: string): string {
  return `${html.replace(/\.html?$/i, "")}.png`;
}

function checkOne(html: string, screenshot: string, plotsRequired = false): boolean {
  const check: BrowserCheck = checkReportInBrowser(html, screenshot);
  // A page with plot containers must render every one; a page without any only has to be
  // error-free, except the default page (01-networks), which must show plots.
  const problems = reportProblems(check).filter((p) => plotsRequired || check.plotContainers > 0 || !p.startsWith("no plotly figure"));
  process.stdout.write(
    `check:report ${path.relative(process.cwd(), html)}: ${check.renderedPlots}/${check.plotContainers} plots rendered, ` +
      `${check.errors.length} JavaScript error(s), page ${check.pageHeight}px, screenshot ${path.relative(process.cwd(), screenshot)}\n`,
  );
  for (const p of problems) process.stdout.write(`  FAIL ${p}\n`);
  return problems.length === 0;
}

function main(argv: readonly string[]): number {
  const at = argv.indexOf("--png");
  const png = at >= 0 ? argv[at + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith("--") && (at < 0 || i !== at + 1));
  if (argv.includes("--all")) {
    const dir = path.resolve(positional[0] ?? REPORTS_DIR);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`--all needs a folder of reports, ${dir} is none: run npm run replicate first`);
    const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "index.html" && !f.startsWith(".")).sort();
    if (pages.length === 0) throw new Error(`no reports in ${dir}: run npm run replicate first`);
    const results = pages.map((f) => checkOne(path.join(dir, f), screenshotOf(path.join(dir, f))));
    return results.every((ok) => ok) ? 0 : 1;
  }
  const html = path.resolve(positional[0] ?? path.join(REPORTS_DIR, "01-networks.html"));
  if (!fs.existsSync(html)) throw new Error(`${html} does not exist: run npm run replicate first`);
  if (fs.statSync(html).isDirectory()) throw new Error(`${html} is a folder: check every report in it with --all ${positional[0]}`);
  return checkOne(html, path.resolve(png ?? screenshotOf(html)), positional[0] === undefined) ? 0 : 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`check:report error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
