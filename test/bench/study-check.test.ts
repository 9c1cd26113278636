import { strict as assert } from "node:assert";
import { resultsFile } from "../../src/bench/report";
import { readResults } from "../../src/bench/results-store";
import type { BenchRow } from "../../src/bench/row";
import { checkCommittedStudy, type LiveSolve } from "../../src/bench/study-check";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { loadNetwork } from "../../src/dnn/load";

describe("notebook 04's check of the committed study", () => {
  let test: MnistSet;
  let rows: BenchRow[];
  let live: LiveSolve;
  const sources = () => ({ network: loadNetwork, image: (i: number) => test.images[i] });
  before(() => {
    test = loadMnist("test");
    // DNN1's committed rows of both tables: a real, complete fixture.
    rows = [...readResults<BenchRow>(resultsFile(2)), ...readResults<BenchRow>(resultsFile(3))].filter((r) => r.model === "dnn1");
    const optimum = rows.find((r) => r.table === 2 && r.method === "base" && r.status === "optimal" && r.l1 !== null);
    assert.ok(optimum, "a committed DNN1 Table 2 optimum");
    live = { index: optimum.index, status: "optimal", l1: optimum.l1, verified: true };
  });

  it("passes on the committed rows and a live optimum equal to theirs", () => {
    const check = checkCommittedStudy(rows, "dnn1", [live], sources());
    assert.equal(check.failures, 0, check.lines.join("\n"));
    assert.equal(check.lines.length, 3);
    assert.match(check.lines[1], new RegExp(`^✓ image ${live.index}: live optimum`));
  });

  it("fails on a live optimum 1 % off, a live solve that is not optimal, and no live solve at all", () => {
    const off = checkCommittedStudy(rows, "dnn1", [{ ...live, l1: live.l1! * 1.01 }], sources());
    assert.equal(off.failures, 1);
    assert.match(off.lines.join("\n"), /✗ image \d+[\s\S]*✗ optima differ/);
    assert.equal(checkCommittedStudy(rows, "dnn1", [{ ...live, status: "time-limit" }], sources()).failures, 1);
    assert.equal(checkCommittedStudy(rows, "dnn1", [{ ...live, verified: false }], sources()).failures, 1);
    const none = checkCommittedStudy(rows, "dnn1", [], sources());
    assert.equal(none.failures, 1);
    assert.match(none.lines.join("\n"), /✗ no live re-solve of dnn1/);
  });

  it("fails on a committed row that does not re-verify or disagrees with another method", () => {
    const i = rows.findIndex((r) => r.index === live.index && r.table === 2 && r.method === "improved" && r.status === "optimal");
    assert.ok(i >= 0);
    const unverified = rows.map((r, j) => (j === i ? { ...r, verified: false } : r));
    const a = checkCommittedStudy(unverified, "dnn1", [live], sources());
    assert.match(a.lines[0], /^✗ .* \(1 failures\)$/);
    assert.ok(a.failures >= 1);
    const wrongBound = rows.map((r, j) => (j === i ? { ...r, bound: r.l1! * 2 } : r));
    const b = checkCommittedStudy(wrongBound, "dnn1", [live], sources());
    assert.equal(b.failures, 2, b.lines.join("\n")); // the live check and the cross-method check both see it
    assert.match(b.lines.join("\n"), /bound above an example/);
  });
});
