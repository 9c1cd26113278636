import { strict as assert } from "node:assert";
import { intervalBounds } from "../../src/bounds/interval";
import { argmax, forward } from "../../src/dnn/forward";
import type { DenseLayer } from "../../src/dnn/network";
import { checkSolution } from "../../src/milp/check";
import { buildPerturbationModel, type PerturbationImage } from "../../src/robustness/input-perturbation-milp";
import { perturbationStart, solvePerturbation } from "../../src/robustness/input-perturbation-solve";
import { patternStart } from "../../src/robustness/input-perturbation-start";
import { hasMargin } from "../../src/robustness/margin";
import { meetsModelMargins, minDistanceSearch, regionModel } from "../../src/robustness/min-distance-search";
import { applyPerturbation, identityPerturbation, perturbationDistance, type Perturbation } from "../../src/robustness/perturbation";
import { HighsSolver } from "../../src/solver/highs";
import { seededInputs, seededNetwork, seededRandom } from "../tools/seeded-network";
import { tinyNetwork } from "./tiny-network";

const DOMAIN = { lower: -1, upper: 1 };
const identity2: DenseLayer = { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" };
/** Outputs (relu(x1), relu(x2)): class 0 iff x1 ≥ 1.2·relu(x2) and x1 ≥ 0.01. */
const passThrough = tinyNetwork("pass-through", 2, [identity2, identity2]);

const total = (pert: Perturbation): number => {
  const d = perturbationDistance(pert);
  return d.weight + d.disturbance;
};

describe("minimum-distance search (region LPs, tight neurons flipped)", function () {
  this.timeout(60000);
  let solver: HighsSolver;
  before(async () => {
    solver = await HighsSolver.create();
  });

  it("leaves the prototype's region for the known optimum 5/12 where the pattern start pays 1/2", async () => {
    // Image (0.1, 0.5), class 0; its prototype (0.9, -0.5) has hidden neuron 2 off, so the pattern
    // start must push 0.5·p2 + q2 to 0 (distance 0.5). Keeping neuron 2 on, 1.2·(0.5 + q2) ≤ 0.1
    // needs only q2 = −5/12 (q2 is the cheapest lever: 1.2 per unit), the global optimum.
    const images: PerturbationImage[] = [{ pixels: [0.1, 0.5], label: 0, id: "a", prototype: [0.9, -0.5] }];
    const pm = buildPerturbationModel(passThrough, images, { bounds: intervalBounds(passThrough, DOMAIN), inputDomain: DOMAIN, distanceWeight: 0.001 });
    const ps = await patternStart(passThrough, images, pm, solver, 10);
    assert.ok(ps.perturbation !== null);
    assert.ok(Math.abs(total(ps.perturbation) - 0.5) < 1e-6, `pattern start distance ${total(ps.perturbation)}`);
    const res = await minDistanceSearch(passThrough, images, pm, solver, ps.perturbation, { lpTimeLimit: 10, budget: 30 });
    const eps = pm.options.safety;
    assert.ok(Math.abs(total(res.perturbation) - (5 / 12 + eps / 1.2)) < 1e-6, `search distance ${total(res.perturbation)}`);
    assert.ok(Math.abs(res.perturbation.q[1] + 5 / 12) < 1e-4, `q2 = ${res.perturbation.q[1]}`);
    assert.ok(hasMargin(forward(passThrough, applyPerturbation(res.perturbation, images[0].pixels)).output, 0));
  });

  it("on a random network: every image passes the exact margin check and the distance ≤ the pattern start's", async () => {
    const net = seededNetwork(9, [10, 8, 8, 4]);
    const rnd = seededRandom(43);
    // Prototypes the network classifies with the margin, and for each the first noisy copy it does
    // not (an "adversarial example" labelled like its prototype).
    const prototypes = seededInputs(42, 60, 10).filter((x) => {
      const out = forward(net, x).output;
      return hasMargin(out, argmax(out));
    });
    const images: PerturbationImage[] = [];
    for (const [i, x] of prototypes.slice(0, 6).entries()) {
      const label = argmax(forward(net, x).output);
      let noisy = x;
      for (let tries = 0; tries < 100 && hasMargin(forward(net, noisy).output, label); tries++) noisy = x.map((v) => Math.min(1, Math.max(0, v + (rnd() * 2 - 1) * 0.5)));
      images.push({ pixels: x, label, id: `o${i}` }, { pixels: noisy, label, id: `n${i}`, prototype: x });
    }
    assert.equal(images.length, 12);
    assert.equal(images.filter((img) => !hasMargin(forward(net, img.pixels).output, img.label)).length, 6);
    const pm = buildPerturbationModel(net, images, { bounds: intervalBounds(net, DOMAIN), inputDomain: DOMAIN, distanceWeight: 0.001 });
    const ps = await patternStart(net, images, pm, solver, 10);
    assert.equal(ps.fixed.length, images.length);
    assert.ok(ps.perturbation !== null);
    const res = await minDistanceSearch(net, images, pm, solver, ps.perturbation, {
      lpTimeLimit: 10,
      budget: 40,
      neighbourhood: { radii: [1e-6, 0.1], timeLimit: 5, startValues: (p) => perturbationStart(net, images, pm, p) },
    });
    for (const img of images) assert.ok(hasMargin(forward(net, applyPerturbation(res.perturbation, img.pixels)).output, img.label), `${img.id} fails the margin`);
    assert.ok(meetsModelMargins(net, images, pm, res.perturbation));
    const before = total(ps.perturbation);
    const after = total(res.perturbation);
    assert.ok(after <= before + 1e-12, `search ${after} > pattern start ${before}`);
    assert.ok(after < before - 1e-3, `no progress: ${after} vs ${before}`);
    assert.equal(res.startDistance, before);
    // The point is a feasible MIP start with every t^h = 1 and objective |H| − w·distance.
    const check = checkSolution(pm.model, perturbationStart(net, images, pm, res.perturbation));
    assert.equal(check.feasible, true, JSON.stringify(check.violations.slice(0, 3)));
    assert.ok(Math.abs(check.objective - (images.length - 0.001 * after)) < 1e-9, `objective ${check.objective}`);
  });

  it("is the default start of the minimum-distance solve, which can only improve it", async () => {
    const images: PerturbationImage[] = [{ pixels: [0.1, 0.5], label: 0, id: "a", prototype: [0.9, -0.5] }];
    const opts = { bounds: intervalBounds(passThrough, DOMAIN), inputDomain: DOMAIN, distanceWeight: 0.001, timeLimit: 10 };
    const run = await solvePerturbation(passThrough, images, solver, opts);
    assert.ok(run.start !== null && run.start.kind === "search", `start ${JSON.stringify(run.start)}`);
    assert.ok(run.objective !== null && run.objective >= run.start.objective - 1e-9);
    assert.ok(Math.abs(run.start.objective - (1 - 0.001 * (5 / 12))) < 1e-6, `start objective ${run.start.objective}`);
    assert.deepEqual(run.verified, [true]);
    const old = await solvePerturbation(passThrough, images, solver, { ...opts, start: "pattern" });
    assert.ok(old.start !== null && old.start.kind !== "search");
  });

  it("refuses a model without distance term and a start that fails a margin", async () => {
    const images: PerturbationImage[] = [{ pixels: [0.1, 0.5], label: 0, id: "a" }];
    const bounds = intervalBounds(passThrough, DOMAIN);
    const plain = buildPerturbationModel(passThrough, images, { bounds, inputDomain: DOMAIN });
    assert.throws(() => regionModel(plain, [[]]), /distanceWeight/);
    const pm = buildPerturbationModel(passThrough, images, { bounds, inputDomain: DOMAIN, distanceWeight: 0.001 });
    await assert.rejects(minDistanceSearch(passThrough, images, pm, solver, identityPerturbation(2), { lpTimeLimit: 5 }), /does not meet/);
  });
});
