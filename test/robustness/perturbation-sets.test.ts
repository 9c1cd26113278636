import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DatasetEntry } from "../../src/robustness/dataset";
import {
  loadPerturbationFile,
  parsePerturbationFile,
  PERTURBATION_FORMAT,
  savePerturbationFile,
  schemeOf,
  type PerturbationFile,
} from "../../src/robustness/perturbation-io";
import { conditionalTrainingSet, generalTrainingSet } from "../../src/robustness/perturbation-sets";

/**
 * A training set shaped like the thesis': 5 sources per digit, each with all 9 targets. Every
 * entry has its own pixels (pixel 0 = source index, pixel 1 = 0 for the original, 1 + target for
 * an adversarial example), so a prototype can be traced to the entry it came from.
 */
function thesisShapedTrainSet(): DatasetEntry[] {
  const out: DatasetEntry[] = [];
  const pixels = (index: number, code: number): Float64Array => {
    const x = new Float64Array(784);
    x[0] = index;
    x[1] = code;
    return x;
  };
  for (let d = 0; d < 10; d++) {
    for (let s = 0; s < 5; s++) {
      const index = d * 100 + s;
      out.push({ kind: "original-correct", split: "train", index, label: d, pixels: pixels(index, 0) });
      for (let t = 0; t < 10; t++) if (t !== d) out.push({ kind: "adversarial", split: "train", index, label: d, target: t, pixels: pixels(index, 1 + t) });
    }
  }
  return out;
}

describe("perturbation training sets and files", () => {
  const train = thesisShapedTrainSet();

  it("GP: 20 adversarial (2 per source digit) + 10 originals (1 per digit), seeded", () => {
    const h = generalTrainingSet(train, { seed: 3 });
    assert.equal(h.length, 30);
    const adv = h.filter((x) => x.id.startsWith("adversarial"));
    const orig = h.filter((x) => x.id.startsWith("original"));
    assert.equal(adv.length, 20);
    assert.equal(orig.length, 10);
    for (let d = 0; d < 10; d++) {
      assert.equal(adv.filter((x) => x.label === d).length, 2);
      assert.equal(orig.filter((x) => x.label === d).length, 1);
    }
    assert.deepEqual(generalTrainingSet(train, { seed: 3 }).map((x) => x.id), h.map((x) => x.id));
    assert.notDeepEqual(generalTrainingSet(train, { seed: 4 }).map((x) => x.id), h.map((x) => x.id));
    // Adversarial examples carry their source original as the pattern-start prototype.
    assert.ok(adv.every((x) => x.prototype !== undefined) && orig.every((x) => x.prototype === undefined));
    for (const x of adv) {
      assert.deepEqual([x.prototype![0], x.prototype![1]], [x.pixels[0], 0], `${x.id}: the prototype is its own source original`);
      assert.notEqual(x.pixels[1], 0, `${x.id}: the image is the adversarial example itself`);
    }
  });

  it("CP for c: 18 adversarial with target c, two from each other source digit, + 5 originals of c", () => {
    for (const c of [0, 7]) {
      const h = conditionalTrainingSet(train, c);
      assert.equal(h.length, 23);
      const adv = h.slice(0, 18);
      assert.ok(adv.every((x) => x.id.startsWith("adversarial") && x.id.endsWith(`/${c}`)));
      for (let d = 0; d < 10; d++) assert.equal(adv.filter((x) => x.label === d).length, d === c ? 0 : 2);
      assert.ok(h.slice(18).every((x) => x.id.startsWith("original") && x.label === c));
    }
  });

  it("saves, validates and loads a perturbation file; rejects negative weights naming the field", () => {
    const file: PerturbationFile = {
      format: PERTURBATION_FORMAT,
      network: "dnn1",
      variant: "cp",
      scheme: "conditional",
      perturbations: [...Array(10).keys()].map((c) => ({
        predictedClass: c,
        p: [1, 0.5],
        q: [0, 0.25],
        trainingImages: ["a"],
        status: "optimal" as const,
        objective: 1,
        bound: 1,
        gap: 0,
        seconds: 1,
        nodes: 3,
        verified: 1,
      })),
      seconds: 2,
      settings: { bounds: "milp" },
      createdAt: "2026-01-01T00:00:00Z",
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "robust-pert-"));
    try {
      const f = path.join(dir, "x.json");
      savePerturbationFile(f, file);
      const back = loadPerturbationFile(f);
      const scheme = schemeOf(back);
      assert.equal(scheme.kind, "conditional");
      if (scheme.kind === "conditional") assert.equal(scheme.perClass[1].q[1], 0.25);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const [first, second, ...rest] = file.perturbations;
    const bad = { ...file, perturbations: [{ ...first, p: [-1, 1] }, second, ...rest] };
    assert.throws(() => parsePerturbationFile(bad, "x.json"), /x\.json: perturbations\[0\]\.p: weights p_j must be >= 0/);
    const short = { ...file, perturbations: [first, { ...second, q: [0] }, ...rest] };
    assert.throws(() => parsePerturbationFile(short, "x.json"), /perturbations\[1\]\.q: has 1 values, expected 2/);
    assert.throws(() => parsePerturbationFile({ ...file, perturbations: [first, second] }, "x.json"), /x\.json: perturbations: a conditional perturbation has 10 entries, got 2/);
    assert.throws(() => parsePerturbationFile({ ...file, scheme: "general" }, "x.json"), /x\.json: scheme: variant cp is conditional, got "general"/);
    assert.throws(() => parsePerturbationFile({ ...file, seconds: undefined }, "x.json"), /x\.json: seconds: expected a finite number/);
    assert.throws(() => parsePerturbationFile({ ...file, perturbations: [{ ...first, verified: "30" }, second, ...rest] }, "x.json"), /perturbations\[0\]\.verified: expected a finite number, got "30"/);
  });
});
