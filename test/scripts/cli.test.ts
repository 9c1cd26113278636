import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as path from "node:path";
import * as fs from "node:fs";
import { BOUNDS_DIR, PROJECT_ROOT } from "../../src/paths";

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(PROJECT_ROOT, "scripts", "cli.ts"), ...args], { cwd: PROJECT_ROOT, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr });
    });
  });
}

describe("scripts/cli.ts", () => {
  it("attack prints exactly one JSON object with the documented fields, logs on stderr", async () => {
    const r = await cli(["attack", "--model", "dnn1", "--index", "2", "--time-limit", "120", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 1);
    const o = JSON.parse(lines[0]) as Record<string, unknown>;
    for (const key of ["model", "index", "label", "target", "status", "l1", "bound", "gap", "nodes", "seconds", "presolveSeconds", "adversarial", "outputs", "verified"]) {
      assert.ok(key in o, `missing ${key}`);
    }
    assert.deepEqual([o.model, o.index, o.status, o.verified], ["dnn1", 2, "optimal", true]);
    assert.equal((o.adversarial as number[]).length, 784);
    assert.equal((o.outputs as number[]).length, 10);
    assert.equal(o.target, ((o.label as number) + 5) % 10);
    assert.match(r.stderr, /\[attack\] dnn1, test image 2/);
  });

  it("attack --untargeted reports the closest class, every class's outcome, and the cap that pruned them", async () => {
    const r = await cli(["attack", "--model", "dnn1", "--index", "2", "--bounds", "milp", "--time-limit", "60", "--untargeted", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { label: number; target: number; status: string; l1: number; bound: number; verified: boolean; predicted: number; perTarget: { target: number; status: string; l1: number | null; cap: number | null }[] };
    assert.deepEqual([o.status, o.verified, o.predicted], ["optimal", true, o.target]);
    assert.notEqual(o.target, o.label);
    assert.deepEqual(o.perTarget.map((p) => p.target).sort(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((c) => c !== o.label));
    assert.ok(Math.abs(o.bound - o.l1) <= 1e-6 * (1 + o.l1));
    // every class the cap made infeasible is proven no closer than the answer
    const pruned = o.perTarget.filter((p) => p.status === "infeasible");
    assert.ok(pruned.length >= 1, "the cap pruned at least one class (DNN1's image 2: most of them)");
    for (const p of pruned) assert.ok(p.cap !== null && p.cap >= o.l1 - 1e-9, `class ${p.target}`);
    assert.match(r.stderr, /\[untargeted\] class \d: optimal, L1 [\d.]+, [\d.]+ s \(1\/9\)/);
    assert.match(r.stderr, /\(9\/9\)/);
  });

  it("bounds --no-cache computes with other settings without touching data/bounds/", async () => {
    const listing = () => fs.readdirSync(BOUNDS_DIR).map((f) => `${f} ${fs.statSync(path.join(BOUNDS_DIR, f)).mtimeMs}`).sort();
    const before = listing();
    const r = await cli(["bounds", "--model", "dnn1", "--method", "lp", "--time-limit-per-bound", "7", "--no-cache", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout) as { cached: boolean; method: string };
    assert.deepEqual([o.cached, o.method], [false, "lp"]);
    assert.deepEqual(listing(), before, "no file in data/bounds/ written, added or touched");
  });

  it("errors go to stderr with a non-zero exit and nothing on stdout", async () => {
    for (const [args, message] of [
      [["attack", "--model", "nosuchnet", "--index", "1", "--json"], /nosuchnet: no network file/],
      [["attack", "--model", "dnn1", "--index", "12345", "--json"], /--index must be an integer in 0..9999/],
      [["attack", "--model", "dnn1", "--index", "1", "--bounds", "exact", "--json"], /--bounds must be one of interval, lp, milp, weak-milp/],
      [["attack", "--model", "dnn1", "--index", "1", "--frobnicate"], /unknown option --frobnicate/],
      [["export", "--model", "dnn1", "--index", "1", "--format", "xls"], /--format must be lp or mps/],
      [["attack", "--model", "dnn1", "--index", "1", "--time-limit", "-5"], /--time-limit must be a positive number, got "-5"/],
      [["attack", "--model", "dnn1", "--index", "1", "--gap", "-1"], /--gap must be a number >= 0, got "-1"/],
      [["attack", "--model", "dnn1", "--index", "0x10"], /--index must be an integer, got "0x10"/],
      [["attack", "--model", "dnn1", "--index", "1", "--index", "2"], /--index is given twice/],
      [["attack", "--model", "dnn1", "--index", "1", "--json=false"], /--json takes no value/],
      [["attack", "--model", "dnn1", "--index", "1", "--untargeted", "--target", "3"], /--untargeted and --target exclude each other/],
      [["visualize", "--model", "dnn1", "--digit", "3", "--time-limit-per-bound", "abc"], /--time-limit-per-bound must be a positive number, got "abc"/],
      [["bounds", "--model", "dnn1", "--method", "interval", "--domain", ","], /--domain must be "lower,upper" with lower < upper/],
      [["bounds", "--model", "dnn1", "--method", "lp", "--workers", "0"], /--workers must be a positive integer, got "0"/],
      // the shipped weak-milp bounds of DNN1 were computed with 1 s per bound: another limit is refused, naming the way out
      [["bounds", "--model", "dnn1", "--method", "weak-milp", "--time-limit-per-bound", "60"], /computed with timeLimitPerBound 1, not the 60 asked for; .*cli: --no-cache/],
      [["bounds", "--model", "dnn1", "--method", "weak-milp", "--no-skip-stable"], /computed with skipStable true, not the false asked for/],
    ] as const) {
      const r = await cli([...args]);
      assert.notEqual(r.code, 0, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
      assert.match(r.stderr, message);
    }
  });
});
