import { strict as assert } from "node:assert";
import { intervalText } from "../../src/bench/report";
import { mcnemarExactP, wilsonInterval } from "../../src/bench/statistics";

describe("statistics of the study's reports", () => {
  it("gives the Wilson 95 % interval of a solved share", () => {
    // reference values: Wilson (1927) score interval, z = 1.96
    assert.deepEqual(wilsonInterval(25, 25).map((v) => Number(v.toFixed(2))), [86.68, 100]);
    assert.deepEqual(wilsonInterval(0, 10).map((v) => Number(v.toFixed(2))), [0, 27.75]);
    assert.deepEqual(wilsonInterval(0, 0).map(Number.isNaN), [true, true]);
    assert.equal(intervalText(wilsonInterval(16, 25)), "44.5-79.8");
    assert.equal(intervalText([Number.NaN, Number.NaN]), "–");
  });

  it("gives McNemar's exact p of a paired comparison (reference values)", () => {
    assert.equal(mcnemarExactP({ first: 0, second: 0 }), 1);
    assert.equal(mcnemarExactP({ first: 2, second: 0 }), 0.5);
    assert.equal(mcnemarExactP({ first: 6, second: 0 }), 0.03125); // 2 / 2^6
    assert.equal(mcnemarExactP({ first: 2, second: 10 }), (2 * (1 + 12 + 66)) / 4096); // 2 · P(Bin(12, ½) ≤ 2)
    assert.equal(mcnemarExactP({ first: 3, second: 3 }), 1);
  });
});
