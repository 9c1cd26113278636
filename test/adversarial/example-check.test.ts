import { strict as assert } from "node:assert";
import { findAdversarialExample, findUntargeted, keepPixelsUnchanged } from "../../src/adversarial";
import { checkDescent, checkExample, checkSameOptimum, checkUntargeted, checkVariantOrder } from "../../src/adversarial/example-check";
import { HighsSolver } from "../../src/solver/highs";
import { knapsackNetwork, zeroOutputNetwork } from "../tools/known-networks"; // from x̃ = 0 (class 0) the minimal L1 to class 5 is 1.848

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

  it("accepts the no-floor optimum that switches every output off (Fig. 4b), and only without the floor", async () => {
    const solver = await HighsSolver.create();
    const zero = zeroOutputNetwork();
    const off = await findAdversarialExample(zero, [0, 0], { solver, timeLimit: 30, minTargetActivation: null });
    assert.ok(off.outputs!.every((v) => Math.abs(v) < 1e-6), "the optimum is the all-zero output");
    const ok = checkExample(zero, [0, 0], "4b", off, { minTargetActivation: null });
    assert.ok(ok.ok, ok.line);
    assert.match(ok.line, /^✓ 4b: not classified \(arg max 0, target 5: a tie, which \(8\) admits without the floor\), x\^K_d = 0\.000, L1 0\.5100$/);
    // the same point under the floor 0.01 (Fig. 4c's model) is no example: the floor and the class fail
    const floored = checkExample(zero, [0, 0], "4c", off, {});
    assert.ok(!floored.ok);
    assert.match(floored.line, /^✗ 4c: not classified \(arg max 0, target 5\).*below the floor 0\.01/);
  });

  it("orders variant optima by their constraints and fails a reversed or unproven pair", async () => {
    const solver = await HighsSolver.create();
    const free = await findAdversarialExample(net, origin, { solver, timeLimit: 30 });
    const frozen = await findAdversarialExample(net, origin, { solver, timeLimit: 30, constraints: keepPixelsUnchanged([3]) });
    const ok = checkVariantOrder([["free", free, "frozen", frozen]]);
    assert.ok(ok.ok, ok.line);
    assert.match(ok.line, /^✓ variant optima ordered by their constraints: free 1\.8480 ≤ frozen 1\.8480$/);
    assert.ok(!checkVariantOrder([["free", { ...free, l1: 2 }, "frozen", frozen]]).ok, "a tighter variant closer than the looser one");
    const unproven = checkVariantOrder([["free", free, "frozen", { ...frozen, status: "time-limit" }]]);
    assert.ok(!unproven.ok);
    assert.match(unproven.line, /free \(optimal\) vs frozen \(time-limit\): not both optimal/);
  });

  it("accepts a descent between the optimum and the attack, and nothing outside", () => {
    assert.ok(checkDescent(1.848, 1.9, 2.5).ok);
    assert.ok(checkDescent(1.848, 1.848, 1.848).ok);
    assert.ok(!checkDescent(1.848, 1.7, 2.5).ok); // below a proven optimum: impossible
    assert.ok(!checkDescent(1.848, 2.6, 2.5).ok); // farther than its start
  });

  it("accepts an untargeted search that is solved and no farther than a targeted optimum, and nothing else", async () => {
    const solver = await HighsSolver.create();
    const targeted = await findAdversarialExample(net, origin, { solver, timeLimit: 30 });
    const r = await findUntargeted(net, origin, { solver, timeLimit: 30 });
    const ok = checkUntargeted(r, targeted);
    assert.ok(ok.ok, ok.line);
    assert.match(ok.line, /^✓ untargeted: closest class 5 at L1 1\.8480 \(optimal, bound 1\.8480\) ≤ target 5 at 1\.8480$/);
    assert.ok(!checkUntargeted({ ...r, status: "time-limit" }, targeted).ok);
    assert.ok(!checkUntargeted(r, { ...targeted, l1: 1.5 }).ok, "farther than a targeted optimum");
    assert.ok(!checkUntargeted({ ...r, bound: 1.2 }, targeted).ok, "bound not met");
    assert.ok(!checkUntargeted({ ...r, perTarget: r.perTarget.slice(1) }, targeted).ok, "a class not searched");
    assert.ok(!checkUntargeted({ ...r, target: 3 }, targeted).ok, "names another class than its example's");
  });
});
