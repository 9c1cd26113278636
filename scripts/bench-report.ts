import * as fs from "node:fs";
import * as path from "node:path";
import { RESULTS_DIR } from "../src/paths";
import { loadTableReport, resultsFile, unplacedRows } from "../src/bench/report";
import { readResults } from "../src/bench/results-store";
import { checkConsistency, consistencyMarkdown } from "../src/bench/consistency";
import { reverifyMarkdown, reverifyRows } from "../src/bench/reverify";
import { parseFlags } from "../src/cli/flags";
import { BENCH_TABLES, type BenchRow } from "../src/bench/row";
import { loadMnist } from "../src/data/mnist";
import { loadNetwork } from "../src/dnn/load";

/**
 * `npm run bench:report [-- --dir results]`: reads results/table2.jsonl and table3.jsonl, prints
 * Tables 2 and 3 in the thesis' layout (ours beside the thesis') and writes results/table2.md
 * and results/table3.md; then checks every (network, image) across methods and tables
 * (`src/bench/consistency.ts`) and re-checks every example from its row alone
 * (`src/bench/reverify.ts`), writes both to results/consistency.md, and exits with status 1 if two
 * rows disagree, an example fails, or a row has a method, status or time the tables cannot place.
 */
function main(): void {
  const flags = parseFlags(process.argv.slice(2), { values: ["--dir"], usage: "usage: npm run bench:report [-- --dir results]" });
  const dirText = flags.get("--dir");
  const dir = dirText === undefined ? RESULTS_DIR : path.resolve(dirText);
  for (const table of BENCH_TABLES) {
    const report = loadTableReport(table, dir);
    const out = path.join(dir, `table${table}.md`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(out, report.markdown);
    process.stdout.write(`${report.markdown}\n(written to ${path.relative(process.cwd(), out)})\n\n`);
  }
  const warn = (message: string): void => void process.stderr.write(`bench:report: ${message}\n`);
  const rows = BENCH_TABLES.flatMap((table) => {
    const file = resultsFile(table, dir);
    const found = fs.existsSync(file) ? readResults<BenchRow>(file, warn) : [];
    for (const r of found) if (r.table !== table) warn(`${path.basename(file)} holds a row of Table ${r.table} (${r.model} ${r.method} #${r.index}), which neither table counts`);
    return found;
  });
  const unplaced = unplacedRows(rows);
  for (const line of unplaced) process.stderr.write(`bench:report: a row the tables leave out: ${line}\n`);
  const consistency = checkConsistency(rows);
  const test = loadMnist("test");
  const reverified = reverifyRows(rows, { network: loadNetwork, image: (index) => test.images[index], label: (index) => test.labels[index] });
  const out = path.join(dir, "consistency.md");
  const body = `${consistencyMarkdown(consistency, 1000).replace(/^## Cross-method consistency\n\n/, "")}\n${reverifyMarkdown(reverified, 1000)}`;
  fs.writeFileSync(out, `# Results: cross-method consistency\n\n${body}`);
  process.stdout.write(`${consistencyMarkdown(consistency)}\n${reverifyMarkdown(reverified)}\n(written to ${path.relative(process.cwd(), out)})\n`);
  if (consistency.inconsistencies.length > 0 || reverified.failures.length > 0 || unplaced.length > 0) process.exitCode = 1;
}

try {
  main();
} catch (e: unknown) {
  process.stderr.write(`bench:report: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
