/**
 * Run a notebook's code cells in this Node process with tslab's own executor — the same
 * compiler and semantics as the tslab Jupyter kernel (state kept between cells, top-level
 * await, type errors fail the cell). Imports resolve from `root`, the project root, exactly as
 * in the project kernel started by `scripts/kernel-launcher.js`.
 */
import * as util from "node:util";
import type { ConverterSet } from "tslab/dist/executor";
import type { Converter } from "tslab/dist/converter";
import { Cell, CodeCell, DisplayOutput, ErrorOutput, Notebook, Output, joinText } from "./format";

/** Progress of one code cell, reported before it starts and after it ends. */
export interface CellEvent {
  readonly phase: "start" | "done" | "failed";
  /** 1-based position of the cell among all cells of the notebook. */
  readonly cellNumber: number;
  /** 1-based position among code cells, and how many code cells there are. */
  readonly codeCellNumber: number;
  readonly codeCellCount: number;
  /** Seconds since the notebook started. */
  readonly elapsedSeconds: number;
}

/** The cell that stopped a notebook. */
export interface CellFailure {
  readonly cellNumber: number;
  readonly codeCellNumber: number;
  /** First line of the cell's source, to name it in messages. */
  readonly firstLine: string;
  /** The error, e.g. "Error: boom" or a TypeScript diagnostic. */
  readonly message: string;
}

/** What running a notebook produced. */
export interface NotebookRun {
  /** The notebook with outputs, execution counts and per-cell seconds. */
  readonly notebook: Notebook;
  /** The failing cell, or null when every cell ran. Cells after it are left unexecuted. */
  readonly failure: CellFailure | null;
  readonly seconds: number;
}

/** Options of `runNotebookInNode`. */
export interface NodeRunOptions {
  /** Project root: the directory cells import from (`./src/...`); becomes the process cwd. */
  readonly root: string;
  readonly onCell?: (event: CellEvent) => void;
}

type WriteFn = typeof process.stdout.write;
type DisplayBundle = { data: DisplayOutput["data"]; metadata: DisplayOutput["metadata"]; transient?: { display_id?: string } };

/** Collects the outputs of the cell being run. */
class OutputSink {
  readonly outputs: Output[] = [];
  private readonly displays = new Map<string, { outputs: Output[]; index: number }>();

  stream(name: "stdout" | "stderr", text: string): void {
    if (text === "") return;
    const last = this.outputs[this.outputs.length - 1];
    if (last !== undefined && last.output_type === "stream" && last.name === name) {
      this.outputs[this.outputs.length - 1] = { ...last, text: joinText(last.text) + text };
    } else {
      this.outputs.push({ output_type: "stream", name, text });
    }
  }

  display(bundle: DisplayBundle, update: boolean | undefined, cellOutputs: Output[]): void {
    const output: DisplayOutput = { output_type: "display_data", data: bundle.data, metadata: bundle.metadata };
    const id = bundle.transient?.display_id;
    const previous = id === undefined ? undefined : this.displays.get(id);
    if (update === true && previous !== undefined) {
      previous.outputs[previous.index] = output;
      return;
    }
    cellOutputs.push(output);
    if (id !== undefined) this.displays.set(id, { outputs: cellOutputs, index: cellOutputs.length - 1 });
  }
}

function errorOutput(args: readonly unknown[]): ErrorOutput {
  const [first] = args;
  if (first instanceof Error) {
    return { output_type: "error", ename: first.name, evalue: first.message, traceback: cellTraceback(first) };
  }
  const text = util.format(...args);
  return { output_type: "error", ename: "CompileError", evalue: text, traceback: text.split("\n") };
}

/** The stack of an error thrown by a cell, from "Name: message" down to the last frame in the cell. */
function cellTraceback(error: Error): string[] {
  const lines = (error.stack ?? `${error.name}: ${error.message}`).split("\n");
  const head = lines.findIndex((l) => l.startsWith(`${error.name}:`) || l.startsWith(error.name));
  const start = head < 0 ? 0 : head;
  const runner = lines.findIndex((l, i) => i > start && /\bnode:vm:|tslab[\\/]dist[\\/]executor/.test(l));
  return lines.slice(start, runner < 0 ? lines.length : runner);
}

function mergeErrors(errors: readonly ErrorOutput[]): ErrorOutput {
  if (errors.length === 1) return errors[0];
  return {
    output_type: "error",
    ename: errors[0].ename,
    evalue: errors.map((e) => e.evalue).join("\n"),
    traceback: errors.flatMap((e) => e.traceback),
  };
}

function createConverters(): ConverterSet {
  // tslab is loaded on use: it brings its own TypeScript compiler.
  const { createConverter } = require("tslab/dist/converter") as typeof import("tslab/dist/converter");
  let node: Converter | undefined;
  return {
    get node(): Converter {
      node ??= createConverter({ isJS: false, isBrowser: false });
      return node;
    },
    get browser(): Converter {
      throw new Error("browser-mode cells (//%browser) are not supported by npm run replicate");
    },
    close(): void {
      node?.close();
    },
  };
}

/**
 * Run every code cell of `notebook` in order; stop at the first failing cell and record its
 * error as an `error` output. Output of `console.log`, the value of a cell's last expression
 * and every `tslab.display.*` call become the cell's outputs.
 */
export async function runNotebookInNode(notebook: Notebook, options: NodeRunOptions): Promise<NotebookRun> {
  const patch = require("../../scripts/tslab-patch.js") as { patchTslabExecutor(root: string): string };
  patch.patchTslabExecutor(options.root);
  const { createExecutor } = require("tslab/dist/executor") as typeof import("tslab/dist/executor");
  const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData: unknown };
  process.chdir(options.root);
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  let sink = new OutputSink();
  let cellOutputs: Output[] = sink.outputs;
  let executorErrors: ErrorOutput[] = [];
  const executorConsole = {
    log: (...args: unknown[]): void => sink.stream("stdout", util.format(...args) + "\n"),
    error: (...args: unknown[]): void => {
      executorErrors.push(errorOutput(args));
    },
  };
  const converters = createConverters();
  const executor = createExecutor(options.root, converters, executorConsole);
  const savedDisplay = jupyter.lastWriteDisplayData;
  const displays = new OutputSink();
  jupyter.lastWriteDisplayData = (bundle: DisplayBundle, update?: boolean): void => displays.display(bundle, update, cellOutputs);
  const onAsyncError = (reason: unknown): void => sink.stream("stderr", `Unhandled: ${util.format(reason)}\n`);
  process.on("unhandledRejection", onAsyncError);
  process.on("uncaughtException", onAsyncError);

  const codeCellCount = notebook.cells.filter((c) => c.cell_type === "code").length;
  const cells: Cell[] = [];
  let failure: CellFailure | null = null;
  let codeCellNumber = 0;
  let executionCount = 0;
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code" || failure !== null) {
        cells.push(cell.cell_type === "code" ? { ...cell, outputs: [], execution_count: null } : cell);
        continue;
      }
      codeCellNumber += 1;
      const event = { cellNumber: index + 1, codeCellNumber, codeCellCount };
      options.onCell?.({ phase: "start", ...event, elapsedSeconds: elapsed() });
      sink = new OutputSink();
      cellOutputs = sink.outputs;
      executorErrors = [];
      const cellStarted = Date.now();
      const source = joinText(cell.source);
      const ok = await runCapturingStdio(sink, () =>
        withoutTypeScriptLoaders(() =>
          executor.execute(source).catch((crash: unknown) => {
            // tslab itself threw (e.g. a compiler crash): a failed cell, not a dead runner.
            executorErrors.push(errorOutput([crash instanceof Error ? crash : new Error(String(crash))]));
            return false;
          }),
        ),
      );
      executionCount += 1;
      if (ok) {
        for (const e of executorErrors) sink.stream("stderr", e.traceback.join("\n") + "\n");
      } else {
        const error = executorErrors.length > 0 ? mergeErrors(executorErrors) : errorOutput(["cell failed without an error message"]);
        cellOutputs.push(error);
        failure = {
          cellNumber: index + 1,
          codeCellNumber,
          firstLine: source.split("\n").find((l) => l.trim() !== "") ?? "",
          message: error.ename === "CompileError" ? error.evalue : `${error.ename}: ${error.evalue}`,
        };
      }
      const seconds = (Date.now() - cellStarted) / 1000;
      const executed: CodeCell = {
        ...cell,
        metadata: { ...cell.metadata, relu_milp: { seconds: Math.round(seconds * 1000) / 1000 } },
        execution_count: executionCount,
        outputs: cellOutputs,
      };
      cells.push(executed);
      options.onCell?.({ phase: ok ? "done" : "failed", ...event, elapsedSeconds: elapsed() });
    }
  } finally {
    process.off("unhandledRejection", onAsyncError);
    process.off("uncaughtException", onAsyncError);
    jupyter.lastWriteDisplayData = savedDisplay;
    executor.close();
  }
  return { notebook: { ...notebook, cells }, failure, seconds: elapsed() };
}

/**
 * Run `body` with Node's require hooks for .ts/.tsx/.jsx (installed by tsx, which runs this
 * script) removed, so that a cell resolves modules exactly as in the plain-Node tslab kernel:
 * project .ts files only through tslab's own compiled outputs, never through tsx.
 */
async function withoutTypeScriptLoaders<T>(body: () => Promise<T>): Promise<T> {
  const extensions = (require("node:module") as { _extensions: Record<string, unknown> })._extensions;
  const saved = new Map<string, unknown>();
  for (const ext of [".ts", ".tsx", ".cts", ".mts", ".jsx"]) {
    if (ext in extensions) {
      saved.set(ext, extensions[ext]);
      delete extensions[ext];
    }
  }
  try {
    return await body();
  } finally {
    for (const [ext, loader] of saved) extensions[ext] = loader;
  }
}

/** Run `body` with process.stdout/stderr writes going into `sink` (as the tslab kernel does). */
async function runCapturingStdio<T>(sink: OutputSink, body: () => Promise<T>): Promise<T> {
  const savedOut: WriteFn = process.stdout.write;
  const savedErr: WriteFn = process.stderr.write;
  const capture = (name: "stdout" | "stderr"): WriteFn =>
    ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink.stream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((r): r is () => void => typeof r === "function");
      callback?.();
      return true;
    }) as WriteFn;
  process.stdout.write = capture("stdout");
  process.stderr.write = capture("stderr");
  try {
    return await body();
  } finally {
    process.stdout.write = savedOut;
    process.stderr.write = savedErr;
  }
}
