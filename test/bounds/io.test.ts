import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { computeBounds } from "../../src/bounds/compute";
import { boundsPath, loadBounds, networkFingerprint, parseBounds, saveBounds } from "../../src/bounds/io";
import { resolveBounds } from "../../src/bounds/resolve";
import { HighsSolver } from "../../src/solver/highs";
import { seededNetwork } from "../tools/seeded-network";

describe("bounds files (data/bounds/<net>-<method>[-domain].json)", () => {
  const net = seededNetwork(41, [6, 5, 4]);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bounds-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("names files by network, method and domain", () => {
    assert.equal(path.basename(boundsPath("dnn1", "milp", { lower: 0, upper: 1 })), "dnn1-milp.json");
    assert.equal(path.basename(boundsPath("dnn1", "lp", { lower: -1, upper: 1 })), "dnn1-lp-m1-1.json");
    assert.equal(path.basename(boundsPath("dnn2", "weak-milp", { lower: 0, upper: 1.5 })), "dnn2-weak-milp-0-1.5.json");
  });

  it("round-trips through JSON exactly", async () => {
    const b = await computeBounds(net, { method: "interval", inputDomain: { lower: -1, upper: 1 } });
    const file = saveBounds(b, path.join(dir, "x.json"));
    assert.deepEqual(loadBounds(file), JSON.parse(JSON.stringify(b)));
  });

  it("writes atomically: the file parses, no temporary file remains, concurrent writers never leave a torn or mixed file", async () => {
    const b = await computeBounds(net, { method: "interval" });
    const sub = fs.mkdtempSync(path.join(dir, "atomic-"));
    const file = saveBounds(b, path.join(sub, "a.json"));
    assert.deepEqual(loadBounds(file).layers, JSON.parse(JSON.stringify(b.layers)));
    assert.deepEqual(fs.readdirSync(sub), ["a.json"]);
    // two threads rewrite the same ~1 MB file while this thread keeps reading it
    const target = path.join(sub, "shared.json");
    const writer = (tag: number): Promise<void> =>
      new Promise((resolve, reject) => {
        const w = new Worker(require.resolve("./fixtures/write-bounds"), {
          execArgv: ["--require", require.resolve("tsx/cjs")],
          workerData: { file: target, tag, count: 30, units: 50_000 },
        });
        w.on("error", reject);
        w.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited with ${code}`))));
      });
    let running = true;
    const writers = Promise.all([writer(1), writer(2)]).finally(() => (running = false));
    let reads = 0;
    while (running) {
      if (fs.existsSync(target)) {
        const layer = loadBounds(target).layers[0];
        assert.equal(layer.lower.length, 50_000);
        assert.ok(layer.lower.every((v) => v === layer.lower[0]) && layer.upper.every((v) => v === layer.lower[0]), "a mixed file");
        reads++;
      }
      await new Promise((r) => setImmediate(r));
    }
    await writers;
    assert.ok(reads > 0);
    assert.deepEqual(fs.readdirSync(sub).sort(), ["a.json", "shared.json"]);
  });

  it("refuses malformed files naming the file and the field", () => {
    const good = { network: "n", method: "lp", seconds: 1, inputDomain: { lower: 0, upper: 1 }, layers: [{ lower: [0], upper: [1] }] };
    assert.doesNotThrow(() => parseBounds(good, "f.json"));
    assert.throws(() => parseBounds({ ...good, method: "magic" }, "f.json"), /f.json: bounds field "method" must be one of/);
    assert.throws(() => parseBounds({ ...good, layers: [{ lower: [2], upper: [1] }] }, "f.json"), /"layers\[0\].lower\[0\]" exceeds the upper bound/);
    assert.throws(() => parseBounds({ ...good, layers: [{ lower: [0, 1], upper: [1] }] }, "f.json"), /"layers\[0\]" has lower and upper of different lengths/);
    assert.throws(() => parseBounds({ ...good, inputDomain: { lower: "0" } }, "f.json"), /"inputDomain"/);
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, "{ not json");
    assert.throws(() => loadBounds(bad), /bad.json is not valid JSON/);
    assert.throws(() => loadBounds(path.join(dir, "missing.json")), /cannot read bounds file .*missing.json/);
  });

  it("caches solver bounds by network fingerprint and recomputes for changed weights", async () => {
    const solver = await HighsSolver.create();
    const first = await resolveBounds(net, { method: "lp", solver, dir });
    assert.equal(first.cached, false);
    assert.ok(fs.existsSync(path.join(dir, `${net.name}-lp.json`)));
    const second = await resolveBounds(net, { method: "lp", solver, dir });
    assert.equal(second.cached, true);
    assert.deepEqual(second.bounds.layers, JSON.parse(JSON.stringify(first.bounds.layers)));
    const changed = { ...net, layers: [net.layers[0], { ...net.layers[1], bias: net.layers[1].bias.map((b) => b + 0.1) }] };
    assert.notEqual(networkFingerprint(changed), networkFingerprint(net));
    const third = await resolveBounds(changed, { method: "lp", solver, dir });
    assert.equal(third.cached, false);
  });

  it("refuses cached bounds computed with other settings than the ones asked for, naming the setting", async () => {
    const solver = await HighsSolver.create();
    const own = await resolveBounds(net, { method: "weak-milp", solver, dir, timeLimitPerBound: 1, solverOptions: { presolve: "off", mip_rel_gap: 0 } });
    assert.equal(own.cached, false);
    // the same settings (solver options in another order) or none at all: the cache answers
    for (const asked of [{ timeLimitPerBound: 1, skipStable: true, solverOptions: { mip_rel_gap: 0, presolve: "off" } }, {}]) {
      assert.equal((await resolveBounds(net, { method: "weak-milp", solver, dir, ...asked })).cached, true);
    }
    const refused: [object, RegExp][] = [
      [{ timeLimitPerBound: 5 }, /weak-milp\.json was computed with timeLimitPerBound 1, not the 5 asked for; compute them without the cache \(cache: false; cli: --no-cache\)/],
      [{ skipStable: false }, /skipStable true, not the false asked for/],
      [{ solverOptions: { presolve: "on" } }, /solverOptions \[\["mip_rel_gap",0\],\["presolve","off"\]\], not the \[\["presolve","on"\]\] asked for/],
    ];
    for (const [asked, message] of refused) await assert.rejects(resolveBounds(net, { method: "weak-milp", solver, dir, ...asked }), message);
    assert.equal((await resolveBounds(net, { method: "weak-milp", solver, dir, timeLimitPerBound: 5, cache: false })).cached, false);
  });

  it("answers a per-pixel domain only with bounds cached for that same domain", async () => {
    const solver = await HighsSolver.create();
    const n = net.inputSize;
    const wide = { lower: new Array<number>(n).fill(0), upper: new Array<number>(n).fill(1) };
    const narrow = { lower: new Array<number>(n).fill(0), upper: [0.5, ...new Array<number>(n - 1).fill(1)] };
    const first = await resolveBounds(net, { method: "lp", solver, dir, inputDomain: narrow });
    const again = await resolveBounds(net, { method: "lp", solver, dir, inputDomain: narrow });
    assert.equal(again.cached, true);
    const other = await resolveBounds(net, { method: "lp", solver, dir, inputDomain: wide });
    assert.equal(other.cached, false, "bounds over a narrower domain must not answer a wider one");
    assert.deepEqual(other.bounds.inputDomain, wide);
    assert.equal(first.bounds.inputDomain, narrow);
  });
});
