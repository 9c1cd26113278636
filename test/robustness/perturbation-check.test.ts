import { strict as assert } from "node:assert";
import { classify } from "../../src/dnn/forward";
import type { PerturbationImage } from "../../src/robustness/input-perturbation-milp";
import type { PerturbationRun } from "../../src/robustness/input-perturbation-solve";
import { identityPerturbation } from "../../src/robustness/perturbation";
import type { PerturbationFile } from "../../src/robustness/perturbation-io";
import { checkLivePerturbation, checkPerturbationAccuracies, checkPerturbationFile } from "../../src/robustness/perturbation-check";
import type { DatasetEntry } from "../../src/robustness/dataset";
import { accuracyBreakdown, perturbedClassifier } from "../../src/robustness/evaluate";
import { seededNetwork } from "../tools/seeded-network";

describe("notebook 06's closing perturbation checks", () => {
  const net = seededNetwork(3, [4, 6, 3]);
  const pixels = [[0.1, 0.9, 0.3, 0.5], [0.8, 0.2, 0.7, 0.0]];
  const H: PerturbationImage[] = pixels.map((x, i) => ({ pixels: x, label: classify(net, x), id: `h${i}` }));
  const run = (over: Partial<PerturbationRun> = {}): PerturbationRun => ({
    status: "optimal", objective: 2, bound: 2, gap: 0, nodes: 1, seconds: 0.1, startSeconds: 0, start: null, buildSeconds: 0,
    perturbation: identityPerturbation(4), t: [1, 1], verified: [true, true], correct: [true, true], inDomain: [true, true],
    size: { variables: 0, rows: 0, binaries: 0 }, solver: "test", ...over,
  });

  it("passes a run whose counted images the float64 forward pass confirms", () => {
    const c = checkLivePerturbation(net, H, "live gp", run());
    assert.deepEqual(c, { ok: true, line: "✓ live gp: 2/2 counted, all re-verified in float64 (optimal)" });
  });

  it("fails a counted image the perturbed network misclassifies, or that the margin check rejected", () => {
    const wrongLabel = [H[0], { ...H[1], label: (H[1].label + 1) % 3 }];
    const c = checkLivePerturbation(net, wrongLabel, "live gp", run());
    assert.equal(c.ok, false);
    assert.match(c.line, /counted but not re-verified in float64: h1$/);
    assert.equal(checkLivePerturbation(net, H, "live gp", run({ verified: [true, false] })).ok, false);
    assert.equal(checkLivePerturbation(net, wrongLabel, "live gp", run({ t: [1, 0] })).ok, true, "an image not counted is not held to its label");
    const outside = checkLivePerturbation(net, H, "live gp", run({ inDomain: [true, false] }));
    assert.equal(outside.ok, false);
    assert.match(outside.line, /perturbed outside the domain \(10f\), where the bounds do not hold: h1/);
  });

  it("fails no perturbation, nothing counted, p < 0, and a variant's fixed part that moved", () => {
    assert.match(checkLivePerturbation(net, H, "x", run({ perturbation: null })).line, /no perturbation found/);
    assert.match(checkLivePerturbation(net, H, "x", run({ t: [0, 0] })).line, /no image counted/);
    const p = identityPerturbation(4);
    const negative = { p: Float64Array.from(p.p, (v, j) => (j === 0 ? -0.1 : v)), q: p.q };
    assert.match(checkLivePerturbation(net, H, "x", run({ perturbation: negative, t: [0, 0] })).line, /p_j < 0/);
    const shifted = { p: p.p, q: Float64Array.from(p.q, (v, j) => (j === 2 ? 1e-3 : v)) };
    const scaled = { p: Float64Array.from(p.p, (v, j) => (j === 2 ? 1.5 : v)), q: p.q };
    assert.equal(checkLivePerturbation(net, H, "x", run({ perturbation: shifted, t: [0, 1] }), "only-weights").ok, false);
    assert.equal(checkLivePerturbation(net, H, "x", run({ perturbation: shifted, t: [0, 1] }), "both").ok, true);
    assert.equal(checkLivePerturbation(net, H, "x", run({ perturbation: scaled, t: [0, 1] }), "only-disturbances").ok, false);
  });

  it("checks a committed file's sizes against the network's inputs", () => {
    const file = { perturbations: [{ p: [1, 1, 1, 1], q: [0, 0, 0, 0] }] } as unknown as PerturbationFile;
    assert.equal(checkPerturbationFile(file, "committed gp", 4).ok, true);
    assert.match(checkPerturbationFile(file, "committed gp", 784).line, /perturbations\[0\] has 4 weights and 4 disturbances, expected 784/);
    const bad = (p: number[], q: number[]) => ({ perturbations: [{ p, q }] }) as unknown as PerturbationFile;
    assert.match(checkPerturbationFile(bad([1, -1, 1, 1], [0, 0, 0, 0]), "x", 4).line, /perturbations\[0\]\.p has a weight that is negative/);
    assert.match(checkPerturbationFile(bad([1, 1, 1, 1], [0, Number.NaN, 0, 0]), "x", 4).line, /perturbations\[0\]\.q has a disturbance that is not finite/);
    assert.match(checkPerturbationFile({ perturbations: [] } as unknown as PerturbationFile, "x", 4).line, /no perturbation/);
    // each variant's freedom: only-weights keeps q = 0, only-disturbances keeps p = 1
    const variant = (v: string, p: number[], q: number[]) => ({ variant: v, perturbations: [{ p, q }] }) as unknown as PerturbationFile;
    assert.equal(checkPerturbationFile(variant("only-weights", [2, 1, 0, 1], [0, 0, 0, 0]), "x", 4).ok, true);
    assert.match(checkPerturbationFile(variant("only-weights", [1, 1, 1, 1], [0, 0.1, 0, 0]), "x", 4).line, /only-weights with a disturbance q_j ≠ 0/);
    assert.equal(checkPerturbationFile(variant("only-disturbances", [1, 1, 1, 1], [0, 0.1, 0, 0]), "x", 4).ok, true);
    assert.match(checkPerturbationFile(variant("only-disturbances", [1, 2, 1, 1], [0, 0, 0, 0]), "x", 4).line, /only-disturbances with a weight p_j ≠ 1/);
    assert.equal(checkPerturbationFile(variant("gp", [1, 2, 1, 1], [0, 0.1, 0, 0]), "x", 4).ok, true, "the general perturbation is free in both");
  });

  it("recomputes the perturbations' accuracies and compares them with the committed ones, naming a difference", () => {
    const testSet: DatasetEntry[] = pixels.map((x, i) => ({ kind: i === 0 ? "adversarial" : "original-correct", split: "test", index: i, label: classify(net, x), pixels: Float64Array.from(x) }));
    const scheme = { kind: "general" as const, perturbation: identityPerturbation(4) };
    const acc = accuracyBreakdown(testSet, perturbedClassifier(net, scheme));
    assert.equal(acc.overall.correct, 2); // the identity leaves both images as the network reads them
    assert.ok(checkPerturbationAccuracies(net, testSet, [["gp", scheme]], { gp: acc }).ok);
    const off = checkPerturbationAccuracies(net, testSet, [["gp", scheme]], { gp: { ...acc, adversarial: { correct: 0, total: 1, pct: 0 } } });
    assert.ok(!off.ok);
    assert.match(off.line, /^✗ Tables 5 \/ 7 .*: gp /);
    assert.match(checkPerturbationAccuracies(net, testSet, [["cp", scheme]], { gp: acc }).line, /cp: not in the committed results/);
    assert.ok(!checkPerturbationAccuracies(net, [], [["gp", scheme]], { gp: acc }).ok);
  });
});
