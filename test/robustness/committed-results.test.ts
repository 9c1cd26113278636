import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { accuracyDifferences, breakdownDifferences, quotedFigureMismatches, readRobustnessResults } from "../../src/robustness/committed-results";
import { RESULTS_DIR } from "../../src/paths";

describe("the committed robustness results (results/robustness.json)", () => {
  const committed = path.join(RESULTS_DIR, "robustness.json");

  it("reads the committed file with every field it declares", () => {
    const r = readRobustnessResults(committed);
    assert.equal(r.network, "dnn1");
    assert.equal(r.accuracy.original.overall.total, r.testSet.images);
    assert.deepEqual(breakdownDifferences(r.accuracy.cr, r.accuracy.cr), []);
    assert.ok(r.perturbations["gp-min-distance"].solves.length > 0);
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
