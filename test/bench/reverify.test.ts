import { strict as assert } from "node:assert";
import { resultsFile } from "../../src/bench/report";
import { readResults } from "../../src/bench/results-store";
import { reverifyMarkdown, reverifyRows } from "../../src/bench/reverify";
import type { BenchRow } from "../../src/bench/row";
import { loadMnist, type MnistSet } from "../../src/data/mnist";
import { classify } from "../../src/dnn/forward";
import { loadNetwork } from "../../src/dnn/load";
import type { Network } from "../../src/dnn/network";

describe("re-verifying committed study rows", () => {
  let test: MnistSet;
  let rows: BenchRow[];
  let loads: string[];
  let sources: { network: (model: string) => Network; image: (index: number) => ArrayLike<number> | undefined; label: (index: number) => number | undefined };
  before(() => {
    test = loadMnist("test");
    rows = readResults<BenchRow>(resultsFile(2)).filter((r) => r.model === "dnn1" && r.adversarial !== null);
    loads = [];
    sources = { network: (model) => (loads.push(model), loadNetwork(model)), image: (index) => test.images[index], label: (index) => test.labels[index] };
  });
  const first = (): BenchRow => rows[0];
  const problems = (row: BenchRow): readonly string[] => {
    const report = reverifyRows([row], sources);
    assert.equal(report.checked, 1);
    return report.failures.length === 0 ? [] : report.failures[0].reasons;
  };

  it("accepts every committed DNN1 example of Table 2, loading the network once", () => {
    assert.ok(rows.length >= 100, `${rows.length} DNN1 rows with an example`);
    loads.length = 0;
    const report = reverifyRows(rows, sources);
    assert.equal(report.checked, rows.length);
    assert.deepEqual(report.failures, []);
    assert.deepEqual(loads, ["dnn1"]);
  });

  it("fails a row that is no instance of the study: wrong label, wrong target, or a misclassified image", () => {
    const row = first();
    assert.deepEqual(problems(row), []);
    const relabelled = { ...row, label: (row.label + 1) % 10, target: (row.label + 6) % 10 };
    assert.ok(problems(relabelled).some((r) => new RegExp(`^label ${relabelled.label} but test image ${row.index} is a ${row.label}$`).test(r)), problems(relabelled).join("; "));
    assert.ok(problems({ ...row, target: (row.target + 1) % 10 }).some((r) => /is not \(label \+ 5\) mod 10/.test(r)));
    // a test image DNN1 gets wrong, under its own label
    const net = loadNetwork("dnn1");
    const wrong = test.images.findIndex((x, i) => i < 1000 && classify(net, x) !== test.labels[i]);
    const label = test.labels[wrong];
    const reasons = problems({ ...row, index: wrong, label, target: (label + 5) % 10 });
    assert.ok(reasons.some((r) => /not as its label .*: not an image of the study/.test(r)), reasons.join("; "));
  });

  it("skips rows without an example", () => {
    assert.deepEqual(reverifyRows([{ ...first(), adversarial: null, l1: null, status: "time-limit" }], sources), { checked: 0, failures: [] });
  });

  it("rejects a row that does not claim verified = true", () => {
    assert.deepEqual(problems({ ...first(), verified: false }), ["the row says verified = false"]);
  });

  it("rejects an l1 that is not the example's distance from its test image", () => {
    const row = first();
    assert.match(problems({ ...row, l1: row.l1! * 1.001 })[0], /^l1 = .* but the example lies at L1 .* from test image \d+$/);
    assert.match(problems({ ...row, index: row.index + 1 }).join("\n"), /from test image/);
  });

  it("rejects an example that misses (8) for its target", () => {
    const row = first();
    const reasons = problems({ ...row, adversarial: Array.from(test.images[row.index]), l1: 0 });
    assert.match(reasons.join("\n"), /\(8\) fails for class/);
    assert.match(problems({ ...row, target: (row.target + 1) % 10 === row.label ? (row.target + 2) % 10 : (row.target + 1) % 10 }).join("\n"), /\(8\) fails/);
  });

  it("rejects a row without an example array or with an index beyond the test set, naming the field", () => {
    const row = first();
    const { adversarial: _dropped, ...withoutExample } = row;
    assert.deepEqual(problems(withoutExample as BenchRow), ["adversarial must be an array of pixels or null, got nothing"]);
    assert.deepEqual(problems({ ...row, index: 10000 }), ["index 10000 names no test image"]);
  });

  it("rejects an example outside the pixel domain or of the wrong size", () => {
    const row = first();
    // null is how JSON writes NaN: the pixel must not count as 0.
    const nulled = JSON.parse(JSON.stringify({ ...row, adversarial: row.adversarial!.map((x, j) => (j === 300 ? Number.NaN : x)) })) as BenchRow;
    assert.match(problems(nulled).join("\n"), /pixel 300 = null is not a finite number/);
    assert.match(problems({ ...row, adversarial: row.adversarial!.map((x, j) => (j === 0 ? -0.5 : x)), l1: row.l1! + 0.5 }).join("\n"), /outside the input domain/);
    assert.match(problems({ ...row, adversarial: row.adversarial!.slice(1) })[0], /the example has 783 pixels, network dnn1 expects 784/);
  });

  it("reports the verdict and every failing row as markdown", () => {
    const row = first();
    assert.match(reverifyMarkdown(reverifyRows(rows, sources)), new RegExp(`${rows.length} rows hold an adversarial example[\\s\\S]*✓ Every example passes`));
    const failing = reverifyMarkdown(reverifyRows([row, { ...row, verified: false }], sources));
    assert.match(failing, new RegExp(`\\*\\*✗ 1 rows fail:\\*\\*\\n\\n- Table 2 ${row.method} DNN1 image ${row.index}: the row says verified = false\\n$`));
  });
});
