import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readResults, ResultsStore } from "../../src/bench/results-store";
import type { CheapRow } from "./fixtures/cheap-rows";
import { cheapJobs, cheapRow } from "./fixtures/cheap-rows";

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-store-")), "table2.jsonl");
}

function rowsOf(n: number): CheapRow[] {
  return cheapJobs(n, 0).map((job) => cheapRow(job, { output: job.index * 2, threadId: 0 }, 0.5));
}

describe("ResultsStore (append-only JSON lines)", () => {
  it("writes one line per row and reads them back in order", () => {
    const file = tempFile();
    const store = ResultsStore.open<CheapRow>(file);
    for (const row of rowsOf(3)) store.append(row);
    store.close();
    const text = fs.readFileSync(file, "utf8");
    assert.equal(text.split("\n").length, 4);
    assert.ok(text.endsWith("\n"));
    const again = ResultsStore.open<CheapRow>(file);
    assert.deepEqual(again.rows, rowsOf(3));
    assert.equal(again.openReport.truncatedBytes, 0);
    again.close();
  });

  it("refuses a second row with the same key, in memory and across reopen", () => {
    const file = tempFile();
    const store = ResultsStore.open<CheapRow>(file);
    const [row] = rowsOf(1);
    store.append(row);
    assert.throws(() => store.append({ ...row, output: 99 }), /already stored/);
    store.close();
    const again = ResultsStore.open<CheapRow>(file);
    assert.ok(again.has(row));
    assert.throws(() => again.append(row), /2\/tiny\/base\/0 is already stored/);
    again.close();
    assert.equal(fs.readFileSync(file, "utf8").trim().split("\n").length, 1);
  });

  it("truncates a torn last line (no newline) and warns", () => {
    const file = tempFile();
    const store = ResultsStore.open<CheapRow>(file);
    for (const row of rowsOf(2)) store.append(row);
    store.close();
    const good = fs.readFileSync(file).length;
    const torn = '{"table":2,"model":"tiny","method":"base","index":2,"sta';
    fs.appendFileSync(file, torn);
    const warnings: string[] = [];
    const again = ResultsStore.open<CheapRow>(file, { warn: (m) => warnings.push(m) });
    assert.equal(again.rows.length, 2);
    assert.equal(again.openReport.truncatedBytes, torn.length);
    assert.equal(fs.readFileSync(file).length, good);
    assert.match(warnings.join("\n"), /truncated a torn last line/);
    again.append(rowsOf(3)[2]);
    again.close();
    assert.deepEqual(readResults<CheapRow>(file), rowsOf(3));
  });

  it("truncates an unparsable last line even with its newline", () => {
    const file = tempFile();
    fs.writeFileSync(file, `${JSON.stringify(rowsOf(1)[0])}\n{"table":2,"mod\n`);
    const again = ResultsStore.open<CheapRow>(file, { warn: () => undefined });
    assert.equal(again.rows.length, 1);
    again.close();
    assert.equal(fs.readFileSync(file, "utf8"), `${JSON.stringify(rowsOf(1)[0])}\n`);
  });

  it("refuses a corrupt line that is not the last, naming file and line", () => {
    const file = tempFile();
    fs.writeFileSync(file, `not json\n${JSON.stringify(rowsOf(1)[0])}\n`);
    assert.throws(() => ResultsStore.open<CheapRow>(file), /table2\.jsonl:1: not a result row/);
  });

  it("keeps a second live writer out with a lock, and takes over a dead owner's lock", () => {
    const file = tempFile();
    const store = ResultsStore.open<CheapRow>(file);
    fs.writeFileSync(`${file}.lock.tmp`, `${process.ppid}\n`);
    assert.throws(() => ResultsStore.open<CheapRow>(file), /being written by process/);
    fs.writeFileSync(`${file}.lock.tmp`, "999999999\n");
    const again = ResultsStore.open<CheapRow>(file);
    again.close();
    store.close();
    assert.equal(fs.existsSync(`${file}.lock.tmp`), false);
  });
});
