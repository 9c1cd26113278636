import { strict as assert } from "node:assert";
import { boundSourceCounts, computeBounds } from "../../src/bounds";
import { boundSampleViolations, randomInputs } from "../../src/encode/encoding-check";
import { HighsSolver } from "../../src/solver/highs";
import { alteredSolver } from "../tools/altered-solver";
import { seededNetwork } from "../tools/seeded-network";

describe("bound MILPs whose dual bound contradicts their incumbent (HiGHS #2154)", function () {
  this.timeout(60_000);
  it("are not trusted: the neuron falls back to the LP relaxation's bound, which is sound", async () => {
    const net = seededNetwork(31, [8, 6, 6, 5]);
    const real = await HighsSolver.create();
    // Every bound MILP reports "optimal" with a dual bound 1 on the wrong side of its incumbent; its LP relaxation is honest.
    let lies = 0;
    const lying = alteredSolver(real, "lying", (r, model) => {
      if (model.name.endsWith("_lp") || r.status !== "optimal" || r.objective === null) return r;
      lies++;
      return { ...r, bound: model.objective.sense === "maximize" ? r.objective - 1 : r.objective + 1 };
    });
    const milp = await computeBounds(net, { method: "milp", solver: lying });
    const lp = await computeBounds(net, { method: "lp", solver: real });
    assert.ok(lies > 0);
    // With the MILPs' contradicting bounds dropped, each unit gets its LP relaxation's bound: the lp method's.
    milp.layers.forEach((layer, k) => layer.upper.forEach((u, j) => {
      assert.ok(Math.abs(u - lp.layers[k].upper[j]) < 1e-6 && Math.abs(layer.lower[j] - lp.layers[k].lower[j]) < 1e-6, `layer ${k + 1} unit ${j}`);
    }));
    assert.ok(milp.layers.slice(1).every((l) => l.source?.every((s) => s === "dual-bound")), "sources say the MILP did not prove them");
    const units = net.layers.reduce((n, l) => n + l.bias.length, 0);
    assert.deepEqual(boundSourceCounts(await computeBounds(net, { method: "interval" })), { interval: units, optimal: 0, "dual-bound": 0, fallback: 0 });
    assert.deepEqual(boundSourceCounts(milp), { interval: net.layers[0].bias.length, optimal: 0, "dual-bound": units - net.layers[0].bias.length, fallback: 0 });
    assert.equal(boundSampleViolations(net, milp, randomInputs(2000, 8, 3)), 0);
  });
});
