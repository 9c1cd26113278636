import { strict as assert } from "node:assert";
import { computeBounds } from "../../src/bounds";
import { intervalBounds } from "../../src/bounds/interval";
import { forward } from "../../src/dnn/forward";
import type { DenseLayer, Network } from "../../src/dnn/network";
import { checkSolution } from "../../src/milp/check";
import { buildPerturbationModel, type PerturbationImage, type PerturbationModelOptions } from "../../src/robustness/input-perturbation-milp";
import { perturbationStart, readPerturbation, solvePerturbation } from "../../src/robustness/input-perturbation-solve";
import { neighbourhoodStart, patternStart } from "../../src/robustness/input-perturbation-start";
import { keepPixelsUnperturbed, leavesPixelsUnperturbed } from "../../src/robustness/perturbation-constraints";
import { hasMargin } from "../../src/robustness/margin";
import { applyPerturbation, identityPerturbation, perturbationDistance } from "../../src/robustness/perturbation";
import { HighsSolver } from "../../src/solver/highs";
import { alteredSolver } from "../tools/altered-solver";
import { seededInputs, seededNetwork } from "../tools/seeded-network";
import { tinyNetwork } from "./tiny-network";

const DOMAIN = { lower: -1, upper: 1 };
const identity2: DenseLayer = { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" };

/** Outputs (relu(x1), relu(x2)) of the perturbed input: class 0 iff x1 ≥ 1.2·relu(x2) and x1 ≥ 0.01. */
const passThrough = tinyNetwork("pass-through", 2, [identity2, identity2]);

/**
 * Images (v, 0.5) with labels 0,1,0,1,0 for v = 0.1..0.9. p_1 ≥ 0 makes p_1 v + q_1 non-decreasing in
 * v while the second input is the same for all, so the classes a perturbation can give form a
 * threshold (class 1 below, class 0 above): at most 3 of the 5 labels fit. The identity gets 2.
 */
const thresholdImages: PerturbationImage[] = [0.1, 0.3, 0.5, 0.7, 0.9].map((v, h) => ({ pixels: [v, 0.5], label: h % 2, id: `v${v}` }));

const ENCODINGS: { name: string; opts: Partial<PerturbationModelOptions> }[] = [
  { name: "substitute/direct", opts: { inputEncoding: "substitute", margin: "direct" } },
  { name: "substitute/thesis-y", opts: { inputEncoding: "substitute", margin: "thesis-y" } },
  { name: "variables/direct", opts: { inputEncoding: "variables", margin: "direct" } },
  { name: "variables/thesis-y", opts: { inputEncoding: "variables", margin: "thesis-y", eliminateStable: false } },
];

describe("input-perturbation MILP (10a)-(10q)", function () {
  this.timeout(60000);
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  for (const enc of ENCODINGS) {
    describe(enc.name, () => {
      it("finds the known optimum 3 of 5 on the threshold instance, each t^h = 1 verified in float64", async () => {
        const bounds = intervalBounds(passThrough, DOMAIN);
        const run = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, ...enc.opts });
        assert.equal(run.status, "optimal");
        assert.ok(Math.abs((run.objective ?? NaN) - 3) < 1e-6, `objective ${run.objective}`);
        assert.equal(run.t.reduce((a, b) => a + b, 0), 3);
        run.t.forEach((t, h) => {
          if (t === 1) assert.ok(run.verified[h], `t[${h}] = 1 but the perturbed network fails the margin`);
        });
        assert.equal(run.verified.filter((v) => v).length, 3);
      });

      it("puts the ratio 1.2 in (10h): o1 = 1.1·o0 can never count, o1 = 1.3·o0 can", async () => {
        for (const [r, expected] of [[1.1, 0], [1.3, 1]] as const) {
          const net = tinyNetwork("ratio", 1, [
            { kernel: [[1]], bias: [0], activation: "relu" },
            { kernel: [[1, r]], bias: [0, 0], activation: "relu" },
          ]);
          const images = [{ pixels: [0.6], label: 1, id: "a" }];
          // Unperturbed, the image is classified correctly (argmax 1) but without the margin.
          assert.equal(forward(net, [0.6]).output[1] > forward(net, [0.6]).output[0], true);
          const run = await solvePerturbation(net, images, solver, { bounds: intervalBounds(net, DOMAIN), inputDomain: DOMAIN, timeLimit: 10, ...enc.opts });
          assert.equal(run.status, "optimal");
          assert.equal(run.t[0], expected, `ratio ${r}`);
          assert.equal(run.verified[0], expected === 1);
        }
      });

      it("puts the floor 0.01 of (10j) on the true class: o1 = 0.005·relu(x) never counts, 0.02·relu(x) does", async () => {
        for (const [c, expected] of [[0.005, 0], [0.02, 1]] as const) {
          const net = tinyNetwork("floor", 1, [
            { kernel: [[1]], bias: [0], activation: "relu" },
            { kernel: [[0, c]], bias: [0, 0], activation: "relu" },
          ]);
          const run = await solvePerturbation(net, [{ pixels: [0.6], label: 1, id: "a" }], solver, {
            bounds: intervalBounds(net, DOMAIN),
            inputDomain: DOMAIN,
            timeLimit: 10,
            ...enc.opts,
          });
          assert.equal(run.t[0], expected, `factor ${c}`);
        }
      });
    });
  }

  it("only weights (q = 0) still fixes 3; only disturbances (p = 1) reports p = 1", async () => {
    const bounds = intervalBounds(passThrough, DOMAIN);
    const w = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, freedom: "only-weights" });
    assert.equal(w.objective !== null && Math.round(w.objective), 3);
    assert.deepEqual(Array.from(w.perturbation?.q ?? []), [0, 0]);
    const d = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, freedom: "only-disturbances" });
    assert.deepEqual(Array.from(d.perturbation?.p ?? []), [1, 1]);
    // With p = 1 the map v -> v + q_1 is still a threshold: 3 again.
    assert.equal(d.objective !== null && Math.round(d.objective), 3);
  });

  it("minimum distance: objective = Σt − 0.001·(Σ|p−1| + Σ|q|) of the returned perturbation", async () => {
    const bounds = intervalBounds(passThrough, DOMAIN);
    const run = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, distanceWeight: 0.001 });
    assert.equal(run.status, "optimal");
    const pert = run.perturbation;
    assert.ok(pert !== null);
    const dist = perturbationDistance(pert);
    const count = run.t.reduce((a, b) => a + b, 0);
    assert.equal(count, 3);
    assert.ok(Math.abs((run.objective ?? NaN) - (3 - 0.001 * (dist.weight + dist.disturbance))) < 1e-6);
    // A distance-minimising perturbation must beat (or tie) the identity's 2 images only by moving
    // a little: fixing 3 of the 5 here needs far less than one unit of change.
    assert.ok(dist.weight + dist.disturbance < 1, `distance ${dist.weight + dist.disturbance}`);
  });

  it("x^{h,0} of the MILP equals p ⊙ x̄ + q, and layer 1 equals the forward pass (both encodings)", async () => {
    const net = seededNetwork(11, [6, 5, 4, 3]);
    const images = seededInputs(12, 4, 6).map((pixels, h) => ({ pixels, label: h % 3, id: `r${h}` }));
    const bounds = intervalBounds(net, DOMAIN);
    for (const inputEncoding of ["variables", "substitute"] as const) {
      const pm = buildPerturbationModel(net, images, { bounds, inputDomain: DOMAIN, inputEncoding });
      const res = await solver.solve(pm.model, { timeLimit: 20, mipStart: perturbationStart(net, images, pm, identityPerturbation(6)) });
      assert.equal(res.status, "optimal");
      const values = res.values;
      assert.ok(values !== null);
      assert.equal(checkSolution(pm.model, values).feasible, true);
      const pert = readPerturbation(net, pm, values);
      images.forEach((img, h) => {
        const x0 = applyPerturbation(pert, img.pixels);
        const vars = pm.x0[h];
        if (inputEncoding === "variables") {
          assert.ok(vars !== null);
          vars.forEach((v, i) => assert.ok(Math.abs(values[v] - x0[i]) < 1e-7, `x[${h}][0][${i}]`));
        } else assert.equal(vars, null);
        const trace = forward(net, x0);
        pm.layers[h].forEach((lv, k) =>
          lv.x.forEach((v, j) => assert.ok(Math.abs(values[v] - trace.activations[k][j]) < 1e-6, `h${h} x[${k + 1}][${j}]`)),
        );
        if (res.values !== null && values[pm.t[h]] > 0.5) assert.ok(hasMargin(trace.output, img.label));
      });
    }
  });

  it("keeps its checked start when the solver ends without a solution", async () => {
    // The real solver, with the final (MIP-started) solve's answer dropped, as when HiGHS stops before accepting a solution.
    const losing = alteredSolver(solver, "HiGHS, final answer dropped", (r, _model, options) =>
      options?.mipStart === undefined ? r : { ...r, status: "time-limit", values: null, objective: null, gap: null });
    const run = await solvePerturbation(passThrough, thresholdImages, losing, { bounds: intervalBounds(passThrough, DOMAIN), inputDomain: DOMAIN, timeLimit: 20 });
    assert.ok(run.start !== null && run.perturbation !== null, "the start's perturbation is kept");
    assert.equal(run.status, "time-limit");
    assert.equal(run.objective, run.start.objective);
    assert.equal(run.t.reduce((a, b) => a + b, 0), Math.round(run.start.objective));
    run.t.forEach((t, h) => t === 1 && assert.ok(run.verified[h], `t[${h}] = 1 not verified`));
  });

  it("takes rows of your own (extraConstraints), and never returns a start that violates them", async () => {
    const bounds = intervalBounds(passThrough, DOMAIN);
    const seen: number[] = [];
    // q_1 >= 0.1: the second input is moved up by at least 0.1 (the identity start, q = 0, violates it)
    const extraConstraints = ({ builder, q, t, images }: Parameters<NonNullable<PerturbationModelOptions["extraConstraints"]>>[0]) => {
      seen.push(t.length, images.length);
      builder.addGe("q1_up", [[q[1]!, 1]], 0.1);
    };
    const run = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, extraConstraints, start: "identity" });
    assert.deepEqual(seen, [5, 5]);
    assert.equal(run.start, null, "the identity start violates q_1 >= 0.1 and is dropped");
    assert.equal(run.status, "optimal");
    assert.ok(run.perturbation !== null && run.perturbation.q[1] >= 0.1 - 1e-7, `q_1 = ${run.perturbation?.q[1]}`);
    assert.equal(Math.round(run.objective!), 3); // a threshold on the first input still fixes 3 of 5
    run.t.forEach((t, h) => t === 1 && assert.ok(run.verified[h], `t[${h}] = 1 not verified`));
    // When the solver ends without a solution, the dropped start is not returned in its place.
    const losing = alteredSolver(solver, "HiGHS, every answer dropped", (r) => ({ ...r, status: "time-limit", values: null, objective: null, gap: null }));
    const lost = await solvePerturbation(passThrough, thresholdImages, losing, { bounds, inputDomain: DOMAIN, timeLimit: 20, extraConstraints, start: "identity" });
    assert.deepEqual([lost.start, lost.perturbation], [null, null]);
    // Fixing every pixel (p = 1, q = 0) leaves the identity: 2 of 5.
    const fixed = await solvePerturbation(passThrough, thresholdImages, solver, {
      bounds, inputDomain: DOMAIN, timeLimit: 20,
      extraConstraints: ({ builder, p, q }) => [0, 1].forEach((i) => {
        builder.addEq(`keep_p${i}`, [[p[i]!, 1]], 1);
        builder.addEq(`keep_q${i}`, [[q[i]!, 1]], 0);
      }),
    });
    assert.equal(Math.round(fixed.objective!), 2);
    assert.equal(fixed.start?.kind, "identity");
    // the helper: pixel 1 kept as it is (p_1 = 1, q_1 = 0), pixel 0 free: a threshold on the first input still fixes 3
    const kept = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 20, extraConstraints: keepPixelsUnperturbed([1]) });
    assert.equal(Math.round(kept.objective!), 3);
    assert.ok(leavesPixelsUnperturbed(kept.perturbation!, [1]) && !leavesPixelsUnperturbed(kept.perturbation!, [0]));
    assert.throws(() => buildPerturbationModel(passThrough, thresholdImages, { bounds, inputDomain: DOMAIN, extraConstraints: keepPixelsUnperturbed([2]) }), /keepPixelsUnperturbed: pixel 2 is not in 0\.\.1/);
    // the objective (10a) stays: the starts, the bound and the count are read by it (a minimisation, or another maximisation)
    for (const sense of ["minimize", "maximize"] as const) {
      assert.throws(
        () => buildPerturbationModel(passThrough, thresholdImages, { bounds, inputDomain: DOMAIN, extraConstraints: ({ builder, t }) => builder.setObjective(sense, [[t[0], 1]]) }),
        /extraConstraints replaced the objective \(10a\)/,
      );
    }
  });

  it("a time-limited run still returns its best perturbation (the identity start at worst)", async () => {
    const net: Network = seededNetwork(21, [30, 12, 12, 10]);
    const images = seededInputs(22, 12, 30).map((pixels, h) => ({ pixels, label: h % 10, id: `r${h}` }));
    const run = await solvePerturbation(net, images, solver, { bounds: intervalBounds(net, DOMAIN), inputDomain: DOMAIN, timeLimit: 0.5 });
    assert.ok(run.perturbation !== null, `status ${run.status}: no perturbation`);
    assert.ok(["optimal", "time-limit"].includes(run.status));
    run.t.forEach((t, h) => t === 1 && assert.ok(run.verified[h]));
  });
});

describe("activation-pattern MIP start", function () {
  this.timeout(30000);

  it("fixes greedily what one perturbation can fix (3 of 5 on the threshold instance), as a feasible start", async () => {
    const solver = await HighsSolver.create();
    const bounds = intervalBounds(passThrough, DOMAIN);
    const pm = buildPerturbationModel(passThrough, thresholdImages, { bounds, inputDomain: DOMAIN });
    const ps = await patternStart(passThrough, thresholdImages, pm, solver, 10);
    assert.deepEqual(ps.fixed, [0, 2, 4]);
    assert.ok(ps.perturbation !== null);
    const values = perturbationStart(passThrough, thresholdImages, pm, ps.perturbation);
    const check = checkSolution(pm.model, values);
    assert.equal(check.feasible, true, JSON.stringify(check.violations.slice(0, 3)));
    assert.ok(Math.abs(check.objective - 3) < 1e-9);
    const run = await solvePerturbation(passThrough, thresholdImages, solver, { bounds, inputDomain: DOMAIN, timeLimit: 10 });
    assert.deepEqual(run.start, { kind: "pattern", objective: 3 });
  });
});

describe("neighbourhood MIP start (minimum distance)", function () {
  this.timeout(30000);

  it("is feasible and at least as good as the pattern start it starts from", async () => {
    const solver = await HighsSolver.create();
    const bounds = intervalBounds(passThrough, DOMAIN);
    const images = [0.1, 0.5, 0.9].map((v) => ({ pixels: [v, 0.5], label: 0, id: `v${v}` }));
    const opts = { bounds, inputDomain: DOMAIN, distanceWeight: 0.001 };
    const pm = buildPerturbationModel(passThrough, images, opts);
    const ps = await patternStart(passThrough, images, pm, solver, 10);
    assert.deepEqual(ps.fixed, [0, 1, 2]);
    assert.ok(ps.perturbation !== null);
    const start = perturbationStart(passThrough, images, pm, ps.perturbation);
    const nb = await neighbourhoodStart(passThrough, images, pm, solver, 10, start);
    assert.ok(nb.perturbation !== null);
    const a = checkSolution(pm.model, start);
    const b = checkSolution(pm.model, perturbationStart(passThrough, images, pm, nb.perturbation));
    assert.ok(a.feasible && b.feasible);
    assert.ok(b.objective >= a.objective - 1e-9, `${b.objective} < ${a.objective}`);
    assert.ok(Math.abs(b.objective - 3) < 0.01);
    const run = await solvePerturbation(passThrough, images, solver, { ...opts, timeLimit: 10 });
    assert.ok(run.objective !== null && run.start !== null && run.objective >= run.start.objective - 1e-9);
    assert.equal(run.t.reduce((x, y) => x + y, 0), 3);
  });
  it("refuses options that would make it unsound or meaningless, naming the field", async () => {
    const bounds = await computeBounds(passThrough, { method: "interval", inputDomain: DOMAIN });
    const build = (o: Partial<PerturbationModelOptions>) => () => buildPerturbationModel(passThrough, thresholdImages, { bounds, ...o });
    // bounds over [-1, 1] do not hold over [-2, 2]: in either encoding
    for (const inputEncoding of ["substitute", "variables"] as const) {
      assert.throws(build({ inputEncoding, inputDomain: { lower: -2, upper: 2 } }), /inputDomain \[-2, 2\] is not inside the domain \[-1, 1\] the bounds were computed over/);
    }
    assert.doesNotThrow(build({ inputDomain: { lower: 0, upper: 1 } })); // a smaller domain is fine
    assert.throws(build({ ratio: 0.5 }), /ratio must be a finite number >= 1, got 0.5/);
    assert.throws(build({ floor: Number.NaN }), /floor must be a finite number >= 0, got NaN/);
    assert.throws(build({ safety: -3 }), /safety must be a finite number >= 0, got -3/);
    assert.throws(build({ distanceWeight: -1 }), /distanceWeight must be a finite number >= 0, got -1/);
    assert.throws(build({ freedom: "weights" as never }), /freedom must be "both", "only-weights", "only-disturbances", got "weights"/);
    assert.throws(build({ inputEncoding: "rows" as never }), /inputEncoding must be "substitute", "variables", got "rows"/);
    assert.throws(build({ margin: "y" as never }), /margin must be "direct", "thesis-y", got "y"/);
    // bare layer bounds do not say their domain: it must be given, not guessed
    assert.throws(() => buildPerturbationModel(passThrough, thresholdImages, { bounds: bounds.layers }), /inputDomain is required with bare layer bounds/);
    // bounds of other weights (same shape) are no bounds of this network
    const other = tinyNetwork("other", 2, [identity2, { ...identity2, bias: [0.5, 0] }]);
    assert.throws(() => buildPerturbationModel(other, thresholdImages, { bounds }), /bounds field "networkFingerprint"/);
  });

  it("keeps every perturbed input in the domain (10f, k = 0): without those rows the optimum here would leave it", async () => {
    // a = relu(x0 + x1), b = relu(x0 − x1); o0 = relu(a), o1 = relu(2 − b). Class 0 with the margin needs
    // a ≥ 1.2·(2 − b), i.e. x0 ≥ 1.2 for x0 ≥ |x1|: outside [-1, 1]. So over [-1, 1] the optimum is 0 images,
    // while a model that lost the domain rows finds x^0 = (2, 0) and counts 1 (interval bounds do not stop it).
    const joint = tinyNetwork("joint", 2, [
      { kernel: [[1, 1], [1, -1]], bias: [0, 0], activation: "relu" },
      { kernel: [[1, 0], [0, -1]], bias: [0, 2], activation: "relu" },
    ]);
    const image: PerturbationImage[] = [{ pixels: [0.5, 0.5], label: 0, id: "a" }];
    const solver = await HighsSolver.create();
    for (const inputEncoding of ["substitute", "variables"] as const) {
      const run = await solvePerturbation(joint, image, solver, { bounds: intervalBounds(joint, DOMAIN), inputDomain: DOMAIN, timeLimit: 10, inputEncoding });
      assert.equal(run.status, "optimal", inputEncoding);
      assert.equal(run.objective, 0, `${inputEncoding}: no perturbation inside [-1, 1] classifies the image with the margin`);
      assert.ok(run.inDomain.every((ok) => ok), `${inputEncoding}: the answer's perturbed image lies in the domain`);
    }
    // Over [-2, 2] it can: x^0 = (1.2+, …) counts the image, and stays inside that domain.
    const wide = { lower: -2, upper: 2 };
    const run = await solvePerturbation(joint, image, solver, { bounds: intervalBounds(joint, wide), inputDomain: wide, timeLimit: 10 });
    assert.deepEqual([run.objective, run.verified, run.inDomain], [1, [true], [true]]);
  });
});
