import { strict as assert } from "node:assert";
import { findAdversarialExample } from "../../src/adversarial/find";
import { findAdversarialExampleBest, runBestAttackDescended } from "../../src/best/best-attack";
import { outputSlack } from "../../src/attack/condition";
import { loadMnist } from "../../src/data/mnist";
import { argmax, forward } from "../../src/dnn/forward";
import { loadNetwork } from "../../src/dnn/load";
import { HighsSolver } from "../../src/solver/highs";
import { tinyInputs, tinyNetwork } from "../attack/seeded";

describe("findAdversarialExampleBest (attack incumbent + L1-ball bounds + cap)", () => {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("reaches the plain model's optimum on a tiny seeded network, verified, from its incumbent", async () => {
    const net = tinyNetwork(21, [24, 10, 8, 5]);
    let compared = 0;
    let withIncumbent = 0;
    for (const x of tinyInputs(4, 8, 24)) {
      const label = argmax(forward(net, x).output);
      const target = (label + 2) % 5;
      const plain = await findAdversarialExample(net, x, { label, target, solver, timeLimit: 30 });
      const best = await findAdversarialExampleBest(net, x, { label, target, solver, timeLimit: 30 });
      assert.equal(best.status, plain.status);
      if (plain.status !== "optimal") continue;
      compared++;
      assert.ok(best.verified, best.message);
      assert.ok(Math.abs(best.objective! - plain.objective!) < 1e-6, `best ${best.objective} vs plain ${plain.objective}`);
      if (best.incumbentL1 !== null) {
        withIncumbent++;
        assert.equal(best.fellBack, false);
        assert.ok(best.incumbentL1 >= plain.objective! - 1e-6, "an incumbent cannot beat the optimum");
      }
    }
    assert.ok(compared >= 4 && withIncumbent >= 3, `compared ${compared}, with incumbent ${withIncumbent}`);
  });

  it("equals the plain optimum on DNN1 test images", async () => {
    const net = loadNetwork("dnn1");
    const test = loadMnist("test", { limit: 5 });
    for (const index of [2, 4]) {
      const label = test.labels[index];
      const plain = await findAdversarialExample(net, test.images[index], { label, solver, bounds: "lp", timeLimit: 120 });
      const best = await findAdversarialExampleBest(net, test.images[index], { label, solver, bounds: "lp", timeLimit: 120 });
      assert.equal(plain.status, "optimal");
      assert.equal(best.status, "optimal");
      assert.ok(best.verified && best.incumbentL1 !== null && !best.fellBack);
      assert.ok(Math.abs(best.objective! - plain.objective!) < 1e-5, `#${index}: best ${best.objective} vs plain ${plain.objective}`);
      const region = await findAdversarialExampleBest(net, test.images[index], { label, solver, bounds: "lp", timeLimit: 120, regionDescentSeconds: 2 });
      assert.equal(region.status, "optimal");
      assert.ok(region.verified && region.incumbentL1 !== null && region.incumbentL1 <= best.incumbentL1! + 1e-9, `#${index}: descended u ${region.incumbentL1} vs attack's ${best.incumbentL1}`);
      assert.ok(Math.abs(region.objective! - plain.objective!) < 1e-5, `#${index}: best with region descent ${region.objective} vs plain ${plain.objective}`);
    }
  });

  it("falls back to the plain model without a usable incumbent", async () => {
    const net = tinyNetwork(21, [24, 10, 8, 5]);
    const x = tinyInputs(4, 1, 24)[0];
    const label = argmax(forward(net, x).output);
    const target = (label + 1) % 5;
    const impossible = await findAdversarialExampleBest(net, x, { label, target, solver, minTargetActivation: 1e6, timeLimit: 20 });
    assert.equal(impossible.status, "infeasible");
    assert.equal(impossible.fellBack, true);
    assert.equal(impossible.incumbentL1, null);
    const constrained = await findAdversarialExampleBest(net, x, {
      label,
      target,
      solver,
      timeLimit: 20,
      constraints: [{ terms: [{ layer: 0, unit: 0, coef: 1 }], sense: "=", rhs: x[0] }],
    });
    assert.equal(constrained.fellBack, true);
    assert.equal(constrained.attackStats, null);
  });

  it("descends from more of the attack's examples to an example at least as close, verified (DNN5 #1)", async () => {
    const net = loadNetwork("dnn5");
    const test = loadMnist("test", { limit: 2 });
    const [image, label] = [test.images[1], test.labels[1]];
    const target = (label + 5) % 10;
    // The attack stops after its 8 seeded restarts, not on the clock: the three runs start from the same examples.
    const attack = { label, attackSeconds: 60 };
    const attackOnly = await runBestAttackDescended(net, image, attack, 300, solver);
    const one = await runBestAttackDescended(net, image, { ...attack, regionDescentSeconds: 5 }, 300, solver);
    const many = await runBestAttackDescended(net, image, { ...attack, regionDescentSeconds: 10, regionDescentStarts: 8 }, 300, solver);
    assert.ok(attackOnly.found && one.found && many.found, "an example each");
    assert.equal(one.attack.stats.restarts, 8, "all restarts ran");
    assert.equal(one.attack.best?.l1, attackOnly.attack.best?.l1, "the same attack");
    // "At least as close": how far the descent gets within its wall-clock budget depends on the load.
    assert.ok(one.found.l1 <= attackOnly.found.l1 + 1e-9, `descent ${one.found.l1} vs attack ${attackOnly.found.l1}`);
    assert.ok(many.found.l1 <= one.found.l1 + 1e-9, `8 starts ${many.found.l1} vs 1 start ${one.found.l1}`);
    for (const x of [one.found, many.found]) assert.ok(outputSlack(forward(net, x.adversarial).output, { target, ratio: 1.2, minActivation: 0.01 }) >= 5e-5);
  });
});
