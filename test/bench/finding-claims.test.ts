import { strict as assert } from "node:assert";
import { checkFindingClaims } from "../../src/bench/finding-claims";
import type { FindingRow } from "../../src/bench/thesis-findings";
import { thesisCell } from "../../src/bench/thesis-tables";

/** A finding row whose every claim holds unless a field says otherwise. */
function finding(table: 2 | 3, model: string, fields: Partial<FindingRow> = {}): FindingRow {
  const th = (m: "base" | "improved" | "weak") => thesisCell(table, model, m)!;
  const slow = model === "dnn3" || model === "dnn4";
  return {
    table, model, n: 25,
    ours: model === "dnn4" || model === "dnn5" ? { base: 40, improved: 52, weak: 52 } : { base: 100, improved: 100, weak: 100 },
    thesis: { base: th("base").solvedPercent, improved: th("improved").solvedPercent, weak: th("weak").solvedPercent },
    improvedVsBase: model === "dnn4" || model === "dnn5" ? { first: 3, second: 0 } : { first: 0, second: 0 },
    weakVsImproved: { first: 0, second: 0 },
    time: {
      medianRatio: slow ? 0.8 : 1,
      faster: slow ? { first: 15, second: 2 } : model === "dnn5" ? { first: 2, second: 1 } : { first: 10, second: 11 },
      nodesRatio: 1,
      thesis: { timeRatio: th("improved").seconds / th("base").seconds, nodesRatio: th("improved").nodes / th("base").nodes },
    },
    ...fields,
  };
}

const all = (change: (f: FindingRow) => FindingRow = (f) => f): FindingRow[] =>
  ([2, 3] as const).flatMap((t) => ["dnn1", "dnn2", "dnn3", "dnn4", "dnn5"].map((m) => change(finding(t, m))));

describe("notebook 04's claims about the thesis' readings (src/bench/finding-claims.ts)", () => {
  it("holds on rows that match the prose, and names each network's figures", () => {
    const checks = checkFindingClaims(all(), []);
    assert.deepEqual(checks.map((c) => c.ok), [true, true, true, true, true], checks.map((c) => c.line).join("\n"));
    assert.match(checks[1].line, /^✓ DNN3-DNN4: .*T2 DNN3 time ×0\.80 \(thesis ×0\.21\)/);
  });

  it("fails each claim the rows contradict", () => {
    const fails = (change: (f: FindingRow) => FindingRow, weakWorse: string[] = []): boolean[] => checkFindingClaims(all(change), weakWorse).map((c) => c.ok);
    // DNN2 in Table 3 now saves time
    assert.deepEqual(fails((f) => (f.table === 3 && f.model === "dnn2" ? { ...f, time: { ...f.time, medianRatio: 0.7, faster: { first: 20, second: 2 } } } : f)), [false, true, true, true, true]);
    // DNN1 halves the nodes in Table 2
    assert.deepEqual(fails((f) => (f.table === 2 && f.model === "dnn1" ? { ...f, time: { ...f.time, nodesRatio: 0.5 } } : f)), [false, true, true, true, true]);
    // DNN4 saves as much time as in the thesis
    assert.deepEqual(fails((f) => (f.model === "dnn4" ? { ...f, time: { ...f.time, medianRatio: 0.2 } } : f)), [true, false, true, true, true]);
    // DNN5 gains as many points as the thesis
    assert.deepEqual(fails((f) => (f.model === "dnn5" ? { ...f, ours: { base: 0, improved: 60, weak: 60 } } : f)), [true, true, false, true, true]);
    // DNN5 improved now significantly faster
    assert.deepEqual(fails((f) => (f.model === "dnn5" ? { ...f, time: { ...f.time, faster: { first: 9, second: 0 } } } : f)), [true, true, true, false, true]);
    // weak significantly worse somewhere the prose does not say, or not where it says
    const weakWorse = (f: FindingRow): FindingRow => (f.table === 2 && f.model === "dnn3" ? { ...f, weakVsImproved: { first: 0, second: 7 } } : f);
    assert.deepEqual(fails(weakWorse), [true, true, true, true, false]);
    assert.deepEqual(fails(weakWorse, ["T2 DNN3"]), [true, true, true, true, true]);
    assert.deepEqual(fails((f) => f, ["T2 DNN3"]), [true, true, true, true, false]);
  });

  it("fails a claim whose networks have no common images yet", () => {
    const checks = checkFindingClaims(all().filter((f) => f.model !== "dnn5"), []);
    assert.deepEqual(checks.map((c) => c.ok), [true, true, false, false, false]);
    assert.match(checks[3].line, /no common images yet/);
  });
});
