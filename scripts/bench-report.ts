import * as fs from "node:fs";
import * as path from "node:path";
import { RESULTS_DIR } from "../src/paths";
import { loadTableReport } from "../src/bench/report";
import { BENCH_TABLES } from "../src/bench/row";

/**
 * `npm run bench:report [-- --dir results]`: reads results/table2.jsonl and table3.jsonl, prints
 * Tables 2 and 3 in the thesis' layout (ours beside the thesis') and writes results/table2.md
 * and results/table3.md.
 */
function main(): void {
  const args = process.argv.slice(2);
  const dirFlag = args.indexOf("--dir");
  const dir = dirFlag >= 0 ? path.resolve(args[dirFlag + 1] ?? "") : RESULTS_DIR;
  for (const table of BENCH_TABLES) {
    const report = loadTableReport(table, dir);
    const out = path.join(dir, `table${table}.md`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(out, report.markdown);
    process.stdout.write(`${report.markdown}\n(written to ${path.relative(process.cwd(), out)})\n\n`);
  }
}

main();
