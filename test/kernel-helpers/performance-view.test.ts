import { strict as assert } from "node:assert";
import { cellComparisonRows, performanceProfileHtml, profilePoints, statusCountRows } from "../../kernel-helpers/performance-view";
import { summarizeCell } from "../../src/bench/report";
import type { BenchRow } from "../../src/bench/row";

function row(index: number, status: BenchRow["status"], seconds: number): BenchRow {
  return { table: 2, model: "dnn1", method: "base", index, label: 0, target: 5, status, l1: 1, bound: status === "optimal" ? 1 : 0.5, gap: status === "optimal" ? 0 : 0.5,
    nodes: 10, seconds, presolveSeconds: 0, adversarial: null, outputs: null, verified: status === "optimal" || status === "time-limit" ? true : null, timeLimit: 300, relativeGap: 0, solver: "t", cores: 2, finishedAt: "" };
}

describe("kernel-helpers/performance-view", () => {
  it("steps the profile up by 1/n at each solved instance's time", () => {
    const p = profilePoints({ model: "dnn1", method: "base", n: 4, solvedSeconds: [0.5, 2, 3] });
    assert.deepEqual(p.x, [0.5, 2, 3]);
    assert.deepEqual(p.y, [0.25, 0.5, 0.75]);
  });

  it("draws one panel per network and each method in one colour across panels", () => {
    const { html } = performanceProfileHtml([
      { model: "dnn5", method: "base", n: 2, solvedSeconds: [1] },
      { model: "dnn5", method: "region", n: 4, solvedSeconds: [1, 2] },
      { model: "dnn1", method: "base", n: 1, solvedSeconds: [3] },
    ], "profile");
    const traces = [...html.matchAll(/"name":"(\w+)","legendgroup":"\w+","showlegend":(true|false).*?"color":"(#[0-9a-f]{6})".*?"xaxis":"(x\d?)","yaxis":"(y\d?)"/g)].map((m) => m.slice(1).join(" "));
    // dnn1 is panel 1 (x/y), dnn5 panel 2 (x2/y2); base is grey in both and in the legend once
    assert.deepEqual(traces, ["base true #7f7f7f x2 y2", "region true #2ca02c x2 y2", "base false #7f7f7f x y"]);
    assert.match(html, /DNN5\S{0,12}b> \(n = 2–4\)/);
    assert.match(html, /DNN1\S{0,12}b> \(n = 1\)/);
  });

  it("counts the rows per status for each table, network and method, in the thesis' order", () => {
    const rows = [
      { ...row(0, "optimal", 1), model: "dnn5", method: "weak" as const },
      { ...row(1, "time-limit", 300), model: "dnn5", method: "weak" as const },
      { ...row(0, "time-limit", 300), table: 3 as const },
      row(0, "optimal", 1),
      row(1, "optimal", 2),
      { ...row(2, "optimal", 1), method: "region" as const },
      { ...row(3, "optimal", 1), method: "improved" as const },
    ];
    assert.deepEqual(statusCountRows(rows), [
      { table: "Table 2", network: "DNN1", method: "base", optimal: 2, "time-limit": 0, rows: 2 },
      { table: "Table 2", network: "DNN1", method: "improved", optimal: 1, "time-limit": 0, rows: 1 },
      { table: "Table 2", network: "DNN1", method: "region", optimal: 1, "time-limit": 0, rows: 1 },
      { table: "Table 2", network: "DNN5", method: "weak", optimal: 1, "time-limit": 1, rows: 2 },
      { table: "Table 3", network: "DNN1", method: "base", optimal: 0, "time-limit": 1, rows: 1 },
    ]);
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
