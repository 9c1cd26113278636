import { strict as assert } from "node:assert";
import { PERTURBATION_VARIANTS, type PerturbationVariant } from "../../src/robustness/perturbation-io";
import { thesisPerturbationRow } from "../../src/robustness/thesis-tables";

describe("the thesis' perturbation rows (Tables 5 and 7)", () => {
  it("finds a row for every variant, with the thesis' overall accuracy", () => {
    const overall = Object.fromEntries(PERTURBATION_VARIANTS.map((v) => [v, thesisPerturbationRow(v).overall]));
    assert.deepEqual(overall, { gp: 19.7, "gp-min-distance": 68.65, cp: 16.75, "only-weights": 18.6, "only-disturbances": 0 });
  });

  it("names an unknown variant", () => {
    assert.throws(() => thesisPerturbationRow("gp-max" as PerturbationVariant), /variant must be one of gp, .* got "gp-max"/);
  });
});
