/**
 * Run a notebook through real Jupyter (Debian's python3-nbclient) with the project kernel —
 * the same path as `jupyter nbconvert --to notebook --execute`, but cell by cell so that
 * progress is reported and a failing cell stops the notebook with its outputs kept.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { KERNEL_NAME } from "./kernel-spec";
import { readNotebook } from "./format";
import type { CellEvent, CellFailure, NotebookRun } from "./node-engine";

const EVENT_PREFIX = "@@relu-milp ";

/** Python driver: argv = notebook, output, kernel name, working directory. */
const DRIVER = `
import json, re, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
src, out, kernel, cwd = sys.argv[1:5]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name=kernel, timeout=None, resources={"metadata": {"path": cwd}})
code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
for c in nb.cells:
    if c.cell_type == "code":
        c.outputs = []
        c.execution_count = None
def event(**kw):
    print("${EVENT_PREFIX}" + json.dumps(kw), flush=True)
t0 = time.time()
failure = None
try:
    with client.setup_kernel():
        for n, i in enumerate(code, 1):
            cell = nb.cells[i]
            base = dict(cellNumber=i + 1, codeCellNumber=n, codeCellCount=len(code))
            event(phase="start", elapsedSeconds=time.time() - t0, **base)
            t = time.time()
            source = cell.source.strip().split("\\n")[0] if cell.source.strip() else ""
            try:
                client.execute_cell(cell, i)
            except CellExecutionError as e:
                err = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream" and o.get("name") == "stderr").strip()
                evalue = err or str(getattr(e, "evalue", "")) or "cell failed"
                cell.outputs.append(nbformat.v4.new_output("error", ename=str(getattr(e, "ename", "Error")), evalue=evalue, traceback=evalue.split("\\n")))
                named = [l for l in evalue.split("\\n") if re.match(r"^\\w*(Error|Exception)\\b", l) or re.match(r"^\\d+:\\d+ - ", l)]
                message = named[0] if named else evalue.split("\\n")[0]
                failure = dict(cellNumber=i + 1, codeCellNumber=n, firstLine=source, message=message)
            except Exception as e:
                # The kernel died or nbclient failed (e.g. DeadKernelError): the cell failed, the
                # notebook is still written with what ran.
                message = (type(e).__name__ + ": " + str(e)).split("\\n")[0]
                cell.outputs.append(nbformat.v4.new_output("error", ename=type(e).__name__, evalue=str(e), traceback=[message]))
                failure = dict(cellNumber=i + 1, codeCellNumber=n, firstLine=source, message=message)
            cell.metadata["relu_milp"] = {"seconds": round(time.time() - t, 3)}
            event(phase="failed" if failure else "done", elapsedSeconds=time.time() - t0, **base)
            if failure:
                break
except Exception as e:
    if failure is None:
        failure = dict(cellNumber=0, codeCellNumber=0, firstLine="", message=("kernel: " + type(e).__name__ + ": " + str(e)).split("\\n")[0])
nbformat.write(nb, out)
event(phase="end", failure=failure, seconds=time.time() - t0)
`;

/** The Python that has nbclient: $REPLICATE_PYTHON, Debian's /usr/bin/python3, or python3. */
export function findJupyterPython(): string | null {
  const candidates = [process.env.REPLICATE_PYTHON, "/usr/bin/python3", "python3"].filter((c): c is string => c !== undefined && c !== "");
  for (const python of candidates) {
    const probe = spawnSync(python, ["-c", "import nbclient, nbformat"], { stdio: "ignore", timeout: 30000 });
    if (probe.status === 0) return python;
  }
  return null;
}

/** Options of `runNotebookWithJupyter`. */
export interface JupyterRunOptions {
  readonly root: string;
  readonly python: string;
  readonly env: NodeJS.ProcessEnv;
  readonly onCell?: (event: CellEvent) => void;
}

/** Execute the notebook file `file` with the project kernel through nbclient. */
export async function runNotebookWithJupyter(file: string, options: JupyterRunOptions): Promise<NotebookRun> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "replicate-"));
  const out = path.join(tmp, path.basename(file));
  const started = Date.now();
  try {
    return await runDriver(file, out, started, options);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs the Python driver on `file`, writing the executed notebook to `out`, and reads it back. */
async function runDriver(file: string, out: string, started: number, options: JupyterRunOptions): Promise<NotebookRun> {
  let failure: CellFailure | null = null;
  let stderr = "";
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(options.python, ["-c", DRIVER, file, out, KERNEL_NAME, options.root], {
      cwd: options.root,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buffer = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf("\n");
        if (!line.startsWith(EVENT_PREFIX)) continue;
        const event = JSON.parse(line.slice(EVENT_PREFIX.length)) as (CellEvent | { phase: "end"; failure: CellFailure | null });
        if (event.phase === "end") failure = event.failure;
        else options.onCell?.(event);
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0 || !fs.existsSync(out)) {
    throw new Error(`jupyter engine failed on ${file} (exit ${String(code)}):\n${stderr}`);
  }
  const notebook = readNotebook(out);
  return { notebook, failure, seconds: (Date.now() - started) / 1000 };
}
