import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadMnist } from "../../src/data/mnist";
import { classify } from "../../src/dnn/forward";
import { adversarialDistanceStudy, cachedDistanceStudy, checkLiveDistances, committedAttacks, commonCorrectImages } from "../../src/robustness/distance";
import { foldPerturbation, identityPerturbation } from "../../src/robustness/perturbation";
import { HighsSolver } from "../../src/solver/highs";
import { tinyNetwork } from "./tiny-network";

describe("adversarial distance study (Tables 6/8)", function () {
  this.timeout(60000);
  const w = (i: number, j: number, s: number) => Math.sin(13 * i + 7 * j + s) * 0.2;
  // Hidden unit j drives output j only, so every target class is reachable.
  const net = tinyNetwork("dist", 784, [
    { kernel: Array.from({ length: 784 }, (_, i) => Array.from({ length: 10 }, (_, j) => w(i, j, 1))), bias: new Array(10).fill(0.1), activation: "relu" },
    { kernel: Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 1 : 0))), bias: new Array(10).fill(0), activation: "relu" },
  ]);
  const mnist = loadMnist("test", { limit: 30 });
  // Labels = the network's own predictions, so every image is "correctly classified" by `net`.
  const test = { images: mnist.images, labels: Uint8Array.from(mnist.images, (x) => classify(net, x)) };

  it("uses only images every approach classifies correctly", () => {
    // `other` predicts class L (the first image's) for everything.
    const L = test.labels[0];
    const other = tinyNetwork("other", 784, [{ ...net.layers[0] }, { ...net.layers[1], bias: net.layers[1].bias.map((_, j) => (j === L ? 100 : 0)) }]);
    const count = Array.from(test.labels).filter((l) => l === L).length;
    const approaches = [{ name: "a", net }, { name: "b", net: other }];
    const common = commonCorrectImages(approaches, test, count, 1);
    assert.equal(common.length, count);
    assert.ok(common.every((i) => test.labels[i] === L));
    assert.throws(() => commonCorrectImages(approaches, test, count + 1, 1), /eligible/);
  });

  it("a folded identity perturbation gives the same optimal L1 as the network itself", async () => {
    const solver = await HighsSolver.create();
    const study = await adversarialDistanceStudy(
      [{ name: "net", net }, { name: "folded", net: foldPerturbation(net, identityPerturbation(784)) }],
      test,
      solver,
      { images: 1, timeLimit: 20, bounds: "interval", seed: 7 },
    );
    assert.equal(study.images.length, 1);
    const [a] = study.records.net;
    const [b] = study.records.folded;
    assert.equal(a.status, "optimal", `attack status ${a.status}`);
    assert.equal(b.status, "optimal");
    assert.ok(a.l1 !== null && b.l1 !== null, "both optima carry a verified example");
    assert.ok(Math.abs(a.l1 - b.l1) < 1e-5, `${a.l1} vs ${b.l1}`);
  });

  it("thesis and best methods prove the same optimum, and a cached attack is not solved again", async () => {
    const solver = await HighsSolver.create();
    const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "distance-")), "cache.jsonl");
    const run = (method: "best" | "thesis") =>
      adversarialDistanceStudy([{ name: "net", net }], test, solver, { images: 1, timeLimit: 20, bounds: "interval", seed: 7, method, cacheFile });
    const thesis = await run("thesis");
    const best = await run("best");
    const [t] = thesis.records.net;
    const [b] = best.records.net;
    assert.equal(t.status, "optimal");
    assert.equal(b.status, "optimal");
    assert.ok(t.l1 !== null && b.l1 !== null && Math.abs(t.l1 - b.l1) < 1e-5 * (1 + t.l1), `${t.l1} vs ${b.l1}`);
    // Two lines (one per method); plant a sentinel in the "best" line: a resumed study must return it unsolved.
    const lines = fs.readFileSync(cacheFile, "utf8").trim().split("\n");
    assert.equal(lines.length, 2);
    const planted = lines.map((l) => JSON.parse(l) as { key: string; record: { l1: number } });
    planted[1].record.l1 = 123.5;
    fs.writeFileSync(cacheFile, `${planted.map((l) => JSON.stringify(l)).join("\n")}\n{"key": "cut sh`);
    const again = await run("best");
    assert.equal(again.records.net[0].l1, 123.5);
    assert.equal(fs.readFileSync(cacheFile, "utf8"), `${planted.map((l) => JSON.stringify(l)).join("\n")}\n`, "the torn line is dropped");
    assert.ok(!fs.existsSync(`${cacheFile}.lock.tmp`), "the study releases the cache's lock");
    // Without a solver: the cached approach comes back as cached, an approach never attacked is left out.
    const cachedOnly = await cachedDistanceStudy(
      [{ name: "net", net }, { name: "never-attacked", net }],
      test,
      { images: 1, timeLimit: 20, seed: 7, method: "best", cacheFile },
    );
    assert.deepEqual(Object.keys(cachedOnly.records), ["net"]);
    assert.equal(cachedOnly.records.net[0].l1, 123.5);
    assert.equal(fs.readFileSync(cacheFile, "utf8").trim().split("\n").length, 2, "reading the cache appends nothing");
    // A --distance run holding the lock (here: this test's parent process) does not stop a read.
    fs.writeFileSync(`${cacheFile}.lock.tmp`, `${process.ppid}\n`);
    assert.equal((await cachedDistanceStudy([{ name: "net", net }], test, { images: 1, timeLimit: 20, seed: 7, method: "best", cacheFile })).records.net[0].l1, 123.5);
    fs.rmSync(`${cacheFile}.lock.tmp`);
    await assert.rejects(() => cachedDistanceStudy([{ name: "net", net }], test, { images: 1 }), /cacheFile/);
    // The lookup notebook 07 compares its live attacks with: by name, weights, image, method and limit.
    const lookup = committedAttacks(cacheFile, "best", 20);
    const image = Number(cachedOnly.images[0]);
    assert.equal(lookup("net", net, image)?.l1, 123.5);
    assert.equal(committedAttacks(cacheFile, "thesis", 20)("net", net, image)?.l1, t.l1);
    assert.equal(lookup("other", net, image), null);
    assert.equal(lookup("net", net, image + 1), null);
    assert.equal(committedAttacks(cacheFile, "best", 300)("net", net, image), null);
    const retrained = { ...net, layers: net.layers.map((l, k) => (k === 0 ? { ...l, bias: l.bias.map((b) => b + 1e-3) } : l)) };
    assert.equal(lookup("net", retrained, image), null, "other weights, other network");
    // notebook 07's check: equal optima pass, a different one fails naming it, no shared image passes with a note
    const live = (l1: number, at = image) => [{ approach: "net", net, image: at, status: "optimal", l1 }];
    const thesisLookup = committedAttacks(cacheFile, "thesis", 20);
    assert.match(checkLiveDistances(live(t.l1 as number), thesisLookup).line, /^✓ 1 live optima equal/);
    const off = checkLiveDistances(live((t.l1 as number) + 0.01), thesisLookup);
    assert.ok(!off.ok);
    assert.match(off.line, new RegExp(`^✗ .*net image ${image}: live`));
    const none = checkLiveDistances(live(1, image + 1), thesisLookup);
    assert.ok(none.ok);
    assert.match(none.line, /no live attack shares an image/);
  });
});
