import { strict as assert } from "node:assert";
import { table4Rows } from "../../kernel-helpers/retraining-view";
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
});
