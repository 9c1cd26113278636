import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ascendPreActivations, ascentViolations } from "../../src/bounds/ascent-check";
import { boundViolations } from "../../src/bounds/check";
import { intervalBounds } from "../../src/bounds/interval";
import { checkBoundsFit, loadBounds, networkFingerprint } from "../../src/bounds/io";
import { domainArrays } from "../../src/bounds/types";
import { loadMnist } from "../../src/data/mnist";
import { forward } from "../../src/dnn/forward";
import { listNetworks, loadNetwork } from "../../src/dnn/load";
import { BOUNDS_DIR } from "../../src/paths";
import { resultsFile } from "../../src/bench/report";
import { readResults } from "../../src/bench/results-store";
import type { BenchRow } from "../../src/bench/row";
import { seededRandom } from "../tools/seeded-network";

describe("committed bounds files in data/bounds/", () => {
  it("belong to the shipped weights and are sound: MNIST images, the study's adversarial examples, random and sparse inputs stay inside", () => {
    const files = fs.readdirSync(BOUNDS_DIR).filter((f) => f.endsWith(".json")).sort();
    // The study and the notebooks need these: a missing file must fail here, not pass vacuously.
    const expected = ["dnn1-milp-m1-1.json", ...["dnn1", "dnn2", "dnn3", "dnn4", "dnn5"].flatMap((n) => ["lp", "milp", "weak-milp"].map((m) => `${n}-${m}.json`))].sort();
    assert.deepEqual(expected.filter((f) => !files.includes(f)), [], "bounds files the study and the notebooks use");
    // Every committed example of the study: MILP optima sit on the boundary of the networks'
    // regions, where a bound that is slightly too tight would show.
    const examples = new Map<string, number[][]>();
    for (const t of [2, 3] as const) {
      for (const r of readResults<BenchRow>(resultsFile(t))) {
        if (r.adversarial === null || r.verified !== true) continue;
        const list = examples.get(r.model) ?? [];
        list.push(r.adversarial);
        examples.set(r.model, list);
      }
    }
    const networks = new Set(listNetworks());
    const mnist = loadMnist("test", { limit: 300 });
    const rnd = seededRandom(71);
    let checked = 0;
    for (const file of files) {
      const bounds = loadBounds(path.join(BOUNDS_DIR, file));
      assert.ok(networks.has(bounds.network), `${file}: network ${bounds.network} is not shipped`);
      const net = loadNetwork(bounds.network);
      checkBoundsFit(bounds, net);
      assert.equal(bounds.networkFingerprint, networkFingerprint(net), `${file} was computed for other weights: recompute it`);
      const { lower, upper } = domainArrays(bounds.inputDomain, net.inputSize);
      const inputs: ArrayLike<number>[] = [];
      if (lower.every((l) => l <= 0) && upper.every((u) => u >= 1)) {
        inputs.push(...mnist.images);
        const own = examples.get(bounds.network) ?? [];
        assert.ok(own.length >= 100, `${file}: only ${own.length} committed examples of ${bounds.network}`);
        inputs.push(...own);
      }
      for (let n = 0; n < 300; n++) {
        const dense = n % 2 === 0;
        inputs.push(Float64Array.from(lower, (l, i) => (dense || rnd() < 0.1 ? l + rnd() * (upper[i] - l) : rnd() < 0.5 ? l : upper[i])));
      }
      for (const x of inputs) assert.deepEqual(boundViolations(bounds.layers, forward(net, x)), [], file);
      // never looser than interval arithmetic over the same domain
      const interval = intervalBounds(net, bounds.inputDomain);
      bounds.layers.forEach((l, k) => l.upper.forEach((u, j) => assert.ok(u <= interval[k].upper[j] + 1e-9 && l.lower[j] >= interval[k].lower[j] - 1e-9, `${file} layer ${k + 1} unit ${j}`)));
      checked++;
    }
    assert.equal(checked, files.length);
    assert.ok(checked >= expected.length);
  });

  it("hold against gradient ascent on every neuron (a search for the inputs that pass them, not samples)", function () {
    this.timeout(300_000);
    const files = fs.readdirSync(BOUNDS_DIR).filter((f) => f.endsWith(".json")).sort();
    const starts = loadMnist("test", { limit: 3 }).images;
    const ascents = new Map<string, ReturnType<typeof ascendPreActivations>>();
    let checked = 0;
    for (const file of files) {
      const bounds = loadBounds(path.join(BOUNDS_DIR, file));
      const net = loadNetwork(bounds.network);
      // one ascent per network and domain serves its lp, milp and weak-milp files
      const key = `${bounds.network} ${JSON.stringify(bounds.inputDomain)}`;
      let ascent = ascents.get(key);
      if (ascent === undefined) {
        const { lower, upper } = domainArrays(bounds.inputDomain, net.inputSize);
        const rnd = seededRandom(73);
        const random = Float64Array.from(lower, (l, i) => l + rnd() * (upper[i] - l));
        ascent = ascendPreActivations(net, bounds.inputDomain, { starts: [...starts, random], steps: 30 });
        ascents.set(key, ascent);
      }
      assert.deepEqual(ascentViolations(bounds.layers, ascent), [], file);
      checked++;
    }
    assert.equal(checked, files.length);
  });
});
