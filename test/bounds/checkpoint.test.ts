import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { boundViolations } from "../../src/bounds/check";
import {
  checkpointPath,
  openBoundsCheckpoint,
  removeStaleCheckpoints,
  type CheckpointKey,
} from "../../src/bounds/checkpoint";
import { DEFAULT_TIME_LIMIT_PER_BOUND } from "../../src/bounds/compute";
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

  /** The key resolveBounds uses for `net` with skipStable false. */
  const resolveKey = (): CheckpointKey => ({
    networkFingerprint: networkFingerprint(net),
    method: "milp",
    inputDomain: DOMAIN,
    timeLimitPerBound: DEFAULT_TIME_LIMIT_PER_BOUND.milp,
    skipStable: false,
  });

  /** Checkpoint-like files left in the folder (checkpoints, old-format checkpoints, lock files). */
  const partials = (): string[] => fs.readdirSync(dir).filter((name) => name.includes(".partial"));

  /** The uninterrupted run (no cache): its bounds and its number of solves. */
  async function referenceRun(): Promise<{ layers: unknown; solves: number }> {
    const full = counting(highs);
    const reference = await resolveBounds(net, { method: "milp", solver: full.solver, skipStable: false, cache: false });
    assert.equal(full.solves(), 2 * (4 + 3), "every unit of layers 2 and 3 solved to optimality, both senses");
    return { layers: values(reference.bounds.layers), solves: full.solves() };
  }

  /** A cached run aborted during layer 3; returns the checkpoint and its number of units. */
  async function killedRun(): Promise<{ partial: string; units: number }> {
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
    const partial = checkpointPath(file, resolveKey());
    assert.deepEqual(partials(), [path.basename(partial)], "one checkpoint, its lock released by the failed run");
    const units = fs.readFileSync(partial, "utf8").trim().split("\n").length;
    assert.ok(units >= 4 + 1 && units < 4 + 3, `checkpoint holds layer 2 and part of layer 3, got ${units} units`);
    return { partial, units };
  }

  /** Resumes the killed run and checks it against the reference. */
  async function resumeRun(reference: { layers: unknown; solves: number }, units: number): Promise<void> {
    const file = boundsPath(net.name, "milp", DOMAIN, dir);
    const second = counting(highs);
    const resumed = await resolveBounds(net, { method: "milp", solver: second.solver, skipStable: false, dir });
    assert.ok(second.solves() <= reference.solves - 2 * units, `resumed run solved ${second.solves()} of ${reference.solves}`);
    assert.deepEqual(values(resumed.bounds.layers), reference.layers);
    assert.equal(resumed.bounds.resumed?.units, units);
    assert.ok(fs.existsSync(file), "bounds saved");
    assert.deepEqual(partials(), [], "checkpoint and its lock removed");
    for (const x of seededInputs(72, 300, 6)) assert.deepEqual(boundViolations(resumed.bounds.layers, forward(net, x)), []);
  }

  it("a run killed after some units resumes without solving them again and ends with the uninterrupted run's bounds", async () => {
    const reference = await referenceRun();
    const { units } = await killedRun();
    await resumeRun(reference, units);
  });

  const key: CheckpointKey = { networkFingerprint: networkFingerprint(net), method: "milp", inputDomain: DOMAIN, timeLimitPerBound: 60, skipStable: true };
  const boundsFile = (): string => path.join(dir, "x.json");

  it("names the checkpoint by a hash of the settings, drops a torn last line, and keeps other settings apart", () => {
    const a = openBoundsCheckpoint(boundsFile(), key);
    assert.match(path.basename(a.file), /^x\.partial-[0-9a-f]{12}\.jsonl$/);
    assert.equal(a.file, checkpointPath(boundsFile(), key));
    a.record(2, 0, { lower: -1, upper: 2, seconds: 0.5, source: "optimal" });
    a.record(2, 3, { lower: 0.25, upper: 1, seconds: 0.25, source: "dual-bound" });
    a.close();
    fs.appendFileSync(a.file, '{"layer":2,"unit":4,"lower":-');
    const warnings: string[] = [];
    const b = openBoundsCheckpoint(boundsFile(), key, { warn: (m) => warnings.push(m) });
    assert.match(warnings.join("\n"), /truncated a torn last line/);
    assert.equal(b.resumedUnits, 2);
    assert.equal(b.resumedSeconds, 0.75);
    assert.deepEqual(b.solved.get(2)?.get(3), { lower: 0.25, upper: 1, seconds: 0.25, source: "dual-bound" });
    b.record(3, 1, { lower: 0, upper: 0, seconds: 1, source: "optimal" });
    b.record(3, 1, { lower: -1, upper: 1, seconds: 1, source: "optimal" });
    b.close();
    const c = openBoundsCheckpoint(boundsFile(), key);
    c.close();
    assert.equal(c.resumedUnits, 3, "the append after a torn line starts on a fresh line; a unit recorded twice keeps its first bounds");
    assert.deepEqual(c.solved.get(3)?.get(1), { lower: 0, upper: 0, seconds: 1, source: "optimal" });
    const other = openBoundsCheckpoint(boundsFile(), { ...key, timeLimitPerBound: 1 });
    other.close();
    assert.equal(other.resumedUnits, 0, "other settings do not resume these units");
    assert.notEqual(other.file, c.file);
    const again = openBoundsCheckpoint(boundsFile(), key);
    again.close();
    assert.equal(again.resumedUnits, 3, "opening the other settings' checkpoint left this one alone");
  });

  it("a bad per-bound time limit or worker count fails before any checkpoint file is written", async () => {
    await assert.rejects(() => resolveBounds(net, { method: "milp", solver: highs, dir, timeLimitPerBound: -1 }), /timeLimitPerBound must be a positive finite number, got -1/);
    await assert.rejects(() => resolveBounds(net, { method: "lp", solver: highs, dir, workers: 0 }), /workers must be a positive integer, got 0/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it("keeps a second live writer out, and remove deletes the file and releases the lock", () => {
    const a = openBoundsCheckpoint(boundsFile(), key);
    a.record(2, 0, { lower: -1, upper: 2, seconds: 0.5, source: "optimal" });
    fs.writeFileSync(`${a.file}.lock.tmp`, `${process.ppid}\n`);
    assert.throws(() => openBoundsCheckpoint(boundsFile(), key), /being written by process/);
    a.remove();
    assert.deepEqual(partials(), []);
    assert.throws(() => a.record(2, 1, { lower: 0, upper: 1, seconds: 0, source: "optimal" }), /closed/);
  });

  it("removeStaleCheckpoints deletes every checkpoint of a bounds file but one being written", () => {
    const a = openBoundsCheckpoint(boundsFile(), key);
    a.close();
    const written = openBoundsCheckpoint(boundsFile(), { ...key, timeLimitPerBound: 1 });
    const unrelated = [path.join(dir, "x-lp.partial.jsonl"), path.join(dir, "x.json"), path.join(dir, "y.partial-0123456789ab.jsonl")];
    for (const f of unrelated) fs.writeFileSync(f, "{}\n");
    const removed = removeStaleCheckpoints(boundsFile());
    assert.deepEqual(removed.sort(), [a.file]);
    assert.ok(fs.existsSync(written.file), "the checkpoint this process is writing stays");
    written.close();
    assert.ok(unrelated.every((f) => fs.existsSync(f)), "other bounds files' checkpoints stay");
  });
});
