/**
 * `npm run check:report [-- reports/01-networks.html] [--png out.png] [--all]`: open an HTML
 * report in headless Chromium (Debian package `chromium`), save a PNG screenshot next to it, and
 * exit 1 if the page logged a JavaScript error or a plotly figure did not render.
 * `--all` checks every report in reports/ (pages without plots only need to be error-free).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPORTS_DIR } from "../src/paths";
import { BrowserCheck, checkReportInBrowser, reportProblems } from "../src/notebook/browser-check";

function checkOne(html: string, screenshot: string, plotsRequired: boolean): boolean {
  const check: BrowserCheck = checkReportInBrowser(html, screenshot);
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
    const pages = fs.readdirSync(REPORTS_DIR).filter((f) => f.endsWith(".html") && f !== "index.html" && !f.startsWith(".")).sort();
    if (pages.length === 0) throw new Error(`no reports in ${REPORTS_DIR}: run npm run replicate first`);
    const results = pages.map((f) => checkOne(path.join(REPORTS_DIR, f), path.join(REPORTS_DIR, f.replace(/\.html$/, ".png")), false));
    return results.every((ok) => ok) ? 0 : 1;
  }
  const html = path.resolve(positional[0] ?? path.join(REPORTS_DIR, "01-networks.html"));
  if (!fs.existsSync(html)) throw new Error(`${html} does not exist: run npm run replicate first`);
  return checkOne(html, path.resolve(png ?? html.replace(/\.html$/, ".png")), true) ? 0 : 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`check:report error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
