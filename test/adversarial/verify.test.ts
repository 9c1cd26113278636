import { strict as assert } from "node:assert";
import { adversarialSpec } from "../../src/adversarial/spec";
import { isAdversarial, isVerified, VERIFY_TOLERANCE, verifyAdversarial } from "../../src/adversarial/verify";
import type { DenseLayer } from "../../src/dnn/network";
import { makeNetwork } from "../tools/seeded-network";

/**
 * Outputs known in closed form: hidden h = relu(x0 − 0.5) (one unit, pre-activation x0 − 0.5);
 * output 0 = 1 (the label at x = 0), output 1 = 2·h, outputs 2-9 = 0. So (8) for target 1 with
 * ratio 1.2 needs 2·relu(x0 − 0.5) ≥ 1.2, i.e. x0 ≥ 1.1: over the domain [0, 2], x0 = 1.1 is the
 * boundary and x0 = 2 passes with room.
 */
const hidden: DenseLayer = { kernel: [[1], [0]], bias: [-0.5], activation: "relu" };
const out: DenseLayer = { kernel: [Array.from({ length: 10 }, (_, c) => (c === 1 ? 2 : 0))], bias: Array.from({ length: 10 }, (_, c) => (c === 0 ? 1 : 0)), activation: "relu" };
const net = makeNetwork("closed-form", 2, [hidden, out]);
const domain = { lower: 0, upper: 2 };

describe("verifyAdversarial (the float64 re-check every reported example passes)", () => {
  const spec = (extra = {}) => adversarialSpec(net, [0, 0], { target: 1, inputDomain: domain, ...extra });

  it("accepts (8) at its boundary within the tolerance, and rejects it just beyond", () => {
    assert.ok(isVerified(verifyAdversarial(net, spec(), [2, 0])));
    assert.ok(isVerified(verifyAdversarial(net, spec(), [1.1, 0]))); // 2·0.6 = 1.2·1 exactly (up to rounding)
    const below = verifyAdversarial(net, spec(), [1.1 - 10 * VERIFY_TOLERANCE, 0]);
    assert.ok(!below.ratioHolds && !isVerified(below));
    assert.match(below.reasons.join(), /\(8\) fails for class 0/);
  });

  it("tells a tie that satisfies (8) with the ratio 1 from an example classified as the target", () => {
    // At x0 = 1: h = 0.5, output 1 = 1 = output 0, so (8) with ratio 1 holds, yet the arg max is 0.
    const tieSpec = spec({ ratio: 1, minTargetActivation: null });
    const tie = verifyAdversarial(net, tieSpec, [1, 0]);
    assert.ok(isVerified(tie) && !tie.classifiedAsTarget && !isAdversarial(tie));
    assert.match(tie.reasons.join(), /not classified as 1: the output's arg max is 0/);
    const clear = verifyAdversarial(net, tieSpec, [2, 0]);
    assert.ok(clear.classifiedAsTarget && isAdversarial(clear) && clear.reasons.length === 0);
  });

  it("checks the floor, the domain (7e) and Δ, each naming what failed", () => {
    // target 0, floor 5: at x = 0 output 0 is 1 < 5, while (8) with ratio 1 holds (1 ≥ 0 = output 1)
    const floorSpec = adversarialSpec(net, [1.5, 0], { label: 1, target: 0, ratio: 1, inputDomain: domain, minTargetActivation: 5 });
    const floor = verifyAdversarial(net, floorSpec, [0, 0]);
    assert.ok(!floor.floorHolds);
    assert.match(floor.reasons.join(), /below the floor 5/);
    const outside = verifyAdversarial(net, spec(), [2.5, 0]);
    assert.ok(!outside.inDomain && /outside the input domain/.test(outside.reasons.join()));
    const far = verifyAdversarial(net, spec({ maxDeviation: 1.5 }), [2, 0]);
    assert.ok(!far.withinMaxDeviation && /deviates by more than Δ = 1.5/.test(far.reasons.join()));
    assert.ok(verifyAdversarial(net, spec({ maxDeviation: 2 }), [2, 0]).withinMaxDeviation);
  });

  it("evaluates declarative constraints on pixels, deviations, neuron outputs and slacks from the forward pass", () => {
    const at = [2, 0.25]; // h = relu(1.5) = 1.5 (s = 0); deviation of pixel 1 = 0.25
    const holds = (terms: object[], sense: "<=" | ">=" | "=", rhs: number) =>
      verifyAdversarial(net, spec({ constraints: [{ name: "c", terms, sense, rhs }] }), at).constraintsHold;
    assert.ok(holds([{ layer: 0, unit: 1, coef: 1 }], "=", 0.25));
    assert.ok(holds([{ layer: 0, unit: 1, coef: 1, variable: "delta" }], "<=", 0.25));
    assert.ok(!holds([{ layer: 0, unit: 1, coef: 1, variable: "delta" }], "<=", 0.2));
    assert.ok(holds([{ layer: 1, unit: 0, coef: 1 }], ">=", 1.5));
    assert.ok(!holds([{ layer: 1, unit: 0, coef: 1 }], ">=", 1.6));
    assert.ok(holds([{ layer: 1, unit: 0, coef: 1, variable: "s" }], "=", 0));
    const neg = verifyAdversarial(net, spec({ constraints: [{ terms: [{ layer: 1, unit: 0, coef: 1, variable: "s" }], sense: "=", rhs: 0.5 }] }), [0, 0]);
    assert.ok(neg.constraintsHold, "at x0 = 0 the pre-activation is −0.5: s = 0.5"); // (8) fails there, the constraint holds
  });

  it("fails every part for a pixel that is not a finite number", () => {
    const v = verifyAdversarial(net, spec(), [Number.NaN, 0]);
    assert.deepEqual([v.ratioHolds, v.floorHolds, v.classifiedAsTarget, v.inDomain, v.withinMaxDeviation, v.constraintsHold], [false, false, false, false, false, false]);
    assert.match(v.reasons[0], /pixel 0 = NaN is not a finite number/);
  });
});
