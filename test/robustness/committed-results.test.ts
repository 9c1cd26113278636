import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { accuracyDifferences, breakdownDifferences, quotedFigureMismatches, readRobustnessResults } from "../../src/robustness/committed-results";
import { PROJECT_ROOT, RESULTS_DIR } from "../../src/paths";
import { loadNetwork } from "../../src/dnn/load";
import { readDataset } from "../../src/robustness/dataset";
import { accuracyBreakdown, networkClassifier, perturbedClassifier } from "../../src/robustness/evaluate";
import { loadPerturbationFile, perturbationPath, schemeOf } from "../../src/robustness/perturbation-io";

describe("the committed robustness results (results/robustness.json)", () => {
  const committed = path.join(RESULTS_DIR, "robustness.json");

  it("reads the committed file; its percentages and totals add up", () => {
    const r = readRobustnessResults(committed);
    assert.equal(r.network, "dnn1");
    const approaches = Object.keys(r.accuracy).sort();
    assert.deepEqual(approaches, ["cp", "cr", "gp", "gp-min-distance", "only-disturbances", "only-weights", "original", "pgd", "pr-adv", "pr-mixed"]);
    for (const k of approaches) {
      const a = r.accuracy[k];
      for (const part of [a.adversarial, a.originalCorrect, a.originalIncorrect, a.overall]) assert.ok(Math.abs(part.pct - (100 * part.correct) / part.total) < 1e-9, `${k}: pct`);
      assert.equal(a.overall.correct, a.adversarial.correct + a.originalCorrect.correct + a.originalIncorrect.correct, `${k}: overall correct`);
      assert.equal(a.overall.total, a.adversarial.total + a.originalCorrect.total + a.originalIncorrect.total, `${k}: overall total`);
      assert.equal(a.overall.total, r.testSet.images, `${k}: every test image`);
    }
    assert.ok(r.perturbations["gp-min-distance"].solves.length > 0);
  });

  it("re-scoring the committed networks and perturbations on the committed test set gives the committed accuracies", () => {
    const r = readRobustnessResults(committed);
    const test = readDataset(path.join(PROJECT_ROOT, "data", "adversarial", "dnn1-test.jsonl"));
    assert.equal(test.length, r.testSet.images);
    const net = loadNetwork("dnn1");
    const recomputed = [
      ["original", accuracyBreakdown(test, networkClassifier(net))] as const,
      ...(["cr", "pr-adv", "pr-mixed", "pgd"] as const).map((a) => [a, accuracyBreakdown(test, networkClassifier(loadNetwork(`dnn1-${a}`)))] as const),
      ...(["gp", "gp-min-distance", "cp", "only-weights", "only-disturbances"] as const).map(
        (v) => [v, accuracyBreakdown(test, perturbedClassifier(net, schemeOf(loadPerturbationFile(perturbationPath("dnn1", v)))))] as const,
      ),
    ];
    assert.deepEqual(accuracyDifferences(recomputed, r.accuracy), []);
  });

  it("names the first bad field of a damaged file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "robustness-json-"));
    const file = path.join(dir, "robustness.json");
    const good = JSON.parse(fs.readFileSync(committed, "utf8")) as Record<string, Record<string, unknown>>;
    fs.writeFileSync(file, JSON.stringify({ ...good, accuracy: { ...good.accuracy, cr: { overall: { correct: 1 } } } }));
    assert.throws(() => readRobustnessResults(file), /robustness\.json: accuracy\.cr\.adversarial must be \{ correct, total, pct \}/);
    fs.writeFileSync(file, JSON.stringify({ ...good, distance: 3 }));
    assert.throws(() => readRobustnessResults(file), /distance must be an object or null/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the parts whose counts differ", () => {
    const part = (correct: number, total = 10) => ({ correct, total, pct: (100 * correct) / total });
    const a = { adversarial: part(1), originalCorrect: part(2), originalIncorrect: part(3), overall: part(6, 30) };
    assert.deepEqual(breakdownDifferences(a, { ...a, originalIncorrect: part(4), overall: part(7, 30) }), ["originalIncorrect: 3/10 vs 4/10", "overall: 6/30 vs 7/30"]);
    assert.deepEqual(accuracyDifferences([["cr", a], ["pgd", a]], { cr: { ...a, adversarial: part(2) } }), ["cr adversarial: 1/10 vs 2/10", "pgd: not in the committed results"]);
  });

  it("holds quoted figures against the results at the printed precision", () => {
    const r = readRobustnessResults(committed);
    const cr = r.accuracy.cr.overall.pct;
    assert.deepEqual(quotedFigureMismatches(r, { "accuracy.cr.overall.pct": Number(cr.toFixed(2)) }), []);
    assert.deepEqual(quotedFigureMismatches(r, { "accuracy.cr.overall.pct": cr + 0.01 }), [`accuracy.cr.overall.pct: the text says ${(cr + 0.01).toFixed(2)}, the results ${cr.toFixed(2)}`]);
    assert.deepEqual(quotedFigureMismatches(r, { "accuracy.nope.overall.pct": 1 }), ["accuracy.nope.overall.pct: not a number in the results"]);
  });
});
