import { strict as assert } from "node:assert";
import { networkFigureMismatches, table4Rows, trainingRows } from "../../kernel-helpers/retraining-view";
import { loadNetwork } from "../../src/dnn/load";
import type { AccuracyBreakdown } from "../../src/robustness/evaluate";
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
});
