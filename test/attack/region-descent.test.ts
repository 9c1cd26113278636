import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial/find";
import { outputSlack } from "../../src/attack/condition";
import { gradientAttack } from "../../src/attack/gradient-attack";
import { regionDescent } from "../../src/attack/region-descent";
import { argmax, forward } from "../../src/dnn/forward";
import type { Network } from "../../src/dnn/network";
import { HighsSolver } from "../../src/solver/highs";
import { tinyInputs, tinyNetwork } from "./seeded";

const condition = (target: number) => ({ target, ratio: 1.2, minActivation: 0.01 });
const l1 = (x: ArrayLike<number>, y: ArrayLike<number>): number => Array.from(x).reduce((s, v, i) => s + Math.abs(v - y[i]), 0);

/** A network whose hidden ReLUs are on everywhere in [0, 1]^n (biases raised above every negative part by interval arithmetic): one linear region. */
function oneRegionNetwork(seed: number, sizes: readonly number[]): Network {
  const net = tinyNetwork(seed, sizes);
  let upper: number[] = Array.from({ length: net.inputSize }, () => 1);
  const layers = net.layers.map((layer, k) => {
    if (k === net.layers.length - 1) return layer;
    const units = layer.bias.length;
    const neg = Array.from({ length: units }, (_, u) => layer.kernel.reduce((s, row, i) => s + Math.min(0, row[u]) * upper[i], 0));
    const pos = Array.from({ length: units }, (_, u) => layer.kernel.reduce((s, row, i) => s + Math.max(0, row[u]) * upper[i], 0));
    const bias = neg.map((n) => 0.1 - n);
    upper = bias.map((b, u) => b + pos[u]);
    return { ...layer, bias };
  });
  return { ...net, layers };
}

describe("regionDescent (LPs over the linear regions around an adversarial example)", () => {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("keeps every point verified and in the box, never moves away, never beats the MILP's proven optimum", async () => {
    const net = tinyNetwork(3, [30, 12, 10, 6]);
    let improved = 0;
    let compared = 0;
    for (const x of tinyInputs(9, 12, 30)) {
      const label = argmax(forward(net, x).output);
      const target = (label + 3) % 6;
      const start = gradientAttack(net, x, { ...condition(target), timeLimit: 1 }).best;
      if (start === null) continue;
      const d = await regionDescent(net, x, start.adversarial, { ...condition(target), solver, timeLimit: 5 });
      const adv = d.best.adversarial;
      assert.ok(adv.every((v) => v >= 0 && v <= 1), "left [0, 1]");
      assert.ok(outputSlack(forward(net, adv).output, condition(target)) >= 5e-5, "(8) does not hold with half the margin");
      assert.ok(Math.abs(l1(adv, x) - d.best.l1) < 1e-9, "reported L1 is not the example's");
      assert.ok(d.best.l1 <= start.l1 + 1e-12, `moved away: ${d.best.l1} > ${start.l1}`);
      d.trace.slice(1).forEach((v, i) => assert.ok(v <= d.trace[i] * (1 + 1e-9) + 1e-12, `trace rose at LP ${i + 1}`));
      if (d.best.l1 < start.l1 * (1 - 1e-6)) improved++;
      const milp = await findAdversarialExample(net, x, { label, target, solver, timeLimit: 30 });
      if (milp.status !== "optimal" || milp.l1 === null) continue;
      compared++;
      assert.ok(d.best.l1 >= milp.l1 - 1e-6, `descent ${d.best.l1} below the proven optimum ${milp.l1}`);
    }
    assert.ok(compared >= 5, `only ${compared} images compared with the MILP`);
    assert.ok(improved >= 1, "the descent never improved on the attack");
  });

  it("on a network with one linear region, reaches the MILP's optimum (the region LP is then the whole problem)", async () => {
    const net = oneRegionNetwork(6, [20, 8, 5]);
    let compared = 0;
    for (const x of tinyInputs(11, 6, 20)) {
      const label = argmax(forward(net, x).output);
      for (let target = 0; target < 5; target++) {
        if (target === label) continue;
        const start = gradientAttack(net, x, { ...condition(target), timeLimit: 1 }).best;
        if (start === null) continue;
        const d = await regionDescent(net, x, start.adversarial, { ...condition(target), solver, margin: 1e-7 });
        const milp = await findAdversarialExample(net, x, { label, target, solver, timeLimit: 30 });
        assert.equal(milp.status, "optimal");
        assert.ok(milp.l1 !== null);
        compared++;
        assert.ok(Math.abs(d.best.l1 - milp.l1) <= 1e-5 * Math.max(1, milp.l1), `descent ${d.best.l1} vs MILP optimum ${milp.l1}`);
      }
    }
    assert.ok(compared >= 3, `only ${compared} images compared`);
  });

  it("refuses a start that does not satisfy (8), naming it", async () => {
    const net = tinyNetwork(3, [30, 12, 10, 6]);
    const x = tinyInputs(9, 1, 30)[0];
    const label = argmax(forward(net, x).output);
    await assert.rejects(regionDescent(net, x, x, { ...condition((label + 1) % 6), solver }), /start does not satisfy condition \(8\)/);
  });
});
