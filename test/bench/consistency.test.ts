import { strict as assert } from "node:assert";
import { checkAgainstOptimum, checkConsistency, consistencyMarkdown } from "../../src/bench/consistency";
import type { BenchMethod, BenchRow, BenchTable } from "../../src/bench/row";

function row(table: BenchTable, method: BenchMethod, index: number, fields: Partial<BenchRow>): BenchRow {
  return {
    table, model: "dnn2", method, index, label: 7, target: 2, status: "optimal", l1: 2, bound: 2, gap: 0, nodes: 0, seconds: 1,
    presolveSeconds: 0, adversarial: [0.5], outputs: null, verified: true, timeLimit: 300, relativeGap: table === 2 ? 0 : 0.01,
    solver: "highs-js test", cores: 2, finishedAt: "2026-11-25T00:00:00Z", ...fields,
  };
}

/** Image 0: all agree (optimum 2, a time-limited row with incumbent 2.5 and bound 1.5, a Table 3 row at 2.01). */
const agreeing: BenchRow[] = [
  row(2, "base", 0, {}),
  row(2, "improved", 0, { l1: 2 + 1e-7, bound: 2 }),
  row(2, "weak", 0, { status: "time-limit", l1: 2.5, bound: 1.5, gap: 0.4 }),
  row(3, "base", 0, { l1: 2.01, bound: 1.999 }),
  row(2, "best", 0, { status: "error", l1: null, bound: 99, gap: null, verified: null, adversarial: null }),
];

describe("cross-method consistency of the results", () => {
  it("accepts rows that agree, ignoring error rows and images with one row", () => {
    const report = checkConsistency([...agreeing, row(2, "base", 1, { l1: 7, bound: 7 })]);
    assert.equal(report.imagesCompared, 1);
    assert.equal(report.imagesWithOptimum, 1);
    assert.deepEqual(report.inconsistencies, []);
    assert.match(consistencyMarkdown(report), /1 images have rows of several methods[\s\S]*✓ No disagreement/);
  });

  it("flags two Table 2 optima that differ", () => {
    const report = checkConsistency([...agreeing, row(2, "shrink", 0, { l1: 2.1, bound: 2.1 })]);
    assert.deepEqual(report.inconsistencies.map((x) => x.kind), ["optima differ", "bound above an example"]);
    assert.match(report.inconsistencies[0].detail, /T2\/base 2 vs T2\/shrink 2\.1/);
  });

  it("flags a proven bound above a verified example, even without an optimum", () => {
    const rows = [
      row(2, "base", 5, { status: "time-limit", l1: 3, bound: 1, gap: 0.67 }),
      row(3, "weak", 5, { status: "time-limit", l1: 4, bound: 3.5, gap: 0.125 }),
    ];
    const report = checkConsistency(rows);
    assert.equal(report.imagesWithOptimum, 0);
    assert.deepEqual(report.inconsistencies.map((x) => `${x.index} ${x.kind}`), ["5 bound above an example"]);
    assert.match(consistencyMarkdown(report), /✗ 1 disagreements[\s\S]*DNN2 image 5: bound above an example: T3\/weak bound 3\.5 > T2\/base L1 3/);
  });

  it("does not count an unverified example against a bound", () => {
    const rows = [row(2, "base", 5, { status: "time-limit", l1: 3, bound: 1, verified: false }), row(3, "weak", 5, { status: "time-limit", l1: 4, bound: 3.5 })];
    assert.deepEqual(checkConsistency(rows).inconsistencies, []);
  });

  it("checks every row on its own: an optimal row's bound within its gap, no bound above its example", () => {
    const lone = [
      row(2, "base", 7, { l1: 3, bound: 2.9, gap: 0.033 }), // "optimal" in Table 2 with a 3.3 % gap
      row(3, "weak", 8, { l1: 3, bound: 2.95 }), // 1.7 % > Table 3's 1 %
      row(3, "base", 9, { l1: 3, bound: 2.98 }), // 0.67 %: fine
      row(2, "improved", 10, { status: "time-limit", l1: 3, bound: 3.2, gap: null }), // its bound above its own example
      row(2, "weak", 11, { status: "time-limit", l1: 3, bound: 2 }), // a time limit may stop at any gap
    ];
    const report = checkConsistency(lone);
    assert.equal(report.rowsChecked, 5);
    assert.equal(report.imagesCompared, 0);
    assert.deepEqual(report.inconsistencies.map((x) => `${x.index} ${x.kind}`), [
      "7 optimal row outside its own gap",
      "8 optimal row outside its own gap",
      "10 bound above an example",
    ]);
    assert.match(report.inconsistencies[0].detail, /T2\/base L1 3, bound 2\.9: gap 3\.33e-2 > 0/);
    assert.match(consistencyMarkdown(report), /Each of the 5 rows is also checked on its own/);
  });

  it("flags a Table 3 row outside its 1 % gap of the Table 2 optimum", () => {
    const report = checkConsistency([...agreeing, row(3, "improved", 0, { l1: 2.05, bound: null, gap: null })]);
    assert.deepEqual(report.inconsistencies.map((x) => x.kind), ["Table 3 row outside its gap"]);
  });

  describe("against an independently proven optimum (notebook 04's live re-solve)", () => {
    const kinds = (optimum: number, rows: readonly BenchRow[] = agreeing): string[] =>
      checkAgainstOptimum(rows, "dnn2", 0, optimum).inconsistencies.map((x) => `${x.kind}: ${x.detail}`);

    it("accepts the rows of image 0 at their optimum 2, and counts them without the error row", () => {
      assert.deepEqual(kinds(2), []);
      assert.equal(checkAgainstOptimum(agreeing, "dnn2", 0, 2).rowsCompared, 4);
      assert.equal(checkAgainstOptimum(agreeing, "dnn2", 7, 2).rowsCompared, 0);
    });

    it("flags Table 2 optima and examples below a higher optimum", () => {
      assert.deepEqual(kinds(2.05), [
        "optima differ: T2/base 2 vs the optimum 2.05",
        "optima differ: T2/improved 2.0000001 vs the optimum 2.05",
        "bound above an example: the optimum 2.05 > T3/base L1 2.01",
      ]);
    });

    it("flags bounds above a lower optimum and a Table 3 row outside its gap of it", () => {
      assert.deepEqual(kinds(1.9), [
        "optima differ: T2/base 2 vs the optimum 1.9",
        "bound above an example: T2/base bound 2 > the optimum 1.9",
        "optima differ: T2/improved 2.0000001 vs the optimum 1.9",
        "bound above an example: T2/improved bound 2 > the optimum 1.9",
        "bound above an example: T3/base bound 1.999 > the optimum 1.9",
        "Table 3 row outside its gap: T3/base L1 2.01 > the optimum 1.9 / 0.99",
      ]);
    });

    it("ignores an unverified example", () => {
      assert.deepEqual(kinds(2, [row(2, "base", 0, { status: "time-limit", l1: 1, bound: 0.5, verified: false })]), []);
    });
  });
});
