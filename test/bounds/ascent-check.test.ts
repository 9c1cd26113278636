import { strict as assert } from "node:assert";
import { ascendPreActivations, ascentSlack, ascentViolations } from "../../src/bounds/ascent-check";
import { computeBounds } from "../../src/bounds";
import { intervalBounds } from "../../src/bounds/interval";
import { forward } from "../../src/dnn/forward";
import { HighsSolver } from "../../src/solver/highs";
import { seededInputs, seededNetwork } from "../tools/seeded-network";

describe("gradient-ascent probe of pre-activation bounds", function () {
  this.timeout(60_000);
  const net = seededNetwork(41, [12, 8, 8, 6]);
  const domain = { lower: 0, upper: 1 };
  const starts = seededInputs(42, 6, 12);
  let exact: Awaited<ReturnType<typeof computeBounds>>;
  let ascent: ReturnType<typeof ascendPreActivations>;
  before(async () => {
    exact = await computeBounds(net, { method: "milp", solver: await HighsSolver.create(), inputDomain: domain, skipStable: false });
    ascent = ascendPreActivations(net, domain, { starts });
  });

  it("never passes exact (MILP) bounds, reaches close to them, and goes beyond every sample", () => {
    assert.ok(exact.layers.every((l) => l.source?.every((s) => s === "optimal" || s === "interval")), "the bounds are proven optima");
    assert.deepEqual(ascentViolations(exact.layers, ascent, 1e-7), []);
    // the ascent is a real search: it reaches the exact maximum of most neurons, and at least the samples' extremes
    let near = 0;
    let total = 0;
    exact.layers.forEach((l, k) => l.upper.forEach((u, j) => {
      const width = u - l.lower[j];
      total += 2;
      if (ascent.highest[k][j] >= u - 0.01 * width) near++;
      if (ascent.lowest[k][j] <= l.lower[j] + 0.01 * width) near++;
      for (const x of starts) {
        const v = forward(net, x).preActivations[k][j];
        assert.ok(ascent.highest[k][j] >= v && ascent.lowest[k][j] <= v);
      }
    }));
    assert.ok(near >= 0.8 * total, `${near} of ${total} bounds reached within 1 % of their width`);
    // the slack summarises it: small for the exact bounds, larger for interval arithmetic's
    const slack = ascentSlack(exact.layers, ascent);
    assert.ok(slack >= 0 && slack < 0.02, `slack ${slack}`);
    assert.ok(ascentSlack(intervalBounds(net, domain), ascent) > 5 * slack);
    assert.equal(ascentSlack([{ lower: [0, 1], upper: [2, 1] }], { highest: [Float64Array.of(1.5, 1)], lowest: [Float64Array.of(0.5, 1)] }), 0.25);
  });

  it("catches bounds 5 % of their width too tight, which 2,000 random samples all miss", () => {
    // tighten the last layer's upper bounds by 5 % of the width: none of them is sound any more
    const k = exact.layers.length - 1;
    const wrong = exact.layers.map((l, i) => (i !== k ? l : { lower: l.lower, upper: l.upper.map((u, j) => u - 0.05 * (u - l.lower[j])) }));
    const found = ascentViolations(wrong, ascent).filter((v) => v.layer === k + 1 && v.side === "upper");
    assert.equal(found.length, exact.layers[k].upper.length, "every wrong bound is caught");
    const sampled = seededInputs(43, 2000, 12).filter((x) => forward(net, x).preActivations[k].some((v, j) => v > wrong[k].upper[j])).length;
    assert.equal(sampled, 0, "random samples pass none of them");
    // a ball whose centre lies outside the domain would search outside it: refused, naming the pixel
    assert.throws(() => ascendPreActivations(net, domain, { starts, ball: { center: starts[0].map((v, j) => (j === 3 ? 1.5 : v)), radius: 0.2 } }), /ascent ball: center\[3\] = 1\.5 lies outside the domain \[0, 1\]/);
  });
});
