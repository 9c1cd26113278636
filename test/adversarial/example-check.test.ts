import { strict as assert } from "node:assert";
import { findAdversarialExample, keepPixelsUnchanged } from "../../src/adversarial";
import { checkDescent, checkExample, checkSameOptimum } from "../../src/adversarial/example-check";
import type { DenseLayer } from "../../src/dnn/network";
import { HighsSolver } from "../../src/solver/highs";
import { makeNetwork } from "../tools/seeded-network";

/** The knapsack network of find.test.ts: from x̃ = 0 (class 0) the minimal L1 to class 5 is 1.848. */
function knapsackNetwork() {
  const w = [0.5, 0.25, 0.1, 0.05];
  const hidden: DenseLayer = { kernel: w.map((_, i) => w.map((__, j) => (i === j ? 1 : 0))), bias: [0, 0, 0, 0], activation: "relu" };
  const out: DenseLayer = {
    kernel: w.map((wi) => Array.from({ length: 10 }, (_, c) => (c === 5 ? wi : 0))),
    bias: Array.from({ length: 10 }, (_, c) => (c === 5 ? 0.5 : c === 0 ? 1.01 : 1)),
    activation: "relu",
  };
  return makeNetwork("knapsack", 4, [hidden, out]);
}

describe("notebook 03's closing checks (src/adversarial/example-check.ts)", () => {
  const net = knapsackNetwork();
  const origin = [0, 0, 0, 0];

  it("passes a solved example under its own options and fails it under options it does not meet", async () => {
    const solver = await HighsSolver.create();
    const r = await findAdversarialExample(net, origin, { solver, timeLimit: 30 });
    const ok = checkExample(net, origin, "free", r, {});
    assert.ok(ok.ok, ok.line);
    assert.match(ok.line, /^✓ free: predicted 5 = target 5, x\^K_d = 1\.212, L1 1\.8480$/);
    // the same example under a Δ it exceeds (pixel 0 moves by 1), and with pixel 0 frozen
    const delta = checkExample(net, origin, "Δ", r, { maxDeviation: 0.5 });
    assert.ok(!delta.ok);
    assert.match(delta.line, /^✗ Δ: .* a pixel deviates by more than Δ = 0.5$/);
    assert.ok(!checkExample(net, origin, "frozen", r, { constraints: keepPixelsUnchanged([0]) }).ok);
    assert.ok(!checkExample(net, origin, "none", { ...r, adversarial: null }, {}).ok);
    // the optimum against itself and against a different figure
    assert.ok(checkSameOptimum(r, r).ok);
    assert.ok(!checkSameOptimum(r, { ...r, l1: 1.9 }).ok);
    assert.ok(!checkSameOptimum({ ...r, status: "time-limit" }, r).ok);
  });

  it("accepts a descent between the optimum and the attack, and nothing outside", () => {
    assert.ok(checkDescent(1.848, 1.9, 2.5).ok);
    assert.ok(checkDescent(1.848, 1.848, 1.848).ok);
    assert.ok(!checkDescent(1.848, 1.7, 2.5).ok); // below a proven optimum: impossible
    assert.ok(!checkDescent(1.848, 2.6, 2.5).ok); // farther than its start
  });
});
