import { strict as assert } from "node:assert";
import { classify } from "../../src/dnn/forward";
import { loadNetwork } from "../../src/dnn/load";
import type { DatasetEntry } from "../../src/robustness/dataset";
import type { AccuracyBreakdown } from "../../src/robustness/evaluate";
import { checkRetraining } from "../../src/robustness/retraining-check";

const part = (correct: number, total: number) => ({ correct, total, pct: (100 * correct) / total });
const acc = (adv: number, corr: number, inc: number): AccuracyBreakdown => ({
  adversarial: part(adv, 900), originalCorrect: part(corr, 900), originalIncorrect: part(inc, 200), overall: part(adv + corr + inc, 2000),
});

describe("notebook 05's closing check (checkRetraining)", () => {
  const dnn1 = loadNetwork("dnn1");
  // an "adversarial example" whose target is what DNN1 predicts on it, and one whose target is not
  const pixels = new Float64Array(784).fill(0.2);
  const predicted = classify(dnn1, pixels);
  const good: DatasetEntry = { kind: "adversarial", split: "test", index: 0, label: (predicted + 1) % 10, target: predicted, pixels };
  const bad: DatasetEntry = { ...good, target: (predicted + 2) % 10 };
  const table4 = [
    { key: "original", acc: acc(0, 900, 0) },
    { key: "cr", acc: acc(811, 872, 61) },
    { key: "pr-adv", acc: acc(641, 866, 31) },
    { key: "pr-mixed", acc: acc(649, 867, 28) },
  ];
  const committed = Object.fromEntries(table4.map((a) => [a.key, a.acc]));

  it("passes on consistent data and says what it held", () => {
    const r = checkRetraining(dnn1, [good], table4, committed);
    assert.equal(r.failures, 0, r.lines.join("\n"));
    assert.equal(r.lines.length, 4);
    assert.match(r.lines[3], /^✓ CR repairs 90\.11 % .* best overall: CR 87\.20 %, pr-adv 76\.90 %, pr-mixed 77\.20 %/);
  });

  it("fails on an example DNN1 does not send to its target, a DNN1 off its construction, a recomputed table that differs, and CR not best", () => {
    assert.equal(checkRetraining(dnn1, [good, bad], table4, committed).failures, 1);
    assert.equal(checkRetraining(dnn1, [], table4, committed).failures, 1, "no adversarial example at all is a failure");
    const offDnn1 = table4.map((a) => (a.key === "original" ? { ...a, acc: acc(1, 900, 0) } : a));
    assert.equal(checkRetraining(dnn1, [good], offDnn1, committed).failures, 2, "DNN1 not at 0/100/0, and then not equal to the committed table");
    const prBest = table4.map((a) => (a.key === "pr-mixed" ? { ...a, acc: acc(850, 880, 61) } : a));
    const r = checkRetraining(dnn1, [good], prBest, Object.fromEntries(prBest.map((a) => [a.key, a.acc])));
    assert.equal(r.failures, 1);
    assert.match(r.lines[3], /^✗ CR repairs/);
  });

  it("neither passes nor fails what does not exist yet", () => {
    const r = checkRetraining(dnn1, [good], table4.slice(0, 1), null);
    assert.equal(r.failures, 0);
    assert.deepEqual(r.lines.slice(2).map((l) => l[0]), ["–", "–"]);
  });
});
