import { strict as assert } from "node:assert";
import { adversarialSpec, adversarialStart, deltaSumRow, findAdversarialExample, keepPixelsUnchanged, prepareAdversarial } from "../../src/adversarial";
import { checkSolution } from "../../src/milp/check";
import { HighsSolver } from "../../src/solver/highs";
import { alteredSolver } from "../tools/altered-solver";
import { CheckingSolver } from "../tools/checking-solver";
import { knapsackNetwork, zeroOutputNetwork } from "../tools/known-networks";


describe("findAdversarialExample (8), (9)", () => {
  let solver: CheckingSolver;
  before(async () => {
    solver = new CheckingSolver(await HighsSolver.create());
  });
  const net = knapsackNetwork();
  const origin = [0, 0, 0, 0];

  it("finds the known optimal L1 1.848 and verifies it in float64 (both deviation encodings, with and without elimination)", async () => {
    for (const [eliminateStable, deviation] of [[true, "split"], [false, "thesis"], [true, "thesis"]] as const) {
      const r = await findAdversarialExample(net, origin, { solver, timeLimit: 30, eliminateStable, deviation });
      assert.equal(r.status, "optimal");
      assert.deepEqual([r.label, r.target, r.predicted], [0, 5, 5]);
      assert.ok(Math.abs(r.l1! - 1.848) < 1e-6, `L1 ${r.l1}`);
      assert.ok(Math.abs(r.objective! - 1.848) < 1e-6);
      assert.ok(r.verified, r.message);
      assert.deepEqual(Array.from(r.adversarial!).map((v) => +v.toFixed(6)), [1, 0.848, 0, 0]);
      assert.ok(Math.abs(r.outputs![5] - 1.212) < 1e-6);
    }
  });

  it("is infeasible just below the maximum deviation Δ = 0.79111 and feasible just above it", async () => {
    const below = await findAdversarialExample(net, origin, { solver, timeLimit: 30, maxDeviation: 0.79 });
    assert.equal(below.status, "infeasible");
    assert.equal(below.adversarial, null);
    assert.equal(below.verified, false);
    const above = await findAdversarialExample(net, origin, { solver, timeLimit: 30, maxDeviation: 0.7915 });
    assert.equal(above.status, "optimal");
    assert.ok(above.verified && above.verification!.withinMaxDeviation);
    const at09 = await findAdversarialExample(net, origin, { solver, timeLimit: 30, maxDeviation: 0.9 });
    assert.ok(Math.abs(at09.l1! - 2.17) < 1e-6, `L1 ${at09.l1}`);
  });

  it("minimises L∞ when asked: every pixel moves by 0.712 / 0.9", async () => {
    for (const deviation of ["split", "thesis"] as const) {
      const r = await findAdversarialExample(net, origin, { solver, timeLimit: 30, norm: "linf", deviation });
      assert.equal(r.status, "optimal");
      assert.ok(Math.abs(r.linf! - 0.712 / 0.9) < 1e-6, `L∞ ${r.linf}`);
      assert.ok(r.verified);
    }
  });

  it("without the floor an all-zero output is 'adversarial' (Fig 4b); the floor 0.01 forces the target (Fig 4c)", async () => {
    const zero = zeroOutputNetwork();
    const off = await findAdversarialExample(zero, [0, 0], { solver, timeLimit: 30, minTargetActivation: null });
    assert.ok(Math.abs(off.l1! - 0.51) < 1e-6, `L1 ${off.l1}`);
    assert.ok(off.verified, "it satisfies the model (8) without the floor");
    assert.ok(off.outputs!.every((v) => Math.abs(v) < 1e-6));
    assert.equal(off.verification!.classifiedAsTarget, false, "a tie at 0 is classified as 0, not as the target");
    assert.match(off.message ?? "", /no adversarial example: not classified as 5/);
    const on = await findAdversarialExample(zero, [0, 0], { solver, timeLimit: 30 });
    assert.ok(Math.abs(on.l1! - (0.6 + 0.51 - 0.01 / 1.2)) < 1e-6, `L1 ${on.l1}`);
    assert.equal(on.predicted, 5);
    assert.ok(on.verified && on.verification!.floorHolds && on.verification!.classifiedAsTarget);
  });

  it("honours declarative constraints and the extraConstraints callback", async () => {
    // pixel 0 unchanged: the knapsack must use pixels 1-3: 0.25 + 0.1 + 0.05 = 0.4 < 0.712, infeasible
    const kept = await findAdversarialExample(net, origin, { solver, timeLimit: 30, constraints: keepPixelsUnchanged([0]) });
    assert.equal(kept.status, "infeasible");
    // pixel 1 unchanged: x_0 = 1, then 0.212 from pixels 2 (0.1) and 3 (0.05): infeasible too (0.15)
    assert.equal((await findAdversarialExample(net, origin, { solver, timeLimit: 30, constraints: keepPixelsUnchanged([1]) })).status, "infeasible");
    // pixel 3 unchanged: same optimum as without
    const k3 = await findAdversarialExample(net, origin, { solver, timeLimit: 30, constraints: keepPixelsUnchanged([3]) });
    assert.ok(Math.abs(k3.l1! - 1.848) < 1e-6 && k3.verified && k3.verification!.constraintsHold);
    // x_0 <= 0.5 through a neuron constraint on layer 1: 0.25 + 0.4 ... needs 0.712 - 0.25 = 0.462 from w_1..3 = 0.4: infeasible
    const capped = await findAdversarialExample(net, origin, {
      solver,
      timeLimit: 30,
      constraints: [{ terms: [{ layer: 1, unit: 0, coef: 1 }], sense: "<=", rhs: 0.5 }],
    });
    assert.equal(capped.status, "infeasible");
    // the callback sees the model's variables: forbid pixel 1 from exceeding 0.5 => x_0 = 1, x_1 = 0.5, x_2 = 0.87
    let sawDelta = 0;
    const cb = await findAdversarialExample(net, origin, {
      solver,
      timeLimit: 30,
      extraConstraints: ({ builder, vars, delta }) => {
        sawDelta = delta.length;
        builder.addLe("cap1", [[vars.x[0][1], 1]], 0.5);
      },
    });
    assert.equal(sawDelta, 4);
    assert.ok(Math.abs(cb.l1! - (1 + 0.5 + 0.087 / 0.1)) < 1e-6, `L1 ${cb.l1}`);
  });

  it("names declarative rows after their constraint, counts callback binaries, and names the term it cannot encode", async () => {
    const named = { name: "keep top-left", terms: [{ layer: 0, unit: 0, coef: 1, variable: "delta" as const }], sense: "<=" as const, rhs: 0 };
    const { built } = await prepareAdversarial(net, origin, { constraints: [named, { ...named, name: undefined }] });
    assert.deepEqual(built.model.rows.filter((r) => r.name.startsWith("user")).map((r) => r.name), ["user0_keep_top_left", "user1"]);
    // a binary added by the callback is a binary of the model (the encoding alone has none: every neuron is stable here)
    const r = await findAdversarialExample(net, origin, {
      solver,
      timeLimit: 30,
      extraConstraints: ({ builder }) => void builder.addVariable("switch", { type: "binary" }),
    });
    assert.equal(r.model.binaries, 1);
    // the objective (9) stays: status, bound and gap are read as its own
    await assert.rejects(
      findAdversarialExample(net, origin, { solver, extraConstraints: ({ builder, vars }) => builder.setObjective("minimize", [[vars.x[0][0], 1]]) }),
      /extraConstraints: the callback replaced the objective \(9\)/,
    );
    // s of a neuron eliminated as stable (x_0 >= 0 over [0, 1]): the error names the constraint and its term
    const onS = { name: "phase", terms: [{ layer: 1, unit: 0, coef: 1, variable: "s" as const }], sense: "=" as const, rhs: 0 };
    await assert.rejects(findAdversarialExample(net, origin, { solver, constraints: [onS] }), /constraints\[0\] \(phase\)\.terms\[0\]: s of layer 1, unit 0 does not exist \(stable neuron eliminated/);
    const kept = await findAdversarialExample(net, origin, { solver, timeLimit: 30, constraints: [onS], eliminateStable: false });
    assert.equal(kept.status, "optimal");
    // a variable the declarative form does not know is refused, not read as x
    const z = { terms: [{ layer: 1, unit: 0, coef: 1, variable: "z" as never }], sense: "=" as const, rhs: 1 };
    assert.throws(() => adversarialSpec(net, origin, { constraints: [z] }), /constraints\[0\]\.terms\[0\]\.variable must be "x", "s" or "delta", got "z"/);
  });

  it("refuses L1-ball bounds computed around another image, or without the ball's cap", async () => {
    const { bounds: interval } = await prepareAdversarial(net, [0.5, 0, 0, 0], {});
    const ball = { ...interval, l1Ball: { center: [0.5, 0, 0, 0], radius: 2 } };
    const cap = [deltaSumRow(4, "<=", 2, "l1_ball_cap")];
    await assert.doesNotReject(prepareAdversarial(net, [0.5, 0, 0, 0], { bounds: ball, constraints: cap }));
    await assert.rejects(prepareAdversarial(net, [0.4, 0, 0, 0], { bounds: ball, constraints: cap }), /bounds hold over an L1 ball around another image/);
    await assert.rejects(prepareAdversarial(net, [0.5, 0, 0, 0], { bounds: ball }), /bounds hold only inside the L1 ball of radius 2: add its cap/);
  });

  it("builds the model on the bounds it is given, also without a solver", async () => {
    const { bounds: interval } = await prepareAdversarial(net, [0.5, 0, 0, 0], {});
    const given = { ...interval, method: "lp" as const, layers: interval.layers.map((l) => ({ ...l, lower: l.lower.map((v) => v - 1), upper: l.upper.map((v) => v + 1) })) };
    const { bounds } = await prepareAdversarial(net, [0.5, 0, 0, 0], { bounds: given });
    assert.equal(bounds, given);
  });

  it("builds a full MIP start from an image that satisfies every row, and the solve keeps the optimum", async () => {
    const spec = adversarialSpec(net, [0.5, 0, 0, 0], {});
    const start = [1, 1, 0, 0];
    for (const deviation of ["split", "thesis"] as const) {
      for (const norm of ["l1", "linf"] as const) {
        const { built } = await prepareAdversarial(net, [0.5, 0, 0, 0], { deviation, norm }, solver);
        const values = adversarialStart(net, spec, built, start);
        assert.ok(checkSolution(built.model, values).feasible, `${deviation} ${norm}`);
        values[built.encoded.x[0][0]] = 0.9;
        assert.equal(checkSolution(built.model, values).feasible, false);
      }
    }
    const r = await findAdversarialExample(net, origin, { solver, timeLimit: 30, start });
    assert.ok(Math.abs(r.l1! - 1.848) < 1e-6);
  });

  it("refuses bad input with errors naming the field", async () => {
    await assert.rejects(findAdversarialExample(net, [0, 0, 0], { solver }), /image has 3 pixels, network knapsack expects 4/);
    await assert.rejects(findAdversarialExample(net, origin, { solver, target: 0 }), /target 0 equals the label 0/);
    await assert.rejects(findAdversarialExample(net, origin, { solver, target: 10 }), /target must be an integer in 0..9, got 10/);
    await assert.rejects(findAdversarialExample(net, origin, { solver, label: -1 }), /label must be an integer in 0..9, got -1/);
    await assert.rejects(findAdversarialExample(net, origin, { solver, ratio: 0.5 }), /ratio must be a finite number >= 1/);
    await assert.rejects(findAdversarialExample(net, [0, 2, 0, 0], { solver }), /image\[1\] = 2 lies outside the input domain/);
    await assert.rejects(findAdversarialExample(net, [0, NaN, 0, 0], { solver }), /image\[1\] = NaN is not a finite number/);
    await assert.rejects(findAdversarialExample(net, origin, { solver, maxDeviation: -1 }), /maxDeviation must be a finite number >= 0/);
    await assert.rejects(
      findAdversarialExample(net, origin, { solver, constraints: [{ terms: [{ layer: 3, unit: 0, coef: 1 }], sense: "<=", rhs: 0 }] }),
      /constraints\[0\].terms\[0\].layer must be in 0..2, got 3/,
    );
  });

  it("reported outputs and (8) agree with the network's closed form, for L1, Δ and L∞ examples", async () => {
    // x^K of the knapsack network by hand (not through forward): output 5 = 0.5 + w·x, 0 = 1.01, others 1.
    const w = [0.5, 0.25, 0.1, 0.05];
    const byHand = (x: ArrayLike<number>): number[] => Array.from({ length: 10 }, (_, c) => (c === 5 ? 0.5 + w.reduce((t, wi, i) => t + wi * Math.max(0, x[i]), 0) : c === 0 ? 1.01 : 1));
    const results = [
      await findAdversarialExample(net, origin, { solver, timeLimit: 30 }),
      await findAdversarialExample(net, origin, { solver, timeLimit: 30, maxDeviation: 0.8 }),
      await findAdversarialExample(net, origin, { solver, timeLimit: 30, norm: "linf" }),
    ];
    for (const r of results) {
      assert.equal(r.status, "optimal");
      const expected = byHand(r.adversarial!);
      r.outputs!.forEach((v, c) => assert.ok(Math.abs(v - expected[c]) < 1e-12, `output ${c}: ${v} vs ${expected[c]}`));
      assert.ok(expected[5] >= 1.2 * 1.01 - 1e-6, `(8): x^K_5 = ${expected[5]}`);
      assert.equal(r.predicted, 5);
    }
    assert.ok(solver.checked > 10);
  });

  it("reports no proven bound, and no optimum, when the solver's dual bound contradicts its incumbent (HiGHS #2154)", async () => {
    const real = await HighsSolver.create();
    const lying = alteredSolver(real, "lying", (r) => (r.objective === null ? r : { ...r, bound: r.objective + 1 }));
    const r = await findAdversarialExample(net, origin, { solver: lying, timeLimit: 30 });
    // "optimal" rested on the contradicted bound: an error row (retried by a rerun), the verified example kept
    assert.equal(r.status, "error");
    assert.ok(Math.abs(r.l1! - 1.848) < 1e-6 && r.verified);
    assert.equal(r.bound, null);
    assert.equal(r.gap, null);
    assert.match(r.message ?? "", /dual bound 2\.84\d* contradicts the incumbent 1\.84\d*: no proven bound, so no proven optimum/);
    // a time-limited solve keeps its status: it claimed no optimum
    const timed = alteredSolver(real, "lying, time limit", (x) => (x.objective === null ? x : { ...x, status: "time-limit", bound: x.objective + 1 }));
    const t = await findAdversarialExample(net, origin, { solver: timed, timeLimit: 30 });
    assert.deepEqual([t.status, t.bound, t.gap], ["time-limit", null, null]);
    // an error keeps its own message: there is no incumbent/bound pair to contradict
    const failed = alteredSolver(real, "failing", (x) => ({ ...x, status: "error", bound: (x.objective ?? 0) + 1, message: "HiGHS: model status 7" }));
    const e = await findAdversarialExample(net, origin, { solver: failed, timeLimit: 30 });
    assert.equal(e.status, "error");
    assert.doesNotMatch(e.message ?? "", /contradicts/);
    const honest = await findAdversarialExample(net, origin, { solver: real, timeLimit: 30 });
    assert.ok(Math.abs(honest.bound! - 1.848) < 1e-6 && honest.gap === 0 && honest.message === undefined, honest.message);
  });
});
