import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { boundViolations } from "../../src/bounds/check";
import { checkpointPath, openBoundsCheckpoint, type CheckpointKey } from "../../src/bounds/checkpoint";
import { boundsPath, networkFingerprint } from "../../src/bounds/io";
import { resolveBounds } from "../../src/bounds/resolve";
import type { LayerBoundsRecord } from "../../src/bounds/types";
import { forward } from "../../src/dnn/forward";
import type { MilpSolver } from "../../src/solver/types";
import { HighsSolver } from "../../src/solver/highs";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

const DOMAIN = { lower: 0, upper: 1 };

function values(layers: readonly LayerBoundsRecord[]): unknown {
  return layers.map((l) => ({ lower: l.lower, upper: l.upper, source: l.source }));
}

/** The real HiGHS solver, counting its solves. */
function counting(solver: MilpSolver): { solver: MilpSolver; solves: () => number } {
  let n = 0;
  return {
    solver: { name: solver.name, solve: (model, options) => (n++, solver.solve(model, options)) },
    solves: () => n,
  };
}

describe("resumable bound tightening (checkpoint file)", function () {
  this.timeout(120_000);
  const net = { ...seededNetwork(71, [6, 5, 4, 3]), name: "ckpt" };
  let dir: string;
  let highs: HighsSolver;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bounds-ckpt-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  before(async () => {
    highs = await HighsSolver.create();
  });

  it("a run killed after some units resumes without solving them again and ends with the uninterrupted run's bounds", async () => {
    const full = counting(highs);
    const reference = await resolveBounds(net, { method: "milp", solver: full.solver, skipStable: false, cache: false });
    assert.equal(full.solves(), 2 * (4 + 3), "every unit of layers 2 and 3 solved to optimality, both senses");

    const file = boundsPath(net.name, "milp", DOMAIN, dir);
    const controller = new AbortController();
    const first = counting(highs);
    await assert.rejects(
      resolveBounds(net, {
        method: "milp",
        solver: first.solver,
        skipStable: false,
        dir,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.layer === 3 && p.neuron === 1) controller.abort(new Error("killed"));
        },
      }),
    );
    assert.ok(!fs.existsSync(file), "no bounds file after the kill");
    const partial = checkpointPath(file);
    const units = fs.readFileSync(partial, "utf8").trim().split("\n").length - 1;
    assert.ok(units >= 4 + 1 && units < 4 + 3, `checkpoint holds layer 2 and part of layer 3, got ${units} units`);

    const second = counting(highs);
    const resumed = await resolveBounds(net, { method: "milp", solver: second.solver, skipStable: false, dir });
    assert.ok(second.solves() <= full.solves() - 2 * units, `resumed run solved ${second.solves()} of ${full.solves()}`);
    assert.deepEqual(values(resumed.bounds.layers), values(reference.bounds.layers));
    assert.equal(resumed.bounds.resumed?.units, units);
    assert.ok(fs.existsSync(file) && !fs.existsSync(partial), "bounds saved, checkpoint removed");
    for (const x of seededInputs(72, 300, 6)) assert.deepEqual(boundViolations(resumed.bounds.layers, forward(net, x)), []);
  });

  it("drops a torn last line and discards a checkpoint written for other weights or settings", () => {
    const file = path.join(dir, "x.partial.jsonl");
    const key: CheckpointKey = { networkFingerprint: networkFingerprint(net), method: "milp", inputDomain: DOMAIN, timeLimitPerBound: 60, skipStable: true };
    const a = openBoundsCheckpoint(file, key);
    a.record(2, 0, { lower: -1, upper: 2, seconds: 0.5, source: "optimal" });
    a.record(2, 3, { lower: 0.25, upper: 1, seconds: 0.25, source: "dual-bound" });
    fs.appendFileSync(file, '{"layer":2,"unit":4,"lower":-');
    const b = openBoundsCheckpoint(file, key);
    assert.equal(b.resumedUnits, 2);
    assert.equal(b.resumedSeconds, 0.75);
    assert.deepEqual(b.solved.get(2)?.get(3), { lower: 0.25, upper: 1, seconds: 0.25, source: "dual-bound" });
    b.record(3, 1, { lower: 0, upper: 0, seconds: 1, source: "optimal" });
    assert.equal(openBoundsCheckpoint(file, key).resumedUnits, 3, "the append after a torn line starts on a fresh line");
    assert.equal(openBoundsCheckpoint(file, { ...key, timeLimitPerBound: 1 }).resumedUnits, 0);
    assert.equal(openBoundsCheckpoint(file, key).resumedUnits, 0, "the other key's open discarded the units");
  });
});
