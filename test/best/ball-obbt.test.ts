import { strict as assert } from "node:assert";
import { tightenBallBoundsMilp, tightenBallBoundsObbt, type OutputCondition } from "../../src/best/ball-obbt";
import { findAdversarialExampleShrink } from "../../src/best/shrinking-balls";
import { adversarialSpec, deltaSumRow } from "../../src/adversarial";
import { buildAdversarialModel } from "../../src/adversarial/build";
import { l1BallBounds, type L1BallBounds } from "../../src/bounds/l1-ball";
import { argmax, forward } from "../../src/dnn/forward";
import type { Network } from "../../src/dnn/network";
import { ModelBuilder } from "../../src/milp/model";
import { HighsSolver } from "../../src/solver/highs";
import { seeded, tinyInputs, tinyNetwork } from "../attack/seeded";
import { ascendPreActivations, ascentSlack, ascentViolations } from "../../src/bounds/ascent-check";

/** Points of the L1 ball of `radius` around `center` in [0, 1]^n: a few pixels moved, some on the sphere. */
function ballSamples(center: Float64Array, radius: number, count: number, seed: number): Float64Array[] {
  const rnd = seeded(seed);
  const n = center.length;
  return Array.from({ length: count }, () => {
    const x = Float64Array.from(center);
    const picks = 1 + Math.floor(rnd() * 5);
    const dirs = Array.from({ length: picks }, () => [Math.floor(rnd() * n), rnd() * 2 - 1] as const);
    const norm = dirs.reduce((a, [, d]) => a + Math.abs(d), 0);
    const scale = rnd() < 0.5 ? 1 : rnd();
    for (const [i, d] of dirs) x[i] = Math.min(1, Math.max(0, x[i] + (d * radius * scale) / norm));
    return x;
  });
}

/** Asserts every pre-activation of every sample lies inside `bounds`; returns how many samples were checked. */
function assertInside(net: Network, bounds: L1BallBounds, samples: readonly Float64Array[], keep: (output: readonly number[]) => boolean = () => true): number {
  let checked = 0;
  for (const x of samples) {
    const pass = forward(net, x);
    if (!keep(Array.from(pass.output))) continue;
    checked++;
    pass.preActivations.forEach((p, k) =>
      p.forEach((v, j) => {
        const { lower, upper } = bounds.layers[k];
        assert.ok(v >= lower[j] && v <= upper[j], `layer ${k + 1} unit ${j}: ${v} outside [${lower[j]}, ${upper[j]}]`);
      }),
    );
  }
  return checked;
}

/** Σ over layers and units of (given − tightened) widths; asserts never looser. */
function gain(before: L1BallBounds, after: L1BallBounds): number {
  let g = 0;
  after.layers.forEach((l, k) =>
    l.upper.forEach((u, j) => {
      assert.ok(u <= before.layers[k].upper[j] && l.lower[j] >= before.layers[k].lower[j], `layer ${k + 1} unit ${j} loosened`);
      g += before.layers[k].upper[j] - u + l.lower[j] - before.layers[k].lower[j];
    }),
  );
  return g;
}

describe("ball-obbt (persistent-LP and MILP tightening of bounds over the L1 ball)", () => {
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("solveLpSequence returns each objective's LP optimum on one model, and refuses integer models", async () => {
    // max/min of x + y, x − y, 2x over {0 ≤ x, y ≤ 1, x + 2y ≤ 1.5}.
    const b = new ModelBuilder("seq");
    const x = b.addVariable("x", { lb: 0, ub: 1 });
    const y = b.addVariable("y", { lb: 0, ub: 1 });
    b.addRow("r", [[x, 1], [y, 2]], -Infinity, 1.5);
    const model = b.build();
    const obj = (sense: "maximize" | "minimize", terms: [typeof x, number][], offset = 0) => ({ sense, terms: terms.map(([v, coef]) => ({ v, coef })), offset });
    const results = await solver.solveLpSequence(model, [
      obj("maximize", [[x, 1], [y, 1]]),
      obj("minimize", [[x, 1], [y, -1]]),
      obj("maximize", [[x, 2]], 0.5),
      obj("maximize", [[y, 1]]),
    ]);
    assert.deepEqual(results.map((r) => r.status), ["optimal", "optimal", "optimal", "optimal"]);
    const values = results.map((r) => r.objective!);
    [1.25, -0.75, 2.5, 0.75].forEach((want, i) => assert.ok(Math.abs(values[i] - want) < 1e-9, `objective ${i}: ${values[i]} vs ${want}`));
    const ib = new ModelBuilder("int");
    ib.addVariable("z", { type: "binary" });
    const bad = await solver.solveLpSequence(ib.build(), [{ sense: "maximize", terms: [], offset: 0 }]);
    assert.equal(bad[0].status, "error");
    assert.match(bad[0].message ?? "", /integer/);
  });

  it("solveLpSequence keeps a total time limit: LPs not started in time end time-limit without a value", async () => {
    const b = new ModelBuilder("seq-total");
    const x = b.addVariable("x", { lb: 0, ub: 1 });
    const model = b.build();
    const objectives = Array.from({ length: 3 }, () => ({ sense: "maximize" as const, terms: [{ v: x, coef: 1 }], offset: 0 }));
    const roomy = await solver.solveLpSequence(model, objectives, { timeLimit: 5, totalTimeLimit: 60 });
    assert.deepEqual(roomy.map((r) => `${r.status} ${r.objective}`), ["optimal 1", "optimal 1", "optimal 1"]);
    const spent = await solver.solveLpSequence(model, objectives, { timeLimit: 5, totalTimeLimit: 1e-9 });
    assert.deepEqual(spent.map((r) => `${r.status} ${r.objective}`), ["time-limit null", "time-limit null", "time-limit null"]);
    assert.match(spent[0].message ?? "", /total time limit had run out/);
    const bad = await solver.solveLpSequence(model, objectives, { totalTimeLimit: 0 });
    assert.match(bad[0].message ?? "", /totalTimeLimit must be a positive finite number of seconds, got 0/);
  });

  it("LP tightening never loosens, tightens some, and no sampled point of the ball leaves the bounds", async () => {
    const net = tinyNetwork(31, [20, 10, 8, 6, 4]);
    const rnd = seeded(3);
    const center = Float64Array.from({ length: 20 }, () => (rnd() < 0.5 ? 0 : rnd()));
    for (const radius of [0.5, 2]) {
      const ball = l1BallBounds(net, center, radius);
      const r = await tightenBallBoundsObbt(net, ball, { solver });
      assert.ok(r.lps > 0 && r.optimal === r.lps, `${r.optimal} of ${r.lps} LPs optimal`);
      assert.ok(gain(ball, r.bounds) > 0.01, `LP gained nothing at radius ${radius}`);
      assert.equal(assertInside(net, r.bounds, ballSamples(center, radius, 1500, 7)), 1500);
      // and no input a gradient ascent on each neuron finds inside the ball leaves them either
      const ascent = ascendPreActivations(net, { lower: 0, upper: 1 }, { starts: [center, ...ballSamples(center, radius, 2, 17)], ball: { center, radius } });
      assert.deepEqual(ascentViolations(r.bounds.layers, ascent), [], `radius ${radius}`);
      // a spent time budget solves no LP and leaves the (sound) bounds untightened by LPs
      const none = await tightenBallBoundsObbt(net, ball, { solver, timeBudget: 1e-9 });
      assert.equal(none.optimal, 0);
      assert.ok(gain(ball, none.bounds) < gain(ball, r.bounds), `radius ${radius}`);
      assert.equal(assertInside(net, none.bounds, ballSamples(center, radius, 300, 8)), 300);
    }
  });

  it("MILP tightening is tighter than the LP's and no sampled point of the ball leaves the bounds", async () => {
    const net = tinyNetwork(32, [16, 12, 10, 8, 4]);
    const rnd = seeded(5);
    const center = Float64Array.from({ length: 16 }, () => rnd());
    const radius = 1.5;
    const ball = l1BallBounds(net, center, radius);
    const lp = await tightenBallBoundsObbt(net, ball, { solver });
    const milp = await tightenBallBoundsMilp(net, ball, { solver, timeLimitPerBound: 5, timeBudget: 60 });
    assert.ok(gain(ball, milp.bounds) > gain(ball, lp.bounds) + 1e-3, `MILP ${gain(ball, milp.bounds)} vs LP ${gain(ball, lp.bounds)}`);
    assert.equal(assertInside(net, milp.bounds, ballSamples(center, radius, 1500, 9)), 1500);
    const ascent = ascendPreActivations(net, { lower: 0, upper: 1 }, { starts: [center, ...ballSamples(center, radius, 2, 19)], ball: { center, radius } });
    assert.deepEqual(ascentViolations(milp.bounds.layers, ascent), []);
    // the MILP bounds are nearly exact: the ascent ends close to them (the LP's leave more room)
    assert.ok(ascentSlack(milp.bounds.layers, ascent) < ascentSlack(lp.bounds.layers, ascent), "MILP bounds tighter than LP bounds as the ascent sees them");
  });

  it("with (8) the bounds hold for every sampled ball point whose output satisfies (8)", async () => {
    const net = tinyNetwork(35, [12, 10, 8, 4]);
    const rnd = seeded(8);
    const center = Float64Array.from({ length: 12 }, () => rnd());
    const radius = 3;
    const samples = ballSamples(center, radius, 4000, 11);
    const satisfies = (y: readonly number[], t: number, c: Omit<OutputCondition, "target">): boolean =>
      y[t] >= c.floor && y.every((v, j) => j === t || y[t] >= c.ratio * v);
    const loose = { ratio: 1.05, floor: 0.01 };
    // The target (≠ label) that most sampled points reach, so that many samples satisfy (8).
    const outputs = samples.map((x) => Array.from(forward(net, x).output));
    const label = argmax(forward(net, center).output);
    const counts = [0, 1, 2, 3].map((t) => (t === label ? -1 : outputs.filter((y) => satisfies(y, t, loose)).length));
    const target = argmax(counts);
    const condition: OutputCondition = { target, ...loose };
    const holds = (y: readonly number[]): boolean => satisfies(y, target, loose);
    const ball = l1BallBounds(net, center, radius);
    const plain = await tightenBallBoundsObbt(net, ball, { solver });
    const cond = await tightenBallBoundsObbt(net, ball, { solver, condition });
    assert.ok(gain(ball, cond.bounds) > gain(ball, plain.bounds) + 1e-3, "(8) tightened nothing beyond the plain LPs");
    const checked = assertInside(net, cond.bounds, samples, holds);
    assert.ok(checked >= 50, `only ${checked} samples satisfy (8)`);
    // Such bounds say where they hold, pass that on to the balls they bound, and no model with
    // another condition (8) may use them.
    assert.deepEqual(cond.bounds.l1Ball.condition, condition);
    assert.equal(plain.bounds.l1Ball.condition, undefined);
    const smaller = l1BallBounds(net, center, radius / 2, { global: cond.bounds });
    assert.deepEqual(smaller.l1Ball.condition, condition);
    assert.throws(() => l1BallBounds(net, center, radius * 2, { global: cond.bounds }), /hold only inside an L1 ball \(radius 3\); they cannot bound the ball of radius 6/);
    assert.throws(() => l1BallBounds(net, center.map((v) => v / 2), 1, { global: cond.bounds }), /around another image/);
    await assert.rejects(tightenBallBoundsObbt(net, cond.bounds, { solver, condition: { ...condition, ratio: 1.2 } }), /cannot be tightened under another condition/);
    const other = (target + 1) % 4 === label ? (target + 2) % 4 : (target + 1) % 4;
    const cap = [deltaSumRow(center.length, "<=", radius, "l1_ball_cap")];
    const spec = adversarialSpec(net, center, { label, target: other, ratio: 1.05, minTargetActivation: 0.01, constraints: cap });
    assert.throws(() => buildAdversarialModel(net, spec, cond.bounds), new RegExp(`tightened under \\(8\\) for target ${target}, ratio 1.05, floor 0.01 and hold only there; this model has target ${other}`));
    const same = adversarialSpec(net, center, { label, target, ratio: 1.05, minTargetActivation: 0.01, constraints: cap });
    assert.ok(buildAdversarialModel(net, same, cond.bounds).model.variables.length > 0);
    // Ball bounds hold only inside the ball: a model without its cap (or with a wider one) is refused.
    for (const constraints of [[], [deltaSumRow(center.length, "<=", radius * 1.01, "wide")], [deltaSumRow(center.length, ">=", 0, "wrong_sense")]]) {
      const uncapped = adversarialSpec(net, center, { label, target, ratio: 1.05, minTargetActivation: 0.01, constraints });
      assert.throws(() => buildAdversarialModel(net, uncapped, cond.bounds), /bounds hold only inside the L1 ball of radius 3: add its cap/);
    }
  });

  it("shrink refuses out-of-range tightening options, naming them", async () => {
    const net = tinyNetwork(21, [24, 10, 8, 5]);
    const x = tinyInputs(4, 1, 24)[0];
    await assert.rejects(findAdversarialExampleShrink(net, x, { solver, tighten: "milp", tightenPerBound: 0 }), /tightenPerBound out of range/);
    await assert.rejects(findAdversarialExampleShrink(net, x, { solver, tighten: "milp", tightenProbe: -1 }), /tightenProbe out of range/);
  });
});
