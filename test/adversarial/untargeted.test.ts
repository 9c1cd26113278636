import { strict as assert } from "node:assert";
import { findAdversarialExample, findUntargeted, type AdversarialResult } from "../../src/adversarial";
import { findAdversarialExampleBest } from "../../src/best/best-attack";
import { HighsSolver } from "../../src/solver/highs";
import { knapsackNetwork, zeroOutputNetwork } from "../tools/known-networks";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

describe("findUntargeted (minimal L1 distance to any other class)", function () {
  this.timeout(120_000);
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("on the knapsack network only class 5 is reachable: its optimum 1.848, every other class proven infeasible", async () => {
    const seen: string[] = [];
    const r = await findUntargeted(knapsackNetwork(), [0, 0, 0, 0], { solver, timeLimit: 30, onTarget: (o, done, total) => seen.push(`${o.target} ${done}/${total}`) });
    assert.deepEqual([r.status, r.label, r.target], ["optimal", 0, 5]);
    assert.deepEqual(seen, r.perTarget.map((o, i) => `${o.target} ${i + 1}/9`), "progress after every class");
    assert.ok(Math.abs(r.l1! - 1.848) < 1e-6 && Math.abs(r.bound - 1.848) < 1e-6 && r.best!.verified);
    assert.equal(r.perTarget.length, 9);
    for (const o of r.perTarget) if (o.target !== 5) assert.equal(o.status, "infeasible", `class ${o.target}`);
    assert.equal(r.perTarget[r.perTarget.length - 1].target, 5, "classes with higher outputs at x̃ go first (class 5: 0.5)");
  });

  it("equals the minimum of the nine targeted optima, and the cap prunes classes that cannot beat it", async () => {
    const net = seededNetwork(7, [16, 12, 10]);
    let pruned = 0;
    let compared = 0;
    for (const image of seededInputs(8, 4, 16)) {
      const r = await findUntargeted(net, image, { solver, timeLimit: 30 });
      const each: AdversarialResult[] = [];
      for (const o of r.perTarget) each.push(await findAdversarialExample(net, image, { solver, timeLimit: 30, label: r.label, target: o.target }));
      const optima = each.filter((e) => e.status === "optimal" && e.verified).map((e) => e.l1!);
      if (optima.length === 0) {
        assert.equal(r.status, "infeasible");
        continue;
      }
      compared++;
      const min = Math.min(...optima);
      assert.equal(r.status, "optimal");
      assert.ok(Math.abs(r.l1! - min) <= 1e-6 * (1 + min), `untargeted ${r.l1} vs min of targeted ${min}`);
      assert.ok(r.bound <= r.l1! + 1e-9 && r.bound >= r.l1! * (1 - 1e-6), `bound ${r.bound}`);
      assert.ok(r.best!.verified && r.best!.verification!.constraintsHold);
      pruned += r.perTarget.filter((o) => o.cap !== null && o.status === "infeasible").length;
      // a pruned class really is no closer than the cap
      r.perTarget.forEach((o, i) => {
        if (o.cap !== null && o.status === "infeasible" && each[i].l1 !== null) assert.ok(each[i].l1! >= o.cap - 1e-6, `class ${o.target}: ${each[i].l1} < cap ${o.cap}`);
      });
    }
    assert.ok(compared >= 2, `${compared} images with an adversarial example`);
    // the configuration notebook 03 uses (the best method, no cap) finds the same minimum
    const images = seededInputs(8, 4, 16);
    let plain = await findUntargeted(net, images[0], { solver, timeLimit: 30 });
    let image = images[0];
    for (let i = 1; plain.l1 === null && i < images.length; i++) plain = await findUntargeted(net, (image = images[i]), { solver, timeLimit: 30 });
    assert.ok(plain.l1 !== null, "an image with an adversarial example");
    const viaBest = await findUntargeted(net, image, { solver, timeLimit: 30, find: findAdversarialExampleBest, prune: false });
    assert.deepEqual([viaBest.status, viaBest.target], ["optimal", plain.target]);
    assert.ok(Math.abs(viaBest.l1! - plain.l1) <= 1e-5 * (1 + plain.l1), `best ${viaBest.l1} vs plain ${plain.l1}`);
    assert.ok(viaBest.perTarget.every((o) => o.cap === null), "no cap without pruning");
    assert.ok(pruned > 0, "the cap proved some class infeasible");
  });

  it("reports error, not optimal or infeasible, when a solved class's example fails the float64 re-check", async () => {
    // class 5's example is replaced by x̃ itself (the other classes are infeasible): solved, but nothing verified
    const net = knapsackNetwork();
    const broken = async (n: typeof net, image: ArrayLike<number>, o: Parameters<typeof findAdversarialExample>[2]) => {
      const r = await findAdversarialExample(n, image, o);
      return r.target === 5 ? { ...r, adversarial: Float64Array.from(image), verified: false, l1: 0 } : r;
    };
    const r = await findUntargeted(net, [0, 0, 0, 0], { solver, timeLimit: 30, find: broken });
    assert.deepEqual([r.status, r.l1, r.best], ["error", null, null]);
    assert.ok(Math.abs(r.bound - 1.848) < 1e-6, "what the solves proved still stands");
  });

  it("refuses the L∞ norm (its cap is an L1 row)", async () => {
    await assert.rejects(findUntargeted(knapsackNetwork(), [0, 0, 0, 0], { solver, norm: "linf" }), /findUntargeted: norm must be "l1"/);
  });

  it("keeps no tie as its example: without the floor every class's optimum here switches all outputs off (Fig. 4b)", async () => {
    // Outputs 1-4 and 6-9 are one and the same function, so none of them can ever be the arg max
    // alone; digit 5's optimum under (8) alone is the all-zero output too (L1 0.51), classified as 0.
    const r = await findUntargeted(zeroOutputNetwork(), [0, 0], { solver, timeLimit: 30, minTargetActivation: null });
    assert.equal(r.best, null, `no class's example is classified as that class (got target ${r.target}, L1 ${r.l1})`);
    assert.equal(r.status, "error");
    assert.ok(r.perTarget.every((o) => o.status === "optimal" && o.l1 === null), JSON.stringify(r.perTarget));
  });
});
