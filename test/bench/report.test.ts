import { strict as assert } from "node:assert";
import { buildTableReport, fmt, isSolved, performanceProfile, rowGap, solvedWithin, summarizeTable, unplacedRows } from "../../src/bench/report";
import { milpBoundsLimits, milpBoundsNote } from "../../src/bench/milp-bounds-limits";
import type { BenchMethod, BenchRow, BenchStatus, BenchTable } from "../../src/bench/row";
import { thesisCell } from "../../src/bench/thesis-tables";

function row(table: BenchTable, method: BenchMethod, index: number, fields: Partial<BenchRow>): BenchRow {
  return {
    table,
    model: "dnn1",
    method,
    index,
    label: 7,
    target: 2,
    status: "optimal",
    l1: 2,
    bound: 2,
    gap: 0,
    nodes: 0,
    seconds: 0,
    presolveSeconds: 0,
    adversarial: null,
    outputs: null,
    verified: true,
    timeLimit: 300,
    relativeGap: table === 2 ? 0 : 0.01,
    solver: "highs-js test",
    cores: 2,
    finishedAt: "2026-11-25T00:00:00Z",
    ...fields,
  };
}

/** A hand-made fixture; the expected means are worked out in the comments. */
const rows: BenchRow[] = [
  // dnn1 / base: solved 2 of 5 = 40 % (the error row counts as not solved); gap (0 + 0 + 25 + 100) / 4 = 31.25 %;
  // nodes (10 + 20 + 100 + 50) / 4 = 45; time (1 + 3 + 300 + 300) / 4 = 151; the error row is left out of the means
  row(2, "base", 0, { nodes: 10, seconds: 1 }),
  row(2, "base", 1, { nodes: 20, seconds: 3 }),
  row(2, "base", 2, { status: "time-limit", l1: 4, bound: 3, gap: 0.25, nodes: 100, seconds: 300 }),
  row(2, "base", 3, { status: "time-limit", l1: null, bound: 1, gap: null, nodes: 50, seconds: 300, verified: null }),
  row(2, "base", 4, { status: "error", l1: null, bound: null, gap: null, nodes: 0, seconds: 310, message: "watchdog", verified: null }),
  // dnn1 / improved: 3 optimal + 1 infeasible = 100 % solved, gap 0; nodes (1 + 2 + 3 + 4) / 4 = 2.5;
  // time (0.5 + 1 + 1.5 + 2) / 4 = 1.25; presolve 6; load average and CPU recorded on two rows: (2 + 4) / 2 = 3, (0.5 + 1) / 2 = 0.75
  row(2, "improved", 0, { nodes: 1, seconds: 0.5, presolveSeconds: 6, loadAverage: 2, cpuSeconds: 0.5 }),
  row(2, "improved", 1, { nodes: 2, seconds: 1.0, presolveSeconds: 6, gap: null, loadAverage: 4, cpuSeconds: 1 }),
  row(2, "improved", 2, { nodes: 3, seconds: 1.5, presolveSeconds: 6 }),
  row(2, "improved", 3, { status: "infeasible", l1: null, bound: null, gap: null, nodes: 4, seconds: 2, presolveSeconds: 6, verified: null }),
  // a Table 3 row: must not leak into Table 2
  row(3, "base", 0, { nodes: 1e6, seconds: 99 }),
];

describe("benchmark report (Tables 2 and 3)", () => {
  it("names rows the tables cannot place: unknown method or status, or no time", () => {
    assert.deepEqual(unplacedRows(rows), []);
    const odd = [
      row(2, "bestest" as BenchMethod, 3, {}),
      row(3, "base", 4, { status: "solved" as BenchStatus }),
      row(2, "weak", 5, { seconds: Number.NaN }),
    ];
    assert.deepEqual(unplacedRows(odd), [
      'T2/dnn1/bestest #3: unknown method "bestest"',
      'T3/dnn1/base #4: unknown status "solved"',
      "T2/dnn1/weak #5: seconds must be a finite number, got null",
    ]);
  });

  it("computes solved %, gap %, nodes, presolve and time means as hand-computed", () => {
    const cells = summarizeTable(2, rows);
    assert.deepEqual(cells.map((c) => `${c.model}/${c.method}`), ["dnn1/base", "dnn1/improved"]);
    const [base, improved] = cells;
    assert.equal(base.n, 5, "every instance, the failed one included");
    assert.equal(base.errors, 1);
    assert.equal(base.solvedPercent, 40);
    assert.deepEqual(base.solvedInterval.map((v) => Number(v.toFixed(2))), [11.76, 76.93]);
    assert.equal(base.gapPercent, 31.25);
    assert.equal(base.nodes, 45);
    assert.equal(base.seconds, 151);
    assert.deepEqual(base.timeLimits, [300]);
    assert.equal(improved.n, 4);
    assert.equal(improved.solvedPercent, 100);
    assert.equal(improved.gapPercent, 0);
    assert.equal(improved.nodes, 2.5);
    assert.equal(improved.seconds, 1.25);
    assert.equal(improved.presolveSeconds, 6);
    assert.equal(improved.loadAverage, 3);
    assert.equal(improved.cpuSeconds, 0.75);
    assert.ok(Number.isNaN(base.loadAverage));
  });

  it("derives a missing gap from l1 and bound, 100 % without a solution", () => {
    assert.equal(rowGap({ status: "time-limit", gap: null, l1: 5, bound: 4 }), 0.2);
    assert.equal(rowGap({ status: "time-limit", gap: null, l1: null, bound: 4 }), 1);
    assert.equal(rowGap({ status: "infeasible", gap: null, l1: null, bound: null }), 0);
  });

  it("writes the thesis' layout with our figures beside the thesis' and n per cell", () => {
    const report = buildTableReport(2, rows);
    const md = report.markdown;
    assert.match(md, /^# Table 2: performance of the models, solved to optimality/);
    assert.match(md, /\| DNN1 \| 5 \| 40 \(100\) \| 11\.8-76\.9 \| 31\.25 \(0\.00\) \| 45 \(1 868\) \| – \| 151\.00 \(0\.75\) \| – \| 300 \| 1 \| – \|/);
    assert.match(md, /\| DNN1 \| 4 \| 100 \(100\) \| 51-100 \| 0\.00 \(0\.00\) \| 3 \(895\) \| 6\.00 \(6\.00\) \| 1\.25 \(0\.62\) \| 0\.75 \(2\) \| 300 \| 0 \| 3\.0 \|/, "CPU from 2 of the 4 rows says so");
    assert.match(md, /\| DNN5 \| 0 \| – \(15\) \|/, "networks without rows still show the thesis' figures");
    assert.match(md, /mean over all instances of the final relative gap/);
    assert.doesNotMatch(md, /Best method/, "no best block without best rows");
    assert.match(md, /wherever the limit binds\. /, "no time-limited row measured its CPU: nothing to count");
  });

  it("counts the time-limited rows the load starved of CPU, per network", () => {
    const starved = [...rows, row(2, "weak", 0, { status: "time-limit", l1: 3, bound: 2, gap: 1 / 3, seconds: 300, cpuSeconds: 239 }), row(2, "weak", 1, { status: "time-limit", l1: 3, bound: 2, gap: 1 / 3, seconds: 300, cpuSeconds: 241 })];
    const md = buildTableReport(2, starved).markdown;
    // time-limited: base 2 (no CPU measured), weak 2 (239 s < 240 s = 0.8 × 300: starved; 241 s: not)
    assert.match(md, /: 1 of the 4 time-limited rows here got less than 80 % of their limit as CPU \(DNN1 1\)\. /);
  });

  it("states the coverage of the study against the required images per cell", () => {
    const md = buildTableReport(2, rows).markdown;
    assert.match(md, /## Coverage of the study: 0 of 15 cells at the issue.s target/);
    assert.match(md, /\| DNN1 \| 4 \/ 100 \| 4 \/ 100 \| 0 \/ 100 \|/);
    assert.match(md, /\| DNN5 \| 0 \/ 25 \| 0 \/ 25 \| 0 \/ 25 \|/);
    // work left: dnn1 base (100 − 4) × 151 s + dnn1 improved (100 − 4) × 1.25 s = 14 616 s = 4.06 h
    assert.match(md, /about 4\.1 hours of one worker, plus the cells with no rows yet \(DNN1 weak, DNN2 base,/);
    const many = Array.from({ length: 25 }, (_, i) => ({ ...rows.find((r) => r.method === "improved" && r.table === 2)!, model: "dnn4", index: 1000 + i }));
    const full = buildTableReport(2, [...rows, ...many]).markdown;
    assert.match(full, /## Coverage of the study: 1 of 15 cells at the issue.s target/);
    assert.match(full, /\| DNN4 \| 0 \/ 25 \| 25 \/ 25 ✓ \| 0 \/ 25 \|/);
  });

  it("gives the performance profile: solved times per cell, fraction solved within t", () => {
    const [base, improved] = performanceProfile(2, rows);
    assert.deepEqual(base.solvedSeconds, [1, 3]);
    assert.equal(base.n, 5, "the error row is an instance not solved");
    assert.equal(solvedWithin(base, 2), 0.2);
    assert.equal(solvedWithin(base, 300), 0.4);
    assert.deepEqual(improved.solvedSeconds, [0.5, 1, 1.5, 2]);
    assert.equal(solvedWithin(improved, 1.2), 0.5);
  });

  it("says where a cell's rows were built on more than one computation of the bounds", () => {
    // rows written before boundsCreatedAt existed are told apart by their presolve seconds; a new row on
    // the same file (same seconds) joins them, a file with the same seconds but another creation does not
    const mixed = [
      row(2, "weak", 0, { presolveSeconds: 64.8 }),
      row(2, "weak", 1, { presolveSeconds: 64.8 }),
      row(2, "weak", 2, { presolveSeconds: 81.2 }),
      row(2, "weak", 3, { presolveSeconds: 64.8, boundsCreatedAt: "2026-11-25T08:49:45Z" }),
    ];
    const [cell] = summarizeTable(2, mixed);
    assert.deepEqual(cell.boundsRuns, [{ presolveSeconds: 64.8, rows: 3 }, { presolveSeconds: 81.2, rows: 1 }]);
    assert.match(buildTableReport(2, mixed).markdown, /⚠ Rows built on more than one computation of the bounds .*: DNN1 \(64\.80 s × 3, 81\.20 s × 1\)\./);
    const resumed = [mixed[0], mixed[1], mixed[3]];
    assert.doesNotMatch(buildTableReport(2, resumed).markdown, /more than one computation/, "old and new rows on one file are one computation");
    const twoFiles = [...resumed, row(2, "weak", 4, { presolveSeconds: 64.8, boundsCreatedAt: "2026-11-27T00:00:00Z" })];
    assert.equal(summarizeTable(2, twoFiles)[0].boundsRuns.length, 2, "same seconds, another file");
    assert.doesNotMatch(buildTableReport(2, rows).markdown, /more than one computation/, "the fixture's improved rows share one");
    assert.deepEqual(summarizeTable(2, rows)[0].boundsRuns, [], "none for the base model");
  });

  it("flags adversarial examples that were not verified", () => {
    const bad = [row(3, "weak", 0, { adversarial: [0.5], verified: false })];
    assert.equal(summarizeTable(3, bad)[0].unverified, 1);
    // an "optimal" whose example failed the float64 check proves nothing: not solved
    assert.equal(isSolved({ status: "optimal", verified: false }), false);
    assert.equal(isSolved({ status: "optimal", verified: null }), false, "an optimal row without a checked example proves nothing");
    assert.equal(isSolved({ status: "optimal", verified: true }), true);
    assert.equal(isSolved({ status: "infeasible", verified: null }), true);
    assert.match(buildTableReport(3, bad).markdown, /1 rows hold an adversarial example the float64 forward pass did not confirm/);
  });

  it("says under the improved model how many of its bounds stopped at their time limit", () => {
    const limits = milpBoundsLimits();
    const dnn1 = limits.find((l) => l.model === "dnn1");
    const dnn5 = limits.find((l) => l.model === "dnn5");
    assert.ok(dnn1 && dnn5, "shipped data/bounds/dnn1-milp.json and dnn5-milp.json");
    assert.equal(dnn1.atLimit, 0, "DNN1's bound MILPs all solve within 60 s");
    assert.ok(dnn5.atLimit > 0 && dnn5.atLimit < dnn5.units, `DNN5: ${dnn5.atLimit} of ${dnn5.units}`);
    assert.equal(dnn5.timeLimitPerBound, 60);
    const md = buildTableReport(2, rows, { milpBounds: limits }).markdown;
    const improvedBlock = md.slice(md.indexOf("## Improved model"), md.indexOf("## Weaker improved model"));
    assert.ok(improvedBlock.includes(milpBoundsNote(limits)));
    assert.match(improvedBlock, new RegExp(`DNN5 ${dnn5.atLimit} of ${dnn5.units}`));
    assert.match(md, /## Improved model \(MILP bounds, at most 60 s each\)/, "the cap named in the title, read from the files");
    assert.doesNotMatch(buildTableReport(2, rows).markdown, /did not prove its optimum|at most/, "no note and no cap without bounds files");
    assert.deepEqual(milpBoundsLimits("/nonexistent"), []);
  });

  it("holds the thesis' figures verbatim: all 30 cells of Tables 2 and 3 as the thesis prints them", () => {
    // thesis.md, Tables 2 and 3, rows as printed: base (solved, gap, nodes, time), improved and weaker
    // improved (solved, gap, nodes, presolve, time each); nodes with a thin space between thousands
    const printed: Record<BenchTable, string[]> = {
      2: [
        "DNN1 100 0.00 1 868 0.75 | 100 0.00 895 6.00 0.62 | 100 0.00 895 5.94 0.66",
        "DNN2 100 0.00 15 392 7.87 | 100 0.00 5 626 12.93 3.97 | 100 0.00 5 626 12.91 3.93",
        "DNN3 95 0.99 33 501 68.16 | 100 0.00 9 036 129.32 14.28 | 100 0.00 9 059 49.03 15.84",
        "DNN4 46 27.55 90 766 209.06 | 96 0.85 30 195 325.93 67.16 | 99 0.35 28 644 71.11 65.71",
        "DNN5 15 66.36 185 604 280.19 | 55 19.39 97 401 543.04 192.69 | 58 17.84 104 993 81.60 186.38",
      ],
      3: [
        "DNN1 100 0.55 1 859 0.76 | 100 0.53 900 6.25 0.67 | 100 0.53 900 5.97 0.65",
        "DNN2 100 0.80 16 551 7.68 | 100 0.82 5 554 12.85 3.82 | 100 0.82 5 554 13.08 3.81",
        "DNN3 96 1.78 41 190 67.70 | 100 0.83 7 376 129.87 14.31 | 100 0.82 7 715 48.95 14.82",
        "DNN4 46 28.92 115 874 211.17 | 97 1.63 29 033 323.36 66.45 | 96 2.31 33 910 71.36 67.12",
        "DNN5 16 65.25 198 940 274.39 | 54 18.93 101 210 544.96 189.19 | 59 16.34 100 052 83.10 186.73",
      ],
    };
    // solved and gap first, then the nodes ("1 868" is one number), then presolve (not for base) and time
    const numbers = (part: string, tail: number): number[] => {
      const t = part.trim().split(" ");
      return [Number(t[0]), Number(t[1]), Number(t.slice(2, t.length - tail).join("")), ...t.slice(t.length - tail).map(Number)];
    };
    let cells = 0;
    for (const table of [2, 3] as const) {
      for (const line of printed[table]) {
        const [name, rest] = [line.slice(0, 4), line.slice(5)];
        const [base, improved, weak] = rest.split("|").map((part, i) => numbers(part, i === 0 ? 1 : 2));
        const model = name.toLowerCase();
        assert.deepEqual(thesisCell(table, model, "base"), { solvedPercent: base[0], gapPercent: base[1], nodes: base[2], presolveSeconds: null, seconds: base[3] }, `${name} base`);
        for (const [method, v] of [["improved", improved], ["weak", weak]] as const) {
          assert.deepEqual(thesisCell(table, model, method), { solvedPercent: v[0], gapPercent: v[1], nodes: v[2], presolveSeconds: v[3], seconds: v[4] }, `Table ${table} ${name} ${method}`);
        }
        cells += 3;
      }
    }
    assert.equal(cells, 30);
    assert.equal(thesisCell(2, "dnn1", "best"), null);
    assert.equal(fmt(185604, 0), "185 604");
  });
});
