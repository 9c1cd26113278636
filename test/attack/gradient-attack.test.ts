import { strict as assert } from "node:assert";
import { argmax, forward } from "../../src/dnn/forward";
import { gradientAttack } from "../../src/attack/gradient-attack";
import { conditionSlack } from "../../src/attack/condition";
import { compileNetwork, inputGradient, propagateFrom, firstLayerPre } from "../../src/attack/compiled-network";
import { tinyInputs, tinyNetwork } from "./seeded";

describe("gradientAttack (float64 L1 attack for condition (8))", () => {
  const net = tinyNetwork(3, [30, 12, 10, 6]);
  const inputs = tinyInputs(9, 40, 30);

  it("compiled forward and gradient match the reference pass and finite differences", () => {
    const c = compileNetwork(net);
    const x = inputs[0];
    const pres = propagateFrom(c, firstLayerPre(c, x));
    const ref = forward(net, x).preActivations;
    pres.forEach((p, k) => p.forEach((v, j) => assert.ok(Math.abs(v - ref[k][j]) < 1e-12)));
    const g = new Float64Array(6);
    g[2] = 1;
    g[4] = -1.2;
    const grad = inputGradient(c, pres, g, new Float64Array(30));
    const f = (y: Float64Array): number => {
      const p = forward(net, y).preActivations[2];
      return p[2] - 1.2 * p[4];
    };
    for (const i of [0, 7, 19]) {
      const y = Float64Array.from(x);
      y[i] += 1e-7;
      assert.ok(Math.abs((f(y) - f(x)) / 1e-7 - grad[i]) < 1e-4, `pixel ${i}`);
    }
  });

  it("every example it returns satisfies (8) with margin in the float64 forward pass, in the box", () => {
    let found = 0;
    let tried = 0;
    for (const x of inputs) {
      const label = argmax(forward(net, x).output);
      for (const target of [(label + 1) % 6, (label + 3) % 6]) {
        tried++;
        const res = gradientAttack(net, x, { target, ratio: 1.2, minActivation: 0.01, timeLimit: 1 });
        assert.ok(res.stats.restarts >= 1);
        if (!res.best) continue;
        found++;
        const adv = res.best.adversarial;
        assert.ok(adv.every((v) => v >= 0 && v <= 1), "left [0, 1]");
        const out = forward(net, adv).output;
        const { slack } = conditionSlack(out, false, { target, ratio: 1.2, minActivation: 0.01 });
        assert.ok(slack >= 5e-5, `slack ${slack}`);
        const l1 = adv.reduce((s, v, i) => s + Math.abs(v - x[i]), 0);
        assert.ok(Math.abs(l1 - res.best.l1) < 1e-9);
      }
    }
    assert.ok(found >= tried / 2, `found only ${found} of ${tried}`);
  });

  it("restarts and polishing never return a longer example than one plain restart", () => {
    const x = inputs[1];
    const label = argmax(forward(net, x).output);
    const res = gradientAttack(net, x, { target: (label + 1) % 6 });
    assert.ok(res.best, "attack should succeed on this instance");
    const more = gradientAttack(net, x, { target: (label + 1) % 6, restarts: 1, polishRounds: 0 });
    assert.ok(!more.best || res.best.l1 <= more.best.l1 + 1e-9, "restarts and polishing never make it worse");
  });

  it("respects a narrower box and rejects bad options", () => {
    const x = inputs[2];
    const label = argmax(forward(net, x).output);
    const lower = Array.from(x, (v) => Math.max(0, v - 0.3));
    const upper = Array.from(x, (v) => Math.min(1, v + 0.3));
    const res = gradientAttack(net, x, { target: (label + 1) % 6, lower, upper });
    assert.ok(res.best, "the attack finds an example inside the narrower box");
    res.best.adversarial.forEach((v, i) => assert.ok(v >= lower[i] - 1e-15 && v <= upper[i] + 1e-15));
    assert.throws(() => gradientAttack(net, x, { target: 6 }), /target 6/);
    assert.throws(() => gradientAttack(net, x.subarray(1), { target: 1 }), /29 pixels/);
  });
});
