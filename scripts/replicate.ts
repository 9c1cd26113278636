/**
 * `npm run replicate [-- --full [--keep-artefacts]] [--only 01] [--engine node|jupyter] [--notebooks dir] [--out dir]`
 *
 * Execute every notebook in `notebooks/` in file-name order and write, per notebook,
 * `reports/<name>.ipynb` (executed, with outputs) and `reports/<name>.html` (self-contained,
 * plotly.js embedded once), plus `reports/index.html` (rewritten after every notebook, so a killed
 * run leaves one that says how far it got; every file is written atomically). Progress goes to
 * stderr. A failing cell stops its notebook, is shown in the report, and makes the command exit 1
 * naming notebook and cell; a notebook that cannot be read or whose kernel dies is reported as
 * failed the same way, and the other notebooks still run. Ctrl-C in a cell stops the run (exit 130). `--full` sets REPLICATE_FULL=1: notebooks then run the thesis-sized experiments, and
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
import { writeFileAtomic } from "../src/store/atomic-file";
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
    if (python === null) throw new Error("--engine jupyter needs python3 with nbclient (apt-get install python3-nbclient jupyter-client)");
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
  // The index lists every notebook from the start (selected ones "pending") and is rewritten after
  // each notebook, so a run killed midway leaves an index that says how far it got.
  const summaries = new Map<string, ReportSummary>();
  const previous = (name: string): string => (fs.existsSync(path.join(options.outDir, `${name}.html`)) ? "previous report kept" : "no report yet");
  for (const file of fs.readdirSync(options.notebooksDir).filter((f) => f.endsWith(".ipynb")).sort()) {
    const name = file.replace(/\.ipynb$/, "");
    summaries.set(name, files.includes(file)
      ? { name, title: name, status: "pending", seconds: 0, detail: "" }
      : { name, title: name, status: "not run", seconds: 0, detail: previous(name) }); // left out by --only
  }
  const writeIndex = (state: string): void => {
    const note = `${options.full ? "Full (thesis-sized)" : "Default (small)"} run, engine ${options.engine}, ${new Date().toISOString()}, ${state} after ${((Date.now() - started) / 1000).toFixed(1)} s.`;
    writeFileAtomic(path.join(options.outDir, "index.html"), indexHtml([...summaries.values()], note));
  };
  writeIndex("started");
  const failures: string[] = [];
  for (const file of files) {
    const name = file.replace(/\.ipynb$/, "");
    log(`${name}: start`);
    const outcome = await runIsolated(() => runOne(path.join(options.notebooksDir, file), name, options, python));
    if (outcome.run !== null && outcome.run.failure !== null && SIGINT_MESSAGE.test(outcome.run.failure.message)) {
      // Ctrl-C inside a cell: stop the whole run and keep this notebook's previous report.
      summaries.set(name, { name, title: name, status: "interrupted", seconds: outcome.run.seconds, detail: `stopped by Ctrl-C; ${previous(name)}` });
      for (const [n, x] of summaries) if (x.status === "pending") summaries.set(n, { ...x, status: "not run", detail: `run interrupted before it; ${previous(n)}` });
      writeIndex("interrupted");
      log(`${name}: interrupted (SIGINT) — run stopped, its previous report kept`);
      return 130;
    }
    const failed = outcome.run?.failure ?? null;
    const detail = outcome.run === null
      ? `could not run: ${outcome.error}`
      : failed === null ? "" : `cell ${failed.cellNumber} (code cell ${failed.codeCellNumber}, "${failed.firstLine}"): ${failed.message.split("\n")[0]}`;
    const notebook = outcome.run?.notebook ?? EMPTY_NOTEBOOK;
    const seconds = outcome.run?.seconds ?? outcome.seconds;
    const summary: ReportSummary = { name, title: notebookTitle(notebook, name), status: detail === "" ? "ok" : "failed", seconds, detail };
    summaries.set(name, summary);
    if (outcome.run !== null) writeNotebook(path.join(options.outDir, `${name}.ipynb`), outcome.run.notebook);
    writeFileAtomic(path.join(options.outDir, `${name}.html`), notebookToHtml(notebook, summary, plotlyLibrary));
    if (detail !== "") failures.push(`${file}: ${detail}`);
    log(`${name}: ${detail === "" ? "ok" : "FAILED"} in ${seconds.toFixed(1)} s -> ${path.join(options.outDir, `${name}.html`)}`);
    writeIndex(`${[...summaries.values()].filter((x) => x.status === "pending").length} notebook(s) still to run`);
  }
  writeIndex("done");
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s; reports in ${options.outDir}/index.html`);
  for (const f of failures) log(`FAILED ${f}`);
  return failures.length === 0 ? 0 : 1;
}

/** What tslab's executor reports when Ctrl-C interrupts a synchronous cell (`breakOnSigint`). */
const SIGINT_MESSAGE = /Script execution was interrupted by SIGINT/;

/** A notebook with no cells: the report of a notebook that could not even be read or started. */
const EMPTY_NOTEBOOK: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 };

/**
 * Runs one notebook so that it cannot take the others down: an exception (unreadable notebook,
 * dead kernel) becomes `error`, and `process.env` is restored afterwards, as a fresh kernel per
 * notebook would have it (a cell setting REPLICATE_FULL must not resize the notebooks after it).
 */
async function runIsolated(run: () => Promise<NotebookRun>): Promise<{ run: NotebookRun | null; error: string; seconds: number }> {
  const env = { ...process.env };
  const t0 = Date.now();
  try {
    return { run: await run(), error: "", seconds: (Date.now() - t0) / 1000 };
  } catch (e) {
    return { run: null, error: (e instanceof Error ? e.message : String(e)).split("\n")[0], seconds: (Date.now() - t0) / 1000 };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[replicate] error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
