import { strict as assert } from "node:assert";
import { findingRows, findingSentences } from "../../src/bench/thesis-findings";
import type { BenchMethod, BenchRow, BenchStatus } from "../../src/bench/row";

function row(model: string, method: BenchMethod, index: number, status: BenchStatus): BenchRow {
  return {
    table: 2, model, method, index, label: 7, target: 2, status, l1: 2, bound: 2, gap: 0, nodes: 0, seconds: 0, presolveSeconds: 0,
    adversarial: null, outputs: null, verified: status === "optimal" || status === "time-limit" ? true : null, timeLimit: 300, relativeGap: 0, solver: "highs-js test", cores: 2, finishedAt: "2026-11-26T00:00:00Z",
  };
}

describe("thesis findings (do Table 2/3's readings hold on our rows?)", () => {
  // dnn4: images 0-3 for all methods, image 4 only for base (left out: not common), image 5 weak is an error (counts as not solved).
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

  it("compares the methods on their common images only, a failed row as not solved, beside the thesis", () => {
    const found = findingRows(rows);
    assert.deepEqual(found.map((f) => [f.table, f.model, f.n, f.ours]), [
      [2, "dnn4", 5, { base: 40, improved: 80, weak: 40 }],
      [2, "dnn5", 2, { base: 0, improved: 0, weak: 50 }], // infeasible counts as solved, as in the tables
    ]);
    assert.deepEqual(found[0].thesis, { base: 46, improved: 96, weak: 99 });
  });

  it("calls a difference real only when McNemar's p < 0.05, and says how many images differ", () => {
    const found = findingRows(rows);
    assert.deepEqual(found[0].improvedVsBase, { first: 2, second: 0 });
    assert.deepEqual(found[0].weakVsImproved, { first: 0, second: 2 }, "image 5: improved solves it, weak failed");
    assert.deepEqual(findingSentences(found), [
      "Table 2, DNN4 (n = 5): no significant effect of tightening: +40 points (2 images only improved solves, 0 only base solves; McNemar p = 0.5, thesis +50); " +
        "no significant difference between weak and improved: -40 points (0 images only weak solves, 2 only improved solves; McNemar p = 0.5).",
      "Table 2, DNN5 (n = 2): no significant effect of tightening: +0 points (0 images only improved solves, 0 only base solves; McNemar p = 1, thesis +40); " +
        "no significant difference between weak and improved: +50 points (1 image only weak solves, 0 only improved solves; McNemar p = 1).",
    ]);
    // six images that only the improved model solves, and the weak model solves none of them
    const six = [0, 1, 2, 3, 4, 5].flatMap((i) => [row("dnn5", "base", i, "time-limit"), row("dnn5", "improved", i, "optimal"), row("dnn5", "weak", i, "time-limit")]);
    assert.deepEqual(findingSentences(findingRows(six)), [
      "Table 2, DNN5 (n = 6): tightening pays: +100 points (6 images only improved solves, 0 only base solves; McNemar p = 0.031, thesis +40); " +
        "weak worse than improved by 100 points (0 images only weak solves, 6 only improved solves; McNemar p = 0.031): the thesis' \"about as well\" does not hold here.",
    ]);
    const worse = six.map((r) => (r.method === "base" ? { ...r, status: "optimal" as const } : r.method === "improved" ? { ...r, status: "time-limit" as const } : r));
    assert.match(findingSentences(findingRows(worse))[0], /the tightened model does worse: -100 points \(0 images only improved solves, 6 only base solves; McNemar p = 0\.031, thesis \+40\)/);
  });
});
