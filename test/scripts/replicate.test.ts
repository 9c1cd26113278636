import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../../src/paths";
import { checkReportInBrowser, findChromium, reportProblems } from "../../src/notebook/browser-check";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const FIXTURES = path.join(PROJECT_ROOT, "test", "fixtures", "notebooks");

function replicate(args: readonly string[]): { status: number | null; stderr: string } {
  const run = spawnSync(TSX, [path.join(PROJECT_ROOT, "scripts", "replicate.ts"), ...args], { cwd: PROJECT_ROOT, encoding: "utf8", timeout: 170000 });
  return { status: run.status, stderr: run.stderr };
}

function requireTool(ctx: Mocha.Context, available: boolean, what: string): void {
  if (available) return;
  if (process.env.CI) throw new Error(`${what} is required in CI`);
  ctx.skip();
}

describe("scripts/replicate", function () {
  this.timeout(180000);
  let out: string;
  before(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "replicate-test-"));
  });
  after(() => fs.rmSync(out, { recursive: true, force: true }));

  it("writes an HTML report holding printed values, displayed HTML and one plotly library", () => {
    const run = replicate(["--notebooks", path.join(FIXTURES, "pass"), "--out", path.join(out, "pass")]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /01-pass: done {4}code cell 6\/6 \(cell 7\) · \d+\.\d s/);
    const html = fs.readFileSync(path.join(out, "pass", "01-pass.html"), "utf8");
    assert.ok(html.includes('<pre class="stdout">fixture-printed-value 21\n</pre>'));
    assert.ok(html.includes("<caption>fixture-table</caption>"));
    assert.ok(html.includes('<pre class="stdout">2\n</pre>'), "value of the last expression");
    assert.equal(html.split("window.define=undefined").length - 1, 1, "plotly.js embedded once");
    const executed = JSON.parse(fs.readFileSync(path.join(out, "pass", "01-pass.ipynb"), "utf8")) as { cells: { execution_count?: number | null }[] };
    assert.deepEqual(executed.cells.map((c) => c.execution_count ?? null), [null, 1, 2, 3, 4, 5, 6]);
    assert.ok(html.includes("fixture-progress: done, 1/2 in") && html.includes("fixture-finished"), "final progress state");
    assert.ok(!html.includes("fixture-progress: 1/2 (50 %)"), "progress updates replace the display");
    assert.ok(html.includes("solver module: function"), "a package import named like the importing file (tslab-patch.js)");
    assert.ok(fs.readFileSync(path.join(out, "pass", "index.html"), "utf8").includes('href="01-pass.html"'));
  });

  it("stops a notebook at a failing cell, shows the error and exits non-zero naming the cell", () => {
    const run = replicate(["--notebooks", path.join(FIXTURES, "fail"), "--out", path.join(out, "fail")]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED 01-fail\.ipynb: cell 3 \(code cell 2, "\/\/ fixture failing cell"\): Error: fixture-boom/);
    const html = fs.readFileSync(path.join(out, "fail", "01-fail.html"), "utf8");
    assert.ok(html.includes("before-the-failure"));
    assert.match(html, /<pre class="error">Error: fixture-boom/);
    assert.ok(!html.includes("never-printed\n</pre>"), "cells after the failure do not run");
    assert.match(run.stderr, /FAILED 02-type-error\.ipynb: cell 2 \(code cell 1, "const fixtureCount: number = "not a number";"\): 1:7 - Type 'string' is not assignable to type 'number'/);
    assert.ok(fs.readFileSync(path.join(out, "fail", "index.html"), "utf8").includes('href="02-type-error.html"'));
  });

  it("keeps going past an unreadable notebook, isolates process.env between notebooks, accepts cells without metadata", () => {
    const dir = path.join(out, "isolation");
    const run = replicate(["--notebooks", path.join(FIXTURES, "isolation"), "--out", dir]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED 02-unreadable\.ipynb: could not run: .*02-unreadable\.ipynb/);
    assert.match(fs.readFileSync(path.join(dir, "02-unreadable.html"), "utf8"), /failed: could not run/);
    assert.ok(fs.readFileSync(path.join(dir, "03-reads-env.html"), "utf8").includes("fixture-leak: none"), "01's process.env change does not reach 03");
    assert.ok(fs.readFileSync(path.join(dir, "04-bare-cell.html"), "utf8").includes("bare cell ran"));
    const index = fs.readFileSync(path.join(dir, "index.html"), "utf8");
    for (const name of ["01-sets-env", "02-unreadable", "03-reads-env", "04-bare-cell"]) assert.ok(index.includes(`href="${name}.html"`), name);
    assert.ok(!index.includes("pending"), "the final index has no pending notebook");
    assert.match(index, /done after/);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), [], "no temporary file left");
  });

  it("runs the same notebook in the real project kernel with --engine jupyter", function () {
    const jupyter = spawnSync("/usr/bin/python3", ["-c", "import nbclient"], { stdio: "ignore" }).status === 0;
    requireTool(this, jupyter, "python3-nbclient");
    const run = replicate(["--engine", "jupyter", "--only", "01", "--notebooks", path.join(FIXTURES, "fail"), "--out", path.join(out, "jupyter")]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED 01-fail\.ipynb: cell 3 \(code cell 2, "\/\/ fixture failing cell"\): Error: fixture-boom/);
    assert.ok(fs.readFileSync(path.join(out, "jupyter", "01-fail.html"), "utf8").includes("before-the-failure"));
  });

  it("with --engine jupyter, a kernel that dies fails its notebook and the next one still runs", function () {
    const jupyter = spawnSync("/usr/bin/python3", ["-c", "import nbclient"], { stdio: "ignore" }).status === 0;
    requireTool(this, jupyter, "python3-nbclient");
    const dir = path.join(out, "dead-kernel");
    const run = replicate(["--engine", "jupyter", "--notebooks", path.join(FIXTURES, "dead-kernel"), "--out", dir]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /FAILED 01-kernel-dies\.ipynb: cell 3 \(code cell 2, "\/\/ fixture kernel exit"\): DeadKernelError/);
    assert.ok(fs.readFileSync(path.join(dir, "01-kernel-dies.html"), "utf8").includes("before the exit"), "the cells before the death keep their outputs");
    assert.ok(fs.readFileSync(path.join(dir, "02-after.html"), "utf8").includes("fixture-after-dead-kernel"));
  });

  it("renders the report's plot in headless Chromium and catches JavaScript errors", function () {
    requireTool(this, findChromium() !== null, "chromium");
    const report = path.join(out, "pass", "01-pass.html");
    if (!fs.existsSync(report)) {
      const run = replicate(["--notebooks", path.join(FIXTURES, "pass"), "--out", path.join(out, "pass")]);
      assert.equal(run.status, 0, run.stderr);
    }
    const good = checkReportInBrowser(report, path.join(out, "pass.png"));
    assert.deepEqual(reportProblems(good), []);
    assert.equal(good.renderedPlots, 1);
    assert.deepEqual([...fs.readFileSync(path.join(out, "pass.png")).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const broken = path.join(out, "broken.html");
    fs.writeFileSync(broken, '<!DOCTYPE html><html><head><script src="https://cdn.example.com/plotly.js"></script></head><body><script>undefinedFunction()</script></body></html>');
    const bad = reportProblems(checkReportInBrowser(broken, path.join(out, "broken.png")));
    assert.ok(bad.some((p) => p.includes("undefinedFunction")), bad.join("\n"));
    assert.ok(bad.some((p) => p.includes("failed to load SCRIPT https://cdn.example.com/plotly.js")), bad.join("\n"));
    assert.ok(bad.some((p) => p.includes("no plotly figure rendered")), bad.join("\n"));
  });
});
