import { strict as assert } from "node:assert";
import { computeBounds } from "../../src/bounds";
import { boundSampleViolations, fixedInputDeviation, randomInputs } from "../../src/encode/encoding-check";
import { HighsSolver } from "../../src/solver/highs";
import { seededNetwork } from "../tools/seeded-network";

describe("notebook 02's encoding checks (src/encode/encoding-check.ts)", () => {
  const net = seededNetwork(5, [6, 5, 4, 3]);

  it("the fixed-input model reproduces the forward pass; with unsound bounds it does not", async () => {
    const solver = await HighsSolver.create();
    const bounds = await computeBounds(net, { method: "interval" });
    const images = randomInputs(4, 6, 1);
    assert.ok((await fixedInputDeviation(net, bounds, images, solver)) < 1e-6);
    // bounds too tight for the true values (the last layer's upper bounds 1e-3 above its lower ones) make the model disagree or fail
    const tooTight = { ...bounds, layers: bounds.layers.map((l, k) => (k === bounds.layers.length - 1 ? { lower: l.lower, upper: l.lower.map((v) => v + 1e-3) } : l)) };
    assert.ok((await fixedInputDeviation(net, tooTight, images, solver)) > 1e-3);
  });

  it("sound bounds have no violation at sampled inputs; shrunk bounds do", async () => {
    const bounds = await computeBounds(net, { method: "interval" });
    const samples = randomInputs(200, 6, 2);
    assert.equal(boundSampleViolations(net, bounds, samples), 0);
    const shrunk = { ...bounds, layers: bounds.layers.map((l) => ({ lower: l.lower.map((v, j) => (v + l.upper[j]) / 2), upper: l.upper })) };
    assert.ok(boundSampleViolations(net, shrunk, samples) > 0);
  });

  it("draws the same inputs for the same seed, alternating box corners and uniform pixels in [0, 1]", () => {
    const a = randomInputs(4, 5, 9);
    assert.deepEqual(a, randomInputs(4, 5, 9));
    assert.ok(a[0].every((v) => v === 0 || v === 1));
    assert.ok(a[1].every((v) => v >= 0 && v < 1) && a[1].some((v) => v !== 0 && v !== 1));
  });
});
