import { strict as assert } from "node:assert";
import { CORE_METHODS, CORE_PLANS, parseCoreMethods } from "../../src/best/core-methods";

describe("core benchmark methods (npm run bench:core)", () => {
  it("parses a method list and names an unknown method", () => {
    assert.deepEqual(parseCoreMethods("base, best"), ["base", "best"]);
    assert.throws(() => parseCoreMethods("base,fastest"), /unknown method "fastest"/);
  });

  it("has a plan for every method; only the best variants use an incumbent, base is the thesis model", () => {
    for (const m of CORE_METHODS) assert.ok(CORE_PLANS[m].description.length > 0);
    assert.deepEqual(
      CORE_METHODS.filter((m) => CORE_PLANS[m].incumbent),
      CORE_METHODS.filter((m) => m.startsWith("best")),
    );
    assert.equal(CORE_PLANS.base.bounds, "interval");
    assert.equal(CORE_PLANS.base.eliminateStable, false);
  });

  it("keeps best-shrink untightened; its tightened variants are shrink methods with a tightening", () => {
    assert.equal(CORE_PLANS["best-shrink"].tighten ?? "none", "none");
    assert.equal(CORE_PLANS["best-shrink"].shrinkShare, undefined);
    assert.equal(CORE_PLANS["best-shrink-lp"].tighten, "lp");
    assert.equal(CORE_PLANS["best-shrink-milp"].tighten, "milp");
    for (const m of ["best-shrink-lp", "best-shrink-milp", "best-shrink-probe"] as const) assert.equal(CORE_PLANS[m].shrink, true);
  });
});
