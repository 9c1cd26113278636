/**
 * `npm run replicate [-- --full [--keep-artefacts]] [--only 01] [--engine node|jupyter] [--notebooks dir] [--out dir]`
 *
 * Execute every notebook in `notebooks/` in file-name order and write, per notebook,
 * `reports/<name>.ipynb` (executed, with outputs) and `reports/<name>.html` (self-contained,
 * plotly.js embedded once), plus `reports/index.html`. Progress goes to stderr. A failing cell
 * stops its notebook, is shown in the report, and makes the command exit 1 naming notebook
 * and cell. `--full` sets REPLICATE_FULL=1: notebooks then run the thesis-sized experiments, and
 * (unless `--keep-artefacts`, or notebooks 05-07 are not selected) the robustness study's
 * artefacts are regenerated first by `scripts/robustness-pipeline.ts`.
 *
 * Engines: `node` (default) runs cells in this process with tslab's own executor — no Jupyter
 * needed, same compiler and semantics as the kernel, per-cell progress. `jupyter` runs them in
 * the project kernel through nbclient (needs python3-nbclient; a kernel spec for this checkout
 * is written to a temporary folder on JUPYTER_PATH, the user's registration is left alone).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT, REPORTS_DIR } from "../src/paths";
import { Notebook, readNotebook, writeNotebook } from "../src/notebook/format";
import { CellEvent, NotebookRun, runNotebookInNode } from "../src/notebook/node-engine";
import { findJupyterPython, runNotebookWithJupyter } from "../src/notebook/jupyter-engine";
import { installKernelSpec } from "../src/notebook/kernel-spec";
import { ReportSummary, indexHtml, notebookTitle, notebookToHtml } from "../src/notebook/report-html";
import { plotlyLibraryHtml } from "../kernel-helpers/plotly";
import { runRobustnessPipeline } from "./robustness-pipeline";
import { FULL_RUN_ENV, REPORT_RUN_ENV, fullRun } from "../kernel-helpers/config";

/** Parsed command line. */
interface ReplicateOptions {
  readonly full: boolean;
  /** With `full`: do not regenerate the robustness study's artefacts before notebooks 05-07. */
  readonly keepArtefacts: boolean;
  readonly only: readonly string[];
  readonly engine: "node" | "jupyter";
  readonly notebooksDir: string;
  readonly outDir: string;
}

const USAGE = "usage: npm run replicate -- [--full [--keep-artefacts]] [--only <prefix>[,<prefix>...]] [--engine node|jupyter] [--notebooks <dir>] [--out <dir>]";

function parseArgs(argv: readonly string[]): ReplicateOptions {
  let full = fullRun();
  const only: string[] = [];
  let engine: "node" | "jupyter" = "node";
  let notebooksDir = path.join(PROJECT_ROOT, "notebooks");
  let outDir = REPORTS_DIR;
  let keepArtefacts = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return v;
    };
    if (arg === "--full") full = true;
    else if (arg === "--keep-artefacts") keepArtefacts = true;
    else if (arg === "--only") only.push(...value().split(","));
    else if (arg === "--engine") {
      const v = value();
      if (v !== "node" && v !== "jupyter") throw new Error(`--engine must be node or jupyter, not ${v}`);
      engine = v;
    } else if (arg === "--notebooks") notebooksDir = path.resolve(value());
    else if (arg === "--out") outDir = path.resolve(value());
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return { full, keepArtefacts, only, engine, notebooksDir, outDir };
}

function log(line: string): void {
  process.stderr.write(`[replicate] ${line}\n`);
}

function progressLine(name: string, e: CellEvent): string {
  const what = e.phase === "start" ? "running" : e.phase === "done" ? "done   " : "FAILED ";
  return `${name}: ${what} code cell ${e.codeCellNumber}/${e.codeCellCount} (cell ${e.cellNumber}) · ${e.elapsedSeconds.toFixed(1)} s`;
}

async function runOne(file: string, name: string, options: ReplicateOptions, python: string | null): Promise<NotebookRun> {
  const onCell = (e: CellEvent): void => log(progressLine(name, e));
  if (options.engine === "jupyter") {
    if (python === null) throw new Error("--engine jupyter needs python3 with nbclient (apt-get install python3-nbclient jupyter-client)");
    return runNotebookWithJupyter(file, { root: PROJECT_ROOT, python, env: process.env, onCell });
  }
  const notebook: Notebook = readNotebook(file);
  return runNotebookInNode(notebook, { root: PROJECT_ROOT, onCell });
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  process.env[REPORT_RUN_ENV] = "1";
  if (options.full) process.env[FULL_RUN_ENV] = "1";
  const files = fs
    .readdirSync(options.notebooksDir)
    .filter((f) => f.endsWith(".ipynb") && (options.only.length === 0 || options.only.some((p) => f.startsWith(p))))
    .sort();
  if (files.length === 0) throw new Error(`no notebooks in ${options.notebooksDir} match ${options.only.join(",") || "*"}`);
  fs.mkdirSync(options.outDir, { recursive: true });
  let python: string | null = null;
  if (options.engine === "jupyter") {
    python = findJupyterPython();
    // A private kernel spec for this checkout, found through JUPYTER_PATH: the user's own
    // registration (npm run kernel:install) is neither needed nor changed.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replicate-kernel-"));
    installKernelSpec(PROJECT_ROOT, dataDir);
    process.on("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
    process.env.JUPYTER_PATH = [dataDir, process.env.JUPYTER_PATH].filter((p) => p !== undefined && p !== "").join(path.delimiter);
  }
  if (options.full && !options.keepArtefacts && files.some((f) => /^0[567]-/.test(f))) {
    log("--full: regenerating the robustness study's artefacts first (scripts/robustness-pipeline.ts; hours of CPU; --keep-artefacts skips this)");
    const code = runRobustnessPipeline(false, log);
    if (code !== 0) throw new Error(`the robustness pipeline failed (exit ${code}); rerunning resumes the data sets and the distance study where they stopped, while retraining and perturbations start again`);
  }
  log(`${files.length} notebook(s), engine ${options.engine}, ${options.full ? "full (thesis-sized)" : "default (small)"} run -> ${options.outDir}`);
  const started = Date.now();
  let plotly: string | undefined;
  const plotlyLibrary = (): string => (plotly ??= plotlyLibraryHtml().html);
  const summaries: ReportSummary[] = [];
  const failures: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.ipynb$/, "");
    log(`${name}: start`);
    const run = await runOne(path.join(options.notebooksDir, file), name, options, python);
    const failed = run.failure;
    const detail = failed === null ? "" : `cell ${failed.cellNumber} (code cell ${failed.codeCellNumber}, "${failed.firstLine}"): ${failed.message.split("\n")[0]}`;
    const summary: ReportSummary = { name, title: notebookTitle(run.notebook, name), status: failed === null ? "ok" : "failed", seconds: run.seconds, detail };
    summaries.push(summary);
    writeNotebook(path.join(options.outDir, `${name}.ipynb`), run.notebook);
    fs.writeFileSync(path.join(options.outDir, `${name}.html`), notebookToHtml(run.notebook, summary, plotlyLibrary));
    if (failed !== null) failures.push(`${file}: ${detail}`);
    log(`${name}: ${failed === null ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s -> ${path.join(options.outDir, `${name}.html`)}`);
  }
  // Notebooks left out by --only keep their previous report; the index lists them too.
  const all = fs.readdirSync(options.notebooksDir).filter((f) => f.endsWith(".ipynb")).sort();
  for (const file of all.filter((f) => !files.includes(f))) {
    const name = file.replace(/\.ipynb$/, "");
    const kept = fs.existsSync(path.join(options.outDir, `${name}.html`));
    summaries.push({ name, title: name, status: "not run", seconds: 0, detail: kept ? "previous report kept" : "no report yet" });
  }
  summaries.sort((a, b) => a.name.localeCompare(b.name));
  const note = `${options.full ? "Full (thesis-sized)" : "Default (small)"} run, engine ${options.engine}, ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(1)} s in total.`;
  fs.writeFileSync(path.join(options.outDir, "index.html"), indexHtml(summaries, note));
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; reports in ${options.outDir}/index.html`);
  for (const f of failures) log(`FAILED ${f}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[replicate] error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
