import { strict as assert } from "node:assert";
import { findingRows, findingSentences } from "../../src/bench/thesis-findings";
import type { BenchMethod, BenchRow, BenchStatus } from "../../src/bench/row";

function row(model: string, method: BenchMethod, index: number, status: BenchStatus): BenchRow {
  return {
    // a time-limited row took the limit and 1000 nodes, any other row 10 s and 100 nodes
    table: 2, model, method, index, label: 7, target: 2, status, l1: 2, bound: 2, gap: 0, nodes: status === "time-limit" ? 1000 : 100, seconds: status === "time-limit" ? 300 : 10, presolveSeconds: 0,
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
      // time, DNN4: ratios improved/base 1, 10/300, 10/300, 1 (both time-limited: no information), 1 → median 1; improved faster on
      // images 1 and 2; nodes (100 + 3·100 + 1000) / (2·100 + 3·1000) = 0.4375; thesis 67.16 / 209.06 = 0.32, 30 195 / 90 766 = 0.33
      "Table 2, DNN4 (n = 5): no significant effect of tightening: +40 points (2 images only improved solves, 0 only base solves; McNemar p = 0.5, thesis +50); " +
        "no significant difference between weak and improved: -40 points (0 images only weak solves, 2 only improved solves; McNemar p = 0.5); " +
        "no significant time effect of tightening: improved takes ×1.00 the base model's time (median), nodes ×0.44 (improved faster on 2, base on 0; sign test p = 0.5; thesis: time ×0.32, nodes ×0.33).",
      "Table 2, DNN5 (n = 2): no significant effect of tightening: +0 points (0 images only improved solves, 0 only base solves; McNemar p = 1, thesis +40); " +
        "no significant difference between weak and improved: +50 points (1 image only weak solves, 0 only improved solves; McNemar p = 1); " +
        "no significant time effect of tightening: improved takes ×1.00 the base model's time (median), nodes ×1.00 (improved faster on 0, base on 0; sign test p = 1; thesis: time ×0.69, nodes ×0.52).",
    ]);
    // six images that only the improved model solves, and the weak model solves none of them
    const six = [0, 1, 2, 3, 4, 5].flatMap((i) => [row("dnn5", "base", i, "time-limit"), row("dnn5", "improved", i, "optimal"), row("dnn5", "weak", i, "time-limit")]);
    assert.deepEqual(findingSentences(findingRows(six)), [
      "Table 2, DNN5 (n = 6): tightening pays: +100 points (6 images only improved solves, 0 only base solves; McNemar p = 0.031, thesis +40); " +
        "weak worse than improved by 100 points (0 images only weak solves, 6 only improved solves; McNemar p = 0.031): the thesis' \"about as well\" does not hold here; " +
        "tightening saves time: improved takes ×0.03 the base model's time (median), nodes ×0.10 (improved faster on 6, base on 0; sign test p = 0.031; thesis: time ×0.69, nodes ×0.52).",
    ]);
    const worse = six.map((r) => (r.method === "base" ? row("dnn5", "base", r.index, "optimal") : r.method === "improved" ? row("dnn5", "improved", r.index, "time-limit") : r));
    assert.match(findingSentences(findingRows(worse))[0], /the tightened model does worse: -100 points \(0 images only improved solves, 6 only base solves; McNemar p = 0\.031, thesis \+40\)/);
    assert.match(findingSentences(findingRows(worse))[0], /tightening costs time: improved takes ×30\.00 the base model's time \(median\), nodes ×10\.00 \(improved faster on 0, base on 6; sign test p = 0\.031/);
  });

  it("times a pair by CPU seconds where both rows measured them, and calls a difference under 5 % a tie", () => {
    const pair = (i: number, base: Partial<BenchRow>, improved: Partial<BenchRow>): BenchRow[] => [
      { ...row("dnn3", "base", i, "optimal"), ...base }, { ...row("dnn3", "improved", i, "optimal"), ...improved }, row("dnn3", "weak", i, "optimal"),
    ];
    const rows = [
      ...pair(0, { seconds: 100, cpuSeconds: 40 }, { seconds: 50, cpuSeconds: 80 }), // CPU: improved slower, although its wall time is shorter
      ...pair(1, { seconds: 100 }, { seconds: 97, cpuSeconds: 1 }), // one side without CPU: wall 0.97, a tie
      ...pair(2, { seconds: 100 }, { seconds: 50 }), // improved faster
    ];
    const [f] = findingRows(rows);
    assert.deepEqual(f.time.faster, { first: 1, second: 1 });
    assert.equal(f.time.medianRatio, 0.97);
    // a model that ran out of time is slower than one that proved the image, whatever the CPU seconds say
    const censored = [...rows, ...pair(3, { seconds: 300, cpuSeconds: 200, status: "time-limit" }, { seconds: 280, cpuSeconds: 250 })];
    assert.deepEqual(findingRows(censored)[0].time.faster, { first: 2, second: 1 }, "base hit the limit on image 3: improved is the faster");
  });
});
