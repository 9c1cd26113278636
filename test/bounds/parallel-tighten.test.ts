import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { boundViolations } from "../../src/bounds/check";
import { computeBounds } from "../../src/bounds/compute";
import { intervalBounds } from "../../src/bounds/interval";
import { tightenLayersParallel } from "../../src/bounds/parallel-tighten";
import { tightenLayers, type TightenOptions } from "../../src/bounds/tighten";
import type { LayerBoundsRecord } from "../../src/bounds/types";
import { forward } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

const DOMAIN = { lower: 0, upper: 1 };
const crashing = require.resolve("./fixtures/crashing-tighten-job");

/** The values that must not depend on how the units were scheduled (not the seconds). */
function values(layers: readonly LayerBoundsRecord[]): unknown {
  return layers.map((l) => ({ lower: l.lower, upper: l.upper, source: l.source }));
}

describe("parallel bound tightening (units of a layer over worker threads)", () => {
  const net = seededNetwork(61, [6, 5, 4, 3]);
  const first = intervalBounds(net, DOMAIN)[0];
  let solver: HighsSolver;
  let options: TightenOptions;
  let sequential: LayerBoundsRecord[];
  before(async () => {
    solver = await HighsSolver.create();
    options = { relax: false, solver, timeLimitPerBound: 60, skipStable: false, inputDomain: DOMAIN };
    sequential = await tightenLayers(net, first, options);
  });
  afterEach(() => {
    delete process.env.TIGHTEN_CRASH_UNIT;
    delete process.env.TIGHTEN_CRASH_ONCE;
  });

  it("gives exactly the sequential bounds with 2 workers (milp and lp), and they are sound", async () => {
    assert.ok(sequential.slice(1).every((l) => l.source!.every((s) => s === "optimal")));
    const parallel = await tightenLayersParallel(net, first, options, { workers: 2 });
    assert.deepEqual(values(parallel), values(sequential));
    const lpOptions = { ...options, relax: true };
    assert.deepEqual(values(await tightenLayersParallel(net, first, lpOptions, { workers: 2 })), values(await tightenLayers(net, first, lpOptions)));
    for (const x of seededInputs(62, 500, 6)) assert.deepEqual(boundViolations(parallel, forward(net, x)), []);
  });

  it("computeBounds({ workers: 2 }) reports every neuron once, in order of completion, and records the workers", async () => {
    const seen: string[] = [];
    const done: number[] = [];
    const b = await computeBounds(net, {
      method: "milp",
      solver,
      skipStable: false,
      workers: 2,
      onProgress: (p) => {
        seen.push(`${p.layer}:${p.neuron}`);
        done.push(p.done);
      },
    });
    assert.deepEqual(done, Array.from({ length: 12 }, (_, i) => i + 1));
    assert.deepEqual([...seen].sort(), net.layers.flatMap((l, k) => l.bias.map((_, j) => `${k + 1}:${j}`)).sort());
    assert.equal(b.workers, 2);
    assert.deepEqual(values(b.layers), values(sequential));
    await assert.rejects(computeBounds(net, { method: "milp", solver, workers: 0 }), /workers must be a positive integer, got 0/);
  });

  it("stops with the abort reason when the signal is aborted mid-run", async () => {
    const controller = new AbortController();
    const layers: number[] = [];
    await assert.rejects(
      tightenLayersParallel(net, first, { ...options, signal: controller.signal, onProgress: (p) => { layers.push(p.layer); if (p.layer === 2) controller.abort(); } }, { workers: 2 }),
      (e: Error) => e.name === "AbortError",
    );
    assert.ok(layers.includes(2) && !layers.some((k) => k > 2), `progress after the abort reached layers ${[...new Set(layers)].join(", ")}`);
  });

  it("a unit whose worker always crashes keeps its interval bound as 'fallback'; the others are unchanged", async () => {
    process.env.TIGHTEN_CRASH_UNIT = "1";
    const b = await tightenLayersParallel(net, first, options, { workers: 2, handlerModule: crashing });
    const cheap = intervalBounds(net, DOMAIN)[1];
    assert.equal(b[1].source![1], "fallback");
    assert.equal(b[1].lower[1], cheap.lower[1]);
    assert.equal(b[1].upper[1], cheap.upper[1]);
    // every other unit of layer 2 is exactly the sequential bound; later layers are exact MILP optima
    // over the same set, so they agree up to HiGHS's feasibility tolerance (1e-7; the 1e-6 pad covers it)
    // and are never narrower beyond it
    for (const j of [0, 2, 3]) assert.deepEqual([b[1].lower[j], b[1].upper[j], b[1].source![j]], [sequential[1].lower[j], sequential[1].upper[j], "optimal"]);
    b.slice(2).forEach((l, i) => l.lower.forEach((v, j) => assert.ok(v <= sequential[i + 2].lower[j] + 1e-7 && l.upper[j] >= sequential[i + 2].upper[j] - 1e-7, `layer ${i + 3} unit ${j}`)));
    for (const x of seededInputs(63, 500, 6)) assert.deepEqual(boundViolations(b, forward(net, x)), []);
  });

  it("a worker that crashes once is replaced and the unit retried: same bounds as sequential", async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tighten-")), "crashed");
    process.env.TIGHTEN_CRASH_UNIT = "3";
    process.env.TIGHTEN_CRASH_ONCE = marker;
    try {
      const b = await tightenLayersParallel(net, first, options, { workers: 2, handlerModule: crashing });
      assert.ok(fs.existsSync(marker), "the fixture crashed once");
      assert.deepEqual(values(b), values(sequential));
    } finally {
      fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    }
  });
});
