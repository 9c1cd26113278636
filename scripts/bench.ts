import { parseMethods } from "../src/bench/methods";
import { buildTableReport } from "../src/bench/report";
import { readResults } from "../src/bench/results-store";
import type { BenchRow, BenchTable } from "../src/bench/row";
import { runStudy } from "../src/bench/study";
import { listFlag, numberFlag, parseFlags } from "../src/cli/flags";
import { THESIS_NETWORKS } from "../src/dnn/architectures";

/**
 * `npm run bench -- --table 2|3 [--models dnn1,...] [--methods base,improved,weak,best,shrink,region]
 *   [--images 100] [--time-limit 300] [--workers N] [--results-dir results] [--bounds-dir data/bounds]
 *   [--retry-errors]`
 *
 * Runs (or resumes) the performance study of thesis 4.2 and appends one row per image to
 * results/table<N>.jsonl; Ctrl-C (or a kill) loses at most the images in flight. Rows with status
 * "error" (or "interrupted"/"unbounded": no verdict) are kept and skipped like the others unless `--retry-errors` removes them (this study's
 * only) and runs their jobs again. Then prints the table (also `npm run bench:report`).
 */

const USAGE =
  "usage: npm run bench -- --table 2|3 [--models dnn1,...] [--methods base,improved,weak,best,shrink,region] " +
  "[--images 100] [--time-limit 300] [--workers N] [--results-dir DIR] [--bounds-dir DIR] [--retry-errors]";

async function main(): Promise<void> {
  const flags = ["--table", "--models", "--methods", "--images", "--time-limit", "--workers", "--results-dir", "--bounds-dir"];
  const args = parseFlags(process.argv.slice(2), { values: flags, switches: ["--retry-errors"], usage: USAGE });
  const tableText = args.get("--table");
  if (tableText !== "2" && tableText !== "3") throw new Error(`--table must be 2 or 3\n${USAGE}`);
  const table = Number(tableText) as BenchTable;
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\ninterrupted: stopping (rows written so far are kept; Ctrl-C again to quit at once)\n");
    controller.abort();
  });
  const summary = await runStudy({
    table,
    models: listFlag(args, "--models", THESIS_NETWORKS),
    methods: parseMethods(args.get("--methods") ?? "base,improved,weak"),
    images: numberFlag(args, "--images", 100, "positive integer"),
    timeLimit: numberFlag(args, "--time-limit", 300),
    workers: args.has("--workers") ? numberFlag(args, "--workers", 1, "positive integer") : undefined,
    resultsDir: args.get("--results-dir"),
    boundsDir: args.get("--bounds-dir"),
    signal: controller.signal,
    retryErrors: args.has("--retry-errors"),
  });
  process.stderr.write(
    `table ${table}: ran ${summary.ran} (${summary.failed} errors), skipped ${summary.skipped} already done` +
      `${summary.notRun > 0 ? `, ${summary.notRun} not run for missing bounds (see above; run again to retry)` : ""}${summary.aborted ? ", interrupted" : ""}\n`,
  );
  const report = buildTableReport(table, readResults<BenchRow>(summary.file));
  process.stdout.write(`${report.markdown}\n`);
  if (summary.aborted) process.exitCode = 130;
  else if (summary.notRun > 0) process.exitCode = 1; // an incomplete table is not a success
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
