import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readResults } from "../../src/bench/results-store";
import type { BenchRow } from "../../src/bench/row";
import { firstCorrectImages, runStudy, studyJobs } from "../../src/bench/study";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { classify, forward, argmax } from "../../src/dnn/forward";
import { saveNetwork } from "../../src/dnn/load";
import type { Network } from "../../src/dnn/network";
import { trainTinyNetwork } from "./fixtures/tiny-net";

describe("runStudy (real MNIST, real HiGHS, a tiny trained network)", function () {
  this.timeout(240_000);
  let dir = "";
  let netFile = "";
  let test: MnistSet;
  let net: Network;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-study-"));
    netFile = path.join(dir, "tiny.json");
    test = loadMnist("test", { limit: 200 });
    net = trainTinyNetwork(loadMnist("train", { limit: 2000 }));
    saveNetwork(net, netFile);
  });

  it("picks the first test images the network classifies correctly, by index", () => {
    const picked = firstCorrectImages(net, test, 5);
    assert.equal(picked.length, 5);
    for (const i of picked) assert.equal(classify(net, test.images[i]), test.labels[i]);
    for (let i = 0; i < picked[4]; i++) assert.equal(picked.includes(i), classify(net, test.images[i]) === test.labels[i]);
  });

  it("gives each method its own number of guide images of the target class, whichever method comes first", () => {
    const jobs = studyJobs({ table: 2, models: [netFile], methods: ["base", "best"], images: 2 }, [{ spec: netFile, net }], test);
    assert.deepEqual(jobs.map((j) => j.method), ["base", "best", "base", "best"]);
    for (const job of jobs) {
      const guides = job.guides ?? [];
      assert.equal(guides.length, job.method === "base" ? 0 : 5, `${job.method} image ${job.index}`);
      for (const g of guides) assert.equal(classify(net, g), job.target);
    }
  });

  it("writes verified rows for Table 3 with base, best and shrink, caches bounds, and a rerun runs nothing", async () => {
    const options = {
      table: 3 as const,
      models: [netFile],
      methods: ["base", "best", "shrink"] as const,
      images: 1,
      timeLimit: 60,
      workers: 1,
      resultsDir: dir,
      boundsDir: path.join(dir, "bounds"),
      progress: null,
      testSet: test,
    };
    const first = await runStudy({ ...options, methods: [...options.methods] });
    assert.equal(first.ran, 3);
    assert.equal(first.failed, 0);
    assert.deepEqual(fs.readdirSync(path.join(dir, "bounds")), ["tiny-lp.json"]);
    const rows = readResults<BenchRow>(path.join(dir, "table3.jsonl"));
    assert.equal(rows.length, 3);
    const index = firstCorrectImages(net, test, 1)[0];
    for (const row of rows) {
      assert.equal(row.index, index);
      assert.equal(row.label, test.labels[index]);
      assert.equal(row.target, (row.label + 5) % 10);
      assert.equal(row.relativeGap, 0.01);
      assert.equal(row.status, "optimal", `${row.method}: ${row.message ?? ""}`);
      assert.ok(row.adversarial !== null && row.adversarial.length === 784);
      assert.equal(row.verified, true);
      const out = forward(net, row.adversarial).output;
      assert.equal(argmax(out), row.target);
      assert.ok(row.l1 !== null && row.l1 > 0);
      assert.match(row.solver, /highs/);
      assert.ok(row.cpuSeconds !== undefined && row.cpuSeconds > 0 && Number.isFinite(row.cpuSeconds), `cpu ${row.cpuSeconds}`);
      if (row.method === "base") assert.equal(row.boundsCreatedAt, undefined, "interval bounds are computed on the fly");
      else assert.equal(row.boundsCreatedAt, JSON.parse(fs.readFileSync(path.join(dir, "bounds", "tiny-lp.json"), "utf8")).createdAt, "the bounds file the row used");
    }
    // all methods solve the same problem to within the 1 % gap
    const l1 = rows.map((r) => r.l1 ?? Number.NaN);
    for (const x of l1) for (const y of l1) assert.ok(Math.abs(x - y) <= 0.011 * Math.max(x, y) + 1e-6, `${rows.map((r) => `${r.method} ${r.l1}`).join(", ")}`);
    const again = await runStudy({ ...options, methods: [...options.methods] });
    assert.equal(again.ran, 0);
    assert.equal(again.skipped, 3);
    assert.equal(readResults<BenchRow>(path.join(dir, "table3.jsonl")).length, 3);
  });

  it("keeps error and interrupted rows on a rerun, and --retry-errors replaces them by fresh rows (and only this study's)", async () => {
    const sub = fs.mkdtempSync(path.join(dir, "retry-"));
    const options = {
      table: 2 as const, models: [netFile], methods: ["base" as const], images: 2, timeLimit: 60, workers: 1,
      resultsDir: sub, boundsDir: path.join(dir, "bounds"), progress: null, testSet: test,
    };
    const [index, second] = firstCorrectImages(net, test, 2);
    const file = path.join(sub, "table2.jsonl");
    const crashed = { table: 2, model: net.name, method: "base", index, status: "error", message: "worker crashed" };
    const interrupted = { ...crashed, index: second, status: "interrupted", message: "iteration limit" };
    const other = { ...crashed, method: "weak" };
    fs.writeFileSync(file, `${JSON.stringify(crashed)}\n${JSON.stringify(interrupted)}\n${JSON.stringify(other)}\n`);
    const kept = await runStudy({ ...options, methods: [...options.methods] });
    assert.equal(kept.ran, 0);
    assert.equal(kept.skipped, 2);
    const retried = await runStudy({ ...options, methods: [...options.methods], retryErrors: true });
    assert.equal(retried.ran, 2);
    const rows = readResults<BenchRow>(file);
    assert.deepEqual(rows.map((r) => `${r.method} ${r.status}`), ["weak error", "base optimal", "base optimal"]);
    assert.ok(rows[1].verified && rows[2].verified);
  });

  it("runs no attack whose bounds job failed and writes no row for it, so a rerun retries it", async () => {
    const sub = fs.mkdtempSync(path.join(dir, "no-bounds-"));
    const summary = await runStudy({
      table: 2, models: [netFile], methods: ["improved"], images: 1, timeLimit: 60, workers: 1,
      resultsDir: sub, boundsDir: path.join(sub, "bounds"), boundsWatchdog: 0.01, progress: null, testSet: test,
    });
    assert.equal(summary.ran, 0);
    assert.equal(summary.notRun, 1);
    assert.match(summary.bounds.join("\n"), /tiny.json\/milp failed: watchdog/);
    assert.match(summary.bounds.join("\n"), /tiny.json\/milp: no bounds, its 1 attack job\(s\) not run/);
    assert.deepEqual(readResults<BenchRow>(path.join(sub, "table2.jsonl")), []);
  });
});
