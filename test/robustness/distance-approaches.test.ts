import { strict as assert } from "node:assert";
import { forward } from "../../src/dnn/forward";
import { distanceApproaches } from "../../src/robustness/distance-approaches";
import { applyPerturbation } from "../../src/robustness/perturbation";
import { PERTURBATION_FORMAT, type PerturbationFile, type SavedPerturbation } from "../../src/robustness/perturbation-io";
import { tinyNetwork } from "./tiny-network";

describe("the approaches of Table 8's distance study", () => {
  const net = tinyNetwork("orig", 2, [{ kernel: [[1, -1], [2, 0.5]], bias: [0.1, 0], activation: "relu" }, { kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "linear" }]);
  const other = (name: string) => tinyNetwork(name, 2, [{ kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "linear" }]);
  const saved: SavedPerturbation = { p: [0.5, 2], q: [0.25, -0.1], trainingImages: [], status: "optimal", objective: 1, bound: 1, gap: 0, seconds: 1, nodes: 0, verified: 0 };
  const file = (scheme: "general" | "conditional"): PerturbationFile => ({
    format: PERTURBATION_FORMAT,
    network: "orig",
    variant: scheme === "general" ? "gp-min-distance" : "cp",
    scheme,
    perturbations: scheme === "general" ? [saved] : Array.from({ length: 10 }, (_, c) => ({ ...saved, predictedClass: c })),
    seconds: 1,
    settings: {},
    createdAt: "2026-11-26T00:00:00Z",
  });

  it("lists the original, the retrained networks present and the folded perturbation, in the table's order", () => {
    const a = distanceApproaches(net, { pgd: other("pgd"), cr: other("cr") }, file("general"));
    assert.deepEqual(a.map((x) => x.name), ["original", "cr", "pgd", "gp-min-distance"]);
    assert.equal(a[0].net, net);
    assert.equal(a[1].net.name, "cr");
  });

  it("folds the perturbation so that the network on x equals the original on p ⊙ x + q", () => {
    const folded = distanceApproaches(net, {}, file("general"))[1].net;
    for (const x of [[0, 0], [1, 0.3], [0.7, 1]]) {
      const want = forward(net, applyPerturbation({ p: Float64Array.from(saved.p), q: Float64Array.from(saved.q) }, x)).output;
      const got = forward(folded, x).output;
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `output ${i}: ${v} vs ${want[i]}`));
    }
  });

  it("leaves out a missing or non-general perturbation", () => {
    assert.deepEqual(distanceApproaches(net, {}, null).map((x) => x.name), ["original"]);
    assert.deepEqual(distanceApproaches(net, { "pr-mixed": other("p") }, file("conditional")).map((x) => x.name), ["original", "pr-mixed"]);
  });
});
