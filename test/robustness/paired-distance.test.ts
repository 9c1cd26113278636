import { strict as assert } from "node:assert";
import { pairedDistanceDifferences } from "../../src/robustness/paired-distance";
import type { AttackRecord } from "../../src/robustness/evaluate";

const rec = (image: string, l1: number | null, status = "optimal"): AttackRecord => ({ image, status, l1, gap: 0, nodes: 0, seconds: 0 });

describe("paired differences of the adversarial distance (Table 8's spread)", () => {
  const records = {
    original: [rec("a", 1), rec("b", 2), rec("c", 3), rec("d", 4), rec("e", 5, "time-limit")],
    cr: [rec("a", 2), rec("b", 2), rec("c", 5), rec("d", 4), rec("e", 9)],
  };

  it("compares image by image on the images both proved, with sd, se, interval and relative change", () => {
    // differences on a-d: 1, 0, 2, 0 → mean 0.75, sd √(((.25)²+(.75)²+(1.25)²+(.75)²)/3) = √(2.75/3)
    const [d] = pairedDistanceDifferences(records, [["cr", "original"]]);
    assert.equal(d.n, 4, "image e is not proven for the original");
    assert.equal(d.meanDifference, 0.75);
    assert.ok(Math.abs(d.sd - Math.sqrt(2.75 / 3)) < 1e-12);
    assert.ok(Math.abs(d.se - Math.sqrt(2.75 / 3) / 2) < 1e-12);
    assert.ok(Math.abs(d.ci95[0] - (0.75 - 1.96 * d.se)) < 1e-12 && Math.abs(d.ci95[1] - (0.75 + 1.96 * d.se)) < 1e-12);
    assert.equal(d.relative, 0.75 / 2.5);
  });

  it("names an approach without records", () => {
    assert.throws(() => pairedDistanceDifferences(records, [["pgd", "original"]]), /no records for approach "pgd" \(have: original, cr\)/);
  });
});
