import { strict as assert } from "node:assert";
import { findingRows, findingSentences } from "../../src/bench/thesis-findings";
import type { BenchMethod, BenchRow, BenchStatus } from "../../src/bench/row";

function row(model: string, method: BenchMethod, index: number, status: BenchStatus): BenchRow {
  return {
    table: 2, model, method, index, label: 7, target: 2, status, l1: 2, bound: 2, gap: 0, nodes: 0, seconds: 0, presolveSeconds: 0,
    adversarial: null, outputs: null, verified: null, timeLimit: 300, relativeGap: 0, solver: "highs-js test", cores: 2, finishedAt: "2026-11-26T00:00:00Z",
  };
}

describe("thesis findings (do Table 2/3's readings hold on our rows?)", () => {
  // dnn4: images 0-3 for all methods, image 4 only for base (left out: not common), image 5 weak is an error (left out).
  const rows: BenchRow[] = [
    row("dnn4", "base", 0, "optimal"), row("dnn4", "base", 1, "time-limit"), row("dnn4", "base", 2, "time-limit"), row("dnn4", "base", 3, "time-limit"),
    row("dnn4", "base", 4, "optimal"),
    row("dnn4", "improved", 0, "optimal"), row("dnn4", "improved", 1, "optimal"), row("dnn4", "improved", 2, "optimal"), row("dnn4", "improved", 3, "time-limit"),
    row("dnn4", "weak", 0, "optimal"), row("dnn4", "weak", 1, "optimal"), row("dnn4", "weak", 2, "time-limit"), row("dnn4", "weak", 3, "time-limit"),
    row("dnn4", "base", 5, "optimal"), row("dnn4", "improved", 5, "optimal"), row("dnn4", "weak", 5, "error"),
    // dnn5: 2 common images, nothing solved by anyone
    row("dnn5", "base", 0, "time-limit"), row("dnn5", "improved", 0, "time-limit"), row("dnn5", "weak", 0, "time-limit"),
    row("dnn5", "base", 1, "time-limit"), row("dnn5", "improved", 1, "time-limit"), row("dnn5", "weak", 1, "infeasible"),
  ];

  it("compares the methods on their common images only, beside the thesis", () => {
    const found = findingRows(rows);
    assert.deepEqual(found.map((f) => [f.table, f.model, f.n, f.ours]), [
      [2, "dnn4", 4, { base: 25, improved: 75, weak: 50 }],
      [2, "dnn5", 2, { base: 0, improved: 0, weak: 50 }], // infeasible counts as solved, as in the tables
    ]);
    assert.deepEqual(found[0].thesis, { base: 46, improved: 96, weak: 99 });
  });

  it("says where tightening pays, does worse or makes no difference, and where weak is about improved", () => {
    const worse = [...rows.filter((r) => r.model === "dnn4" && r.method !== "improved"), ...[0, 1, 2, 3].map((i) => row("dnn4", "improved", i, "time-limit"))];
    assert.match(findingSentences(findingRows(worse))[0], /DNN4 .*the tightened model does worse: -25 points \(thesis \+50\)/);
    assert.deepEqual(findingSentences(findingRows([row("dnn1", "base", 0, "optimal"), row("dnn1", "improved", 0, "optimal"), row("dnn1", "weak", 0, "optimal")])), [
      "Table 2, DNN1 (n = 1, few images: indicative only): no difference: +0 points (thesis +0); weak ≈ improved (+0).",
    ]);

    assert.deepEqual(findingSentences(findingRows(rows)), [
      "Table 2, DNN4 (n = 4, few images: indicative only): tightening pays: +50 points (thesis +50); weak worse than improved by 25 points.",
      "Table 2, DNN5 (n = 2, few images: indicative only): tightening does NOT pay here: +0 points (thesis +40); weak better than improved by 50 points.",
    ]);
  });
});
