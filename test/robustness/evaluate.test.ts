import { strict as assert } from "node:assert";
import type { DatasetEntry, DatasetKind } from "../../src/robustness/dataset";
import {
  accuracyBreakdown,
  accuracyTable,
  commonImages,
  distanceTable,
  perturbationFigureCells,
  perturbedClassifier,
  schemeDistance,
  summarizeAttacks,
} from "../../src/robustness/evaluate";
import { THESIS_TABLE4, THESIS_TABLE8, thesisPerturbationRow } from "../../src/robustness/thesis-tables";
import { tinyNetwork } from "./tiny-network";

/** An entry whose first pixel encodes the class the fake classifier returns. */
function e(kind: DatasetKind, label: number, predicted: number): DatasetEntry {
  const pixels = new Float64Array(784);
  pixels[0] = predicted / 10;
  return { kind, split: "test", index: 0, label, ...(kind === "adversarial" ? { target: (label + 1) % 10 } : {}), pixels };
}
const fake = (pixels: Float64Array): number => Math.round(pixels[0] * 10);

describe("robustness evaluation arithmetic", () => {
  it("splits accuracy by kind and computes overall over all images", () => {
    const set = [
      e("adversarial", 1, 1),
      e("adversarial", 2, 3),
      e("adversarial", 3, 4),
      e("adversarial", 4, 4),
      e("original-correct", 5, 5),
      e("original-correct", 6, 6),
      e("original-correct", 7, 0),
      e("original-incorrect", 8, 2),
      e("original-incorrect", 9, 9),
      e("original-incorrect", 0, 1),
    ];
    const a = accuracyBreakdown(set, fake);
    assert.deepEqual(a.adversarial, { correct: 2, total: 4, pct: 50 });
    assert.equal(a.originalCorrect.correct, 2);
    assert.ok(Math.abs(a.originalCorrect.pct - 200 / 3) < 1e-12);
    assert.ok(Math.abs(a.originalIncorrect.pct - 100 / 3) < 1e-12);
    assert.deepEqual(a.overall, { correct: 5, total: 10, pct: 50 });
  });

  it("reproduces the thesis' Original DNN row of Table 6: 0/900, 900/900, 0/200 -> 45 % overall", () => {
    const set = [
      ...Array.from({ length: 900 }, () => e("adversarial", 1, 2)),
      ...Array.from({ length: 900 }, () => e("original-correct", 3, 3)),
      ...Array.from({ length: 200 }, () => e("original-incorrect", 4, 5)),
    ];
    const a = accuracyBreakdown(set, fake);
    assert.equal(a.overall.pct, 45);
    assert.equal(a.originalCorrect.pct, 100);
  });

  it("averages Σ|p − 1| and Σ|q| over the perturbations of a CP", () => {
    const p1 = { p: Float64Array.from([1, 2]), q: Float64Array.from([0, 0.5]) };
    const p2 = { p: Float64Array.from([0, 1]), q: Float64Array.from([-1, 0.5]) };
    assert.deepEqual(schemeDistance({ kind: "general", perturbation: p1 }), { weight: 1, disturbance: 0.5 });
    assert.deepEqual(schemeDistance({ kind: "conditional", perClass: [p1, p2] }), { weight: 1, disturbance: 1 });
  });

  it("classifies through a perturbation", () => {
    const net = tinyNetwork("pass", 2, [{ kernel: [[1, 0], [0, 1]], bias: [0, 0], activation: "relu" }]);
    const c = perturbedClassifier(net, { kind: "general", perturbation: { p: Float64Array.from([1, 0]), q: Float64Array.from([0, 0.5]) } });
    assert.equal(c(Float64Array.from([0.2, 0.9])), 1); // (0.2, 0.5)
    assert.equal(c(Float64Array.from([0.7, 0.0])), 0); // (0.7, 0.5)
  });

  it("summarizes attacks as Table 8: solved %, mean gap, nodes, time, mean optimal L1", () => {
    const s = summarizeAttacks([
      { image: "a", status: "optimal", l1: 2, gap: 0, nodes: 10, seconds: 1 },
      { image: "b", status: "optimal", l1: 3, gap: 0, nodes: 20, seconds: 2 },
      { image: "c", status: "time-limit", l1: 9, gap: 0.5, nodes: 30, seconds: 3 },
      { image: "d", status: "time-limit", l1: null, gap: null, nodes: 40, seconds: 6 },
    ]);
    assert.equal(s.solvedPct, 50);
    assert.equal(s.gapPct, 37.5);
    assert.equal(s.nodes, 25);
    assert.equal(s.seconds, 3);
    assert.equal(s.distance, 2.5);
    assert.deepEqual(commonImages([["a", "b", "c"], ["c", "a"], ["a", "c", "d"]]), ["a", "c"]);
  });

  it("prints ours beside the thesis' figures", () => {
    const acc = accuracyBreakdown([e("adversarial", 1, 1), e("original-correct", 2, 2)], fake);
    const md = accuracyTable([{ approach: "Complete Retraining", accuracy: acc }], THESIS_TABLE4);
    assert.match(md, /\| Complete Retraining \| 100\.00 \(90\.78\) \| 100\.00 \(96\.67\) \| – \(33\.50\) \| 100\.00 \(87\.70\) \|/);
    const d = distanceTable([{ approach: "Original DNN", summary: summarizeAttacks([{ image: "a", status: "optimal", l1: 2, gap: 0, nodes: 5, seconds: 1 }]) }], THESIS_TABLE8);
    assert.match(d, /\| Original DNN \| 100 \(100\) \| 0\.00 \(0\.00\) \| 5 \(888\) \| 1\.00 \(0\.66\) \| 2\.00 \(2\.04\) \|/);
  });

  it("prints the time and distances of Tables 5 and 7 beside the thesis' too", () => {
    const ours = { seconds: 2.881, weight: 573.0379, disturbance: 744.954 };
    assert.deepEqual(perturbationFigureCells(ours, thesisPerturbationRow("gp")), ["2.88 (273.92)", "573.04 (8.54×10^10)", "744.95 (1.68×10^12)"]);
    assert.deepEqual(perturbationFigureCells({ seconds: 60.04, weight: 0, disturbance: 489.72 }, thesisPerturbationRow("only-disturbances")), ["60.04 (43202.67)", "0.00 (0.00)", "489.72 (1.68×10^12)"]);
    assert.deepEqual(perturbationFigureCells(ours), ["2.88", "573.04", "744.95"], "no thesis row: ours alone");
  });
});
