import { strict as assert } from "node:assert";
import { OPTIMUM_TOLERANCE, optimumSlack, sameOptimum } from "../../src/adversarial/optimum";
import { CONSISTENCY_TOLERANCE } from "../../src/bench/consistency";

describe("sameOptimum (one rule for 'the same minimal L1' across the study, notebook 03 and notebook 07)", () => {
  it("accepts differences up to 1e-5 · (1 + |b|) and nothing beyond", () => {
    assert.equal(OPTIMUM_TOLERANCE, 1e-5);
    assert.equal(CONSISTENCY_TOLERANCE, OPTIMUM_TOLERANCE);
    assert.equal(optimumSlack(3), 4e-5);
    assert.ok(sameOptimum(3 + 3.9e-5, 3) && sameOptimum(3 - 3.9e-5, 3));
    assert.ok(!sameOptimum(3 + 4.1e-5, 3) && !sameOptimum(3 - 4.1e-5, 3));
    assert.ok(sameOptimum(0, 9e-6) && !sameOptimum(0, 1.1e-5));
    assert.ok(!sameOptimum(2.01, 2, 1e-3) && sameOptimum(2.002, 2, 1e-3));
  });
});
