import { strict as assert } from "node:assert";
import { cellComparisonRows, profilePoints } from "../../kernel-helpers/performance-view";
import { summarizeCell } from "../../src/bench/report";
import type { BenchRow } from "../../src/bench/row";

function row(index: number, status: BenchRow["status"], seconds: number): BenchRow {
  return { table: 2, model: "dnn1", method: "base", index, label: 0, target: 5, status, l1: 1, bound: status === "optimal" ? 1 : 0.5, gap: status === "optimal" ? 0 : 0.5,
    nodes: 10, seconds, presolveSeconds: 0, adversarial: null, outputs: null, verified: null, timeLimit: 300, relativeGap: 0, solver: "t", cores: 2, finishedAt: "" };
}

describe("kernel-helpers/performance-view", () => {
  it("steps the profile up by 1/n at each solved instance's time", () => {
    const p = profilePoints({ model: "dnn1", method: "base", n: 4, solvedSeconds: [0.5, 2, 3] });
    assert.deepEqual(p.x, [0.5, 2, 3]);
    assert.deepEqual(p.y, [0.25, 0.5, 0.75]);
  });

  it("writes each figure as ours (thesis)", () => {
    const cell = summarizeCell(2, "dnn1", "base", [row(0, "optimal", 1), row(1, "time-limit", 300)]);
    const [r] = cellComparisonRows([cell]);
    assert.equal(r["Solved (%)"], "50 (100)");
    assert.equal(r["Time (s)"], "150.50 (0.75)");
    assert.equal(r["Presolve (s)"], "–");
  });

  it("formats the figures exactly as bench:report does (one decimal for a fractional Solved %, grouped nodes)", () => {
    const rows = [row(0, "optimal", 1), row(1, "time-limit", 300), { ...row(2, "time-limit", 300), nodes: 12000 }];
    const [r] = cellComparisonRows([summarizeCell(2, "dnn1", "base", rows)]);
    assert.equal(r["Solved (%)"], "33.3 (100)");
    assert.equal(r.Nodes, "4 007 (1 868)");
  });
});
