import { strict as assert } from "node:assert";
import { forward } from "../../src/dnn/forward";
import {
  applyPerturbation,
  classifyWithPerturbation,
  foldPerturbation,
  identityPerturbation,
  perturbationDistance,
  type Perturbation,
} from "../../src/robustness/perturbation";
import { tinyNetwork } from "./tiny-network";

describe("perturbations (10b) and Figure 2", () => {
  const pert: Perturbation = { p: Float64Array.from([2, 0, 1]), q: Float64Array.from([0.5, -0.25, 0]) };

  it("applies x^0 = p ⊙ x̄ + q", () => {
    assert.deepEqual(Array.from(applyPerturbation(pert, [1, 3, 0.5])), [2.5, -0.25, 0.5]);
    assert.throws(() => applyPerturbation(pert, [1, 2]), /3 weights and 3 disturbances, the image 2 pixels/);
  });

  it("measures Σ|p − 1| and Σ|q|", () => {
    assert.deepEqual(perturbationDistance(pert), { weight: 2, disturbance: 0.75 });
    assert.deepEqual(perturbationDistance(identityPerturbation(5)), { weight: 0, disturbance: 0 });
  });

  // Outputs (relu(x1), relu(x2)): the class is the larger input.
  const net = tinyNetwork("pass", 2, [{ kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" }]);
  const swap: Perturbation = { p: Float64Array.from([0, 0]), q: Float64Array.from([0, 1]) }; // always class 1
  const keep = identityPerturbation(2);

  it("GP perturbs, then classifies", () => {
    const r = classifyWithPerturbation(net, { kind: "general", perturbation: swap }, [0.9, 0.1]);
    assert.equal(r.first, 0);
    assert.equal(r.predicted, 1);
  });

  it("CP classifies, perturbs with the perturbation of that class, classifies again", () => {
    const scheme = { kind: "conditional" as const, perClass: [swap, keep] };
    // First class 0 -> perturbation 0 (swap) -> class 1.
    assert.equal(classifyWithPerturbation(net, scheme, [0.9, 0.1]).predicted, 1);
    // First class 1 -> perturbation 1 (identity) -> class 1.
    assert.equal(classifyWithPerturbation(net, scheme, [0.1, 0.9]).predicted, 1);
    const other = { kind: "conditional" as const, perClass: [keep, swap] };
    assert.equal(classifyWithPerturbation(net, other, [0.9, 0.1]).predicted, 0);
  });

  it("folding the perturbation into layer 1 gives the same outputs as perturbing the input", () => {
    const w = (i: number, j: number, s: number): number => Math.sin(7 * i + 3 * j + s);
    const big = tinyNetwork("fold", 6, [
      { kernel: Array.from({ length: 6 }, (_, i) => Array.from({ length: 4 }, (_, j) => w(i, j, 0))), bias: [0.1, -0.2, 0.3, 0], activation: "relu" },
      { kernel: Array.from({ length: 4 }, (_, i) => Array.from({ length: 3 }, (_, j) => w(i, j, 1))), bias: [0, 0.1, -0.1], activation: "relu" },
    ]);
    const pq: Perturbation = { p: Float64Array.from([1, 0.5, 2, 0, 1.5, 1]), q: Float64Array.from([0.1, -0.2, 0, 0.3, 0, -0.05]) };
    const folded = foldPerturbation(big, pq);
    for (const x of Array.from({ length: 5 }, (_, h) => Array.from({ length: 6 }, (_, i) => (Math.cos(h * 6 + i) + 1) / 2))) {
      const a = forward(folded, x).output;
      const b = forward(big, applyPerturbation(pq, x)).output;
      a.forEach((v, j) => assert.ok(Math.abs(v - b[j]) < 1e-12));
    }
  });
});
