/**
 * `npm run check:report [-- reports/01-networks.html] [--png out.png]`: open an HTML report in
 * headless Chromium (Debian package `chromium`), save a PNG screenshot next to it, and exit 1 if
 * the page logged a JavaScript error or a plotly figure did not render.
 */
import * as path from "node:path";
import { REPORTS_DIR } from "../src/paths";
import { checkReportInBrowser, reportProblems } from "../src/notebook/browser-check";

function main(argv: readonly string[]): number {
  const at = argv.indexOf("--png");
  const png = at >= 0 ? argv[at + 1] : undefined;
  const positional = argv.filter((a, i) => !a.startsWith("--") && (at < 0 || i !== at + 1));
  const html = path.resolve(positional[0] ?? path.join(REPORTS_DIR, "01-networks.html"));
  const screenshot = path.resolve(png ?? html.replace(/\.html$/, ".png"));
  const check = checkReportInBrowser(html, screenshot);
  const problems = reportProblems(check);
  process.stdout.write(
    `check:report ${path.relative(process.cwd(), html)}: ${check.renderedPlots}/${check.plotContainers} plots rendered, ` +
      `${check.errors.length} JavaScript error(s), page ${check.pageHeight}px, screenshot ${path.relative(process.cwd(), screenshot)}\n`,
  );
  for (const p of problems) process.stdout.write(`  FAIL ${p}\n`);
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`check:report error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
