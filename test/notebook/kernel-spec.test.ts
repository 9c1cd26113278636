import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "../../src/paths";
import { KERNEL_NAME, installKernelSpec, kernelSpec } from "../../src/notebook/kernel-spec";

function jupyterAvailable(): boolean {
  return spawnSync("jupyter", ["nbconvert", "--version"], { stdio: "ignore", timeout: 60000 }).status === 0;
}

describe("notebook/kernel-spec", () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kernelspec-"));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it("starts the launcher with node and Jupyter's connection file", () => {
    const spec = kernelSpec("/repo", "/usr/bin/node");
    assert.deepEqual(spec.argv, ["/usr/bin/node", path.join("/repo", "scripts", "kernel-launcher.js"), "--config-path", "{connection_file}"]);
    assert.equal(spec.language, "typescript");
    const dir = installKernelSpec(PROJECT_ROOT, dataDir);
    assert.equal(dir, path.join(dataDir, "kernels", KERNEL_NAME));
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8")).argv[1], path.join(PROJECT_ROOT, "scripts", "kernel-launcher.js"));
  });

  it("runs a notebook from a subfolder in real Jupyter, importing ./src from the project root", function () {
    if (!jupyterAvailable()) {
      if (process.env.CI) throw new Error("jupyter nbconvert is required in CI (apt-get install jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel)");
      this.skip();
    }
    this.timeout(180000);
    installKernelSpec(PROJECT_ROOT, dataDir);
    const fixture = path.join(PROJECT_ROOT, "test", "fixtures", "notebooks", "pass", "01-pass.ipynb");
    const out = path.join(dataDir, "executed.ipynb");
    const run = spawnSync(
      "jupyter",
      ["nbconvert", "--to", "notebook", "--execute", `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`, "--ExecutePreprocessor.timeout=120", fixture, "--output", out],
      { encoding: "utf8", timeout: 170000, env: { ...process.env, JUPYTER_PATH: dataDir, REPLICATE_REPORT: "1" } },
    );
    assert.equal(run.status, 0, run.stderr);
    const executed = JSON.parse(fs.readFileSync(out, "utf8")) as { cells: { cell_type: string; outputs?: unknown[] }[] };
    const text = JSON.stringify(executed.cells.map((c) => c.outputs ?? []));
    assert.ok(text.includes("fixture-printed-value 21"), text.slice(0, 2000));
    assert.ok(text.includes("<caption>fixture-table</caption>"), text.slice(0, 2000));
    assert.ok(text.includes("solver module: function"), "the launcher applies scripts/tslab-patch.js");
    assert.ok(text.includes("fixture-progress: done") && !text.includes("fixture-progress: 1/2 (50 %)"), "progress updates replace the display");
  });
});
