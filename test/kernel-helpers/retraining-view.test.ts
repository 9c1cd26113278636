import { strict as assert } from "node:assert";
import { l1DistributionRows, l1FigureMismatches, networkFigureMismatches, table4Rows, trainingRows } from "../../kernel-helpers/retraining-view";
import type { DatasetEntry } from "../../src/robustness/dataset";
import { loadNetwork } from "../../src/dnn/load";
import type { AccuracyBreakdown } from "../../src/robustness/evaluate";
import { adversarialL1Distribution } from "../../src/robustness/l1-distribution";
import { THESIS_TABLE4 } from "../../src/robustness/thesis-tables";

const part = (correct: number, total: number) => ({ correct, total, pct: (100 * correct) / total });

describe("kernel-helpers/retraining-view (Table 4)", () => {
  it("writes each accuracy as ours (thesis), and ours alone beyond the thesis", () => {
    const acc: AccuracyBreakdown = { adversarial: part(811, 900), originalCorrect: part(872, 900), originalIncorrect: part(61, 200), overall: part(1744, 2000) };
    const [cr, pgd] = table4Rows([{ name: "Complete Retraining", acc, thesis: THESIS_TABLE4[0] }, { name: "PGD", acc }]);
    assert.deepEqual(cr, { approach: "Complete Retraining", "adv. examples (%)": "90.11 (90.78)", "original correct (%)": "96.89 (96.67)", "original incorrect (%)": "30.50 (33.50)", "overall (%)": "87.20 (87.70)", images: 2000 });
    assert.equal(pgd["overall (%)"], "87.20");
  });

  it("shows how each shipped network was trained, and holds quoted figures against its file", () => {
    const nets = [loadNetwork("dnn1"), loadNetwork("dnn1-pr-adv")];
    const [d1, pr] = trainingRows(nets);
    assert.equal(d1["starts from"], "random weights");
    assert.equal(d1["training images"], 60000);
    assert.equal(pr["starts from"], "dnn1");
    assert.equal(pr["training images"], nets[1].training.trainingExamples);
    assert.equal(pr["MNIST test acc. (%)"], 100 * nets[1].metrics.testAccuracy);
    const right = Number((100 * nets[1].metrics.testAccuracy).toFixed(2));
    assert.deepEqual(networkFigureMismatches(nets, { "dnn1-pr-adv": { testAccuracy: right, batchSize: nets[1].training.batchSize } }), []);
    assert.deepEqual(networkFigureMismatches(nets, { "dnn1-pr-adv": { testAccuracy: right + 0.01, epochs: 99 }, "dnn1-cr": {} }), [
      `dnn1-pr-adv: test accuracy ${right} %, the text says ${right + 0.01} %`,
      `dnn1-pr-adv: ${nets[1].training.epochs} epochs, the text says 99`,
      "dnn1-cr: not among the loaded networks",
    ]);
  });

  it("shows a data set's L1 quantiles and its largest entry, and holds quoted L1 figures against them", () => {
    const adv = (index: number, l1: number): DatasetEntry => ({ kind: "adversarial", split: "train", index, label: 6, target: 5, pixels: new Float64Array(784), l1 });
    const dist = adversarialL1Distribution([adv(1, 1), adv(2291, 350.2371), adv(3, 3)], { probabilities: [0.1, 0.5], threshold: 15 });
    assert.deepEqual(l1DistributionRows([{ name: "train", dist }]), [
      { "data set": "train", examples: 3, mean: dist.mean, min: 1, q10: 1.4, median: 3, max: 350.2371, "L1 > 15": 1, largest: "train 2291: 6 → 5" },
    ]);
    assert.deepEqual(l1FigureMismatches(dist, "train", { median: 3, max: 350.24, largestIndex: 2291, above: 1 }), []);
    assert.deepEqual(l1FigureMismatches(dist, "train", { mean: 1, largestIndex: 7, above: 0 }), [
      `train: mean ${Number(dist.mean.toFixed(2))}, the text says 1`,
      "train: largest entry's index 2291, the text says 7",
      "train: count above 15 1, the text says 0",
    ]);
  });
});
