import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readResults, ResultsStore } from "../../src/bench/results-store";
import { runResumable } from "../../src/bench/run";
import { keyString } from "../../src/bench/row";
import type { CheapJob, CheapResult } from "./fixtures/cheap-job";
import { cheapErrorRow, cheapJobs, cheapRow, type CheapRow } from "./fixtures/cheap-rows";

const handlerModule = require.resolve("./fixtures/cheap-job");
const child = require.resolve("./fixtures/append-child");

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-run-")), "table2.jsonl");
}

function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ["--require", require.resolve("tsx/cjs"), child, ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

/** Resolves after the child printed `count` lines equal to `line`. */
function waitForLines(proc: ChildProcess, line: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let buffer = "";
    let stderr = "";
    proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    proc.stdout?.on("data", (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      seen += lines.filter((l) => l === line).length;
      if (seen >= count) resolve();
    });
    proc.on("exit", (code) => reject(new Error(`child exited (${code}) before printing ${count}× ${line}: ${stderr}`)));
  });
}

function killAndWait(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.removeAllListeners("exit");
    proc.on("exit", () => resolve());
    proc.kill("SIGKILL");
  });
}

async function complete(file: string, n: number): Promise<{ ran: number; skipped: number; warnings: string[] }> {
  const warnings: string[] = [];
  const store = ResultsStore.open<CheapRow>(file, { warn: (m) => warnings.push(m) });
  try {
    const summary = await runResumable<CheapJob, CheapResult, CheapRow>({
      store,
      jobs: cheapJobs(n, 0),
      pool: { handlerModule, workers: 2, watchdogSeconds: 30 },
      toRow: cheapRow,
      toErrorRow: cheapErrorRow,
      isSolved: (row) => row.status === "optimal",
    });
    return { ran: summary.ran, skipped: summary.skipped, warnings };
  } finally {
    store.close();
  }
}

function assertComplete(file: string, n: number): void {
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.endsWith("\n"), "file ends with a newline");
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, n, "one line per job");
  const rows = lines.map((l) => JSON.parse(l) as CheapRow);
  assert.equal(new Set(rows.map(keyString)).size, n, "no duplicate key");
  assert.deepEqual(rows.map((r) => r.index).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
}

describe("runResumable (resume after kill, no duplicates)", () => {
  it("after a SIGKILL in the middle of a huge row's partial writes: the torn last line is truncated on open, rerun completes only the missing keys", async () => {
    const file = tempFile();
    const proc = startChild(["torn", file, "3"]);
    await waitForLines(proc, "partial", 1);
    await killAndWait(proc);
    const tornSize = fs.statSync(file).size;
    assert.ok(tornSize > 400_000, "the child left a partial huge row");
    const { ran, skipped, warnings } = await complete(file, 6);
    assert.equal(skipped, 3);
    assert.equal(ran, 3);
    assert.match(warnings.join("\n"), /truncated a torn last line/);
    assertComplete(file, 6);
    assert.ok(fs.statSync(file).size < 2000, "the torn row is gone");
  });

  it("after a SIGKILL of a running benchmark: rows written stay, rerun runs only the rest", async () => {
    const file = tempFile();
    const proc = startChild(["run", file, "40", "150"]);
    await waitForLines(proc, "row", 3);
    await killAndWait(proc);
    const before = readResults<CheapRow>(file).length;
    assert.ok(before >= 3 && before < 40, `kept ${before} rows`);
    const { ran, skipped } = await complete(file, 40);
    assert.equal(skipped, before);
    assert.equal(ran, 40 - before);
    assertComplete(file, 40);
  });

  it("a rerun of a finished study runs nothing and writes nothing", async () => {
    const file = tempFile();
    const first = await complete(file, 5);
    assert.equal(first.ran, 5);
    const size = fs.statSync(file).size;
    const second = await complete(file, 5);
    assert.equal(second.ran, 0);
    assert.equal(second.skipped, 5);
    assert.equal(fs.statSync(file).size, size);
    assertComplete(file, 5);
  });

  it("a crashing job becomes an error row and the run goes on", async () => {
    const file = tempFile();
    const store = ResultsStore.open<CheapRow>(file);
    const jobs = cheapJobs(4, 0).map((j) => (j.index === 2 ? { ...j, kind: "crash" as const } : j));
    const summary = await runResumable<CheapJob, CheapResult, CheapRow>({
      store,
      jobs,
      pool: { handlerModule, workers: 1, watchdogSeconds: 30 },
      toRow: cheapRow,
      toErrorRow: cheapErrorRow,
      isSolved: (row) => row.status === "optimal",
    });
    store.close();
    assert.equal(summary.failed, 1);
    const rows = readResults<CheapRow>(file);
    assert.equal(rows.length, 4);
    const error = rows.find((r) => r.index === 2);
    assert.equal(error?.status, "error");
    assert.match(error?.message ?? "", /worker crashed/);
    assert.deepEqual(rows.filter((r) => r.status === "optimal").map((r) => r.index).sort(), [0, 1, 3]);
  });
});
