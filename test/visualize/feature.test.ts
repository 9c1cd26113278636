import { strict as assert } from "node:assert";
import { computeBounds } from "../../src/bounds/compute";
import { forward } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { visualizeFeature } from "../../src/visualize";
import { intervalBounds } from "../../src/bounds/interval";
import { encodeNetwork } from "../../src/encode/network";
import { ModelBuilder } from "../../src/milp/model";
import { CheckingSolver } from "../tools/checking-solver";
import { solveAllWithScipy } from "../tools/independent-solver";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

describe("visualizeFeature (Fig 3)", () => {
  it("finds an input whose output activation no sampled input exceeds, and verifies it", async () => {
    const solver = new CheckingSolver(await HighsSolver.create());
    const net = seededNetwork(61, [6, 8, 6, 10]);
    const samples = seededInputs(62, 3000, 6).map((x) => forward(net, x).output);
    for (const digit of [0, 3, 7]) {
      const r = await visualizeFeature(net, digit, { solver, timeLimit: 30 });
      assert.equal(r.status, "optimal");
      assert.ok(r.verified);
      assert.ok(Math.abs(r.activation! - r.objective!) < 1e-6);
      assert.ok(r.image!.every((v) => v >= 0 && v <= 1));
      const sampledMax = Math.max(...samples.map((o) => o[digit]));
      assert.ok(sampledMax <= r.objective! + 1e-6, `digit ${digit}: sample ${sampledMax} above optimum ${r.objective}`);
    }
    // tighter bounds and the thesis model (no elimination) give the same optimum
    const base = await visualizeFeature(net, 3, { solver, timeLimit: 30, eliminateStable: false });
    const bounds = await computeBounds(net, { method: "lp", solver });
    const r = await visualizeFeature(net, 3, { solver, timeLimit: 30, bounds });
    assert.ok(Math.abs(r.objective! - base.objective!) < 1e-6, `lp bounds: ${r.objective} vs ${base.objective}`);
  });

  it("proves the optimum native HiGHS (scipy) finds for the same feature on the thesis model", async () => {
    const solver = await HighsSolver.create();
    const net = seededNetwork(63, [8, 10, 8, 10]);
    const digits = [1, 4, 9];
    // The model (7) with c^K_d = 1, built here from the encoder, not by visualizeFeature.
    const models = digits.map((d) => {
      const b = new ModelBuilder(`feature_${d}`);
      const enc = encodeNetwork(b, net, intervalBounds(net, { lower: 0, upper: 1 }), { eliminateStable: false });
      b.setObjective("maximize", [[enc.x[net.layers.length][d], 1]]);
      return b.build();
    });
    const scipy = await solveAllWithScipy(models, { timeLimit: 60 });
    for (const [i, d] of digits.entries()) {
      const ours = await visualizeFeature(net, d, { solver, timeLimit: 60 });
      assert.equal(ours.status, "optimal");
      assert.equal(scipy[i].status, "optimal", `digit ${d}: scipy ${scipy[i].status} ${scipy[i].message ?? ""}`);
      assert.ok(Math.abs(ours.objective! - scipy[i].objective!) <= 1e-6 * (1 + Math.abs(scipy[i].objective!)), `digit ${d}: ours ${ours.objective}, scipy ${scipy[i].objective}`);
    }
  });

  it("refuses a digit or layer out of range", async () => {
    const net = seededNetwork(61, [6, 8, 6, 10]);
    await assert.rejects(visualizeFeature(net, 10), /digit must be an integer in 0..9, got 10/);
    await assert.rejects(visualizeFeature(net, 0, { layer: 4 }), /layer must be in 1..3, got 4/);
  });
});
