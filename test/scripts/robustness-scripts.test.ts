import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../src/paths";

/** Runs a script of scripts/ with tsx; these calls stop at argument checking, before any data is loaded or written. */
function script(name: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(PROJECT_ROOT, "scripts", name), ...args], { cwd: PROJECT_ROOT }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

describe("scripts/robustness-*.ts arguments", function () {
  this.timeout(60_000);

  it("--help prints the usage and exits 0", async () => {
    for (const name of ["robustness-retrain.ts", "robustness-perturb.ts", "robustness-evaluate.ts"]) {
      const r = await script(name, ["--help"]);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: npx tsx scripts/${name.replace(".", "\\.")}`), name);
    }
  });

  it("robustness-retrain refuses bad flags, naming them, before it loads any network or data", async () => {
    for (const [args, message] of [
      [["--backend", "gpu"], /--backend must be one of tensorflow, wasm, cpu, got "gpu"/],
      [["--approach", "cr", "--steps", "3"], /--epsilon and --steps are for --approach pgd only/],
      [["--approach", "pr-adv", "--epochs", "0"], /--epochs must be a positive integer, got "0"/],
      [["--approach", "pgd", "--steps", "2.5"], /--steps must be a positive integer, got "2.5"/],
      [["--approach", "cr-all"], /--approach must be cr, pr-adv, pr-mixed, all or pgd, got "cr-all"/],
      [["--net", "nosuchnet", "--epochs", "-1"], /--epochs must be a positive integer, got "-1"/], // before the (missing) network is loaded
      // the committed networks behind Tables 4-8 are replaced only on request
      [["--approach", "all"], /data\/models\/dnn1-cr\.json, data\/models\/dnn1-pr-adv\.json, data\/models\/dnn1-pr-mixed\.json exist: add --force to replace/],
      [["--approach", "pgd"], /data\/models\/dnn1-pgd\.json exists: add --force/],
    ] as const) {
      const r = await script("robustness-retrain.ts", [...args]);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, message, args.join(" "));
    }
  });

  it("train refuses an --out that would give a network a shipped network's name elsewhere, or replace a shipped file without --force", async () => {
    const shadow = await script("train.ts", ["--model", "dnn3", "--out", "/tmp/dnn3.json"]);
    assert.equal(shadow.code, 2);
    assert.match(shadow.stderr, /--out \S*dnn3\.json would name the network dnn3, the shipped network's name, whose cached bounds and results it would then share; choose another file name/);
    const shipped = await script("train.ts", ["--model", "dnn3"]);
    assert.equal(shipped.code, 2);
    assert.match(shipped.stderr, /data\/models\/dnn3\.json exists .*pass --force/);
  });
});
