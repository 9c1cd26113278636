import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DatasetWriter,
  formatDatasetLine,
  parseDatasetLine,
  parseDatasetText,
  readDataset,
  roundPixels,
  type DatasetEntry,
} from "../../src/robustness/dataset";

function entry(over: Partial<DatasetEntry> = {}): DatasetEntry {
  const pixels = new Float64Array(784);
  pixels[10] = 0.5;
  return { kind: "adversarial", split: "train", index: 3, label: 2, target: 7, pixels, ...over };
}

function lineWith(patch: Record<string, unknown>): string {
  const o = JSON.parse(formatDatasetLine(entry())) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete o[k];
    else o[k] = v;
  }
  return JSON.stringify(o);
}

describe("adversarial data-set files (JSON lines)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "robust-ds-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("round-trips an adversarial example and an original", () => {
    const a = entry({ l1: 1.25 });
    const o = entry({ kind: "original-correct", target: undefined, index: 9 });
    const text = `${formatDatasetLine(a)}\n${formatDatasetLine({ kind: o.kind, split: o.split, index: o.index, label: o.label, pixels: o.pixels })}\n`;
    const back = parseDatasetText(text, "x.jsonl");
    assert.equal(back.length, 2);
    assert.equal(back[0].target, 7);
    assert.equal(back[0].l1, 1.25);
    assert.equal(back[0].pixels[10], 0.5);
    assert.equal(back[1].target, undefined);
    assert.equal(back[1].kind, "original-correct");
  });

  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["784 pixels", { pixels: [0.1, 0.2] }, /field "pixels": expected 784 values, got 2/],
    ["pixels in [0, 1]", { pixels: Array.from({ length: 784 }, (_, i) => (i === 5 ? 1.5 : 0)) }, /field "pixels": value 5 is 1.5/],
    ["a known kind", { kind: "fake" }, /field "kind"/],
    ["a label 0-9", { label: 10 }, /field "label": expected an integer 0-9, got 10/],
    ["a target on adversarial examples", { target: undefined }, /field "target"/],
    ["target != label", { target: 2 }, /field "target": equals the label 2/],
    ["no target on originals", { kind: "original-incorrect" }, /field "target": only adversarial/],
    ["a split", { split: "valid" }, /field "split"/],
    ["an integer index", { index: 1.5 }, /field "index"/],
    ["no unknown field", { extra: 1 }, /field "extra": unknown field/],
  ];
  for (const [what, patch, message] of bad) {
    it(`requires ${what}`, () => {
      assert.throws(() => parseDatasetLine(lineWith(patch), "f.jsonl:4"), (e: Error) => {
        assert.match(e.message, /^f\.jsonl:4: /);
        assert.match(e.message, message);
        return true;
      });
    });
  }

  it("rejects a bad file naming the file and the line number", () => {
    const file = path.join(dir, "dnn1-test.jsonl");
    fs.writeFileSync(file, [formatDatasetLine(entry()), formatDatasetLine(entry({ index: 4 })), lineWith({ label: -1 })].join("\n") + "\n");
    assert.throws(() => readDataset(file), /dnn1-test\.jsonl:3: field "label"/);
    fs.writeFileSync(file, `${formatDatasetLine(entry())}\n{not json\n`);
    assert.throws(() => readDataset(file), /dnn1-test\.jsonl:2: not valid JSON/);
    fs.writeFileSync(file, `${formatDatasetLine(entry())}\n${formatDatasetLine(entry())}\n`);
    assert.throws(() => readDataset(file), /dnn1-test\.jsonl:2: duplicate entry/);
  });

  it("writer appends one line per entry and resumes after a line cut short", () => {
    const file = path.join(dir, "d.jsonl");
    const w = new DatasetWriter(file);
    w.append(entry());
    w.append(entry({ target: 8 }));
    assert.throws(() => w.append(entry()), /already written/);
    w.close();
    // Simulate a crash in the middle of writing a third line.
    fs.appendFileSync(file, formatDatasetLine(entry({ target: 9 })).slice(0, 100));
    const w2 = new DatasetWriter(file);
    assert.equal(w2.existing.length, 2);
    assert.ok(w2.has({ kind: "adversarial", split: "train", index: 3, target: 8 }));
    assert.ok(!w2.has({ kind: "adversarial", split: "train", index: 3, target: 9 }));
    w2.append(entry({ target: 9 }));
    w2.close();
    assert.equal(readDataset(file).length, 3);
  });

  it("writer refuses a file another live process is writing, and releases its lock on close", () => {
    const file = path.join(dir, "locked.jsonl");
    fs.writeFileSync(`${file}.lock.tmp`, String(process.ppid)); // the parent process: alive, not us
    assert.throws(() => new DatasetWriter(file), new RegExp(`being written by process ${process.ppid}`));
    fs.rmSync(`${file}.lock.tmp`);
    const w = new DatasetWriter(file);
    assert.ok(fs.existsSync(`${file}.lock.tmp`));
    w.close();
    assert.ok(!fs.existsSync(`${file}.lock.tmp`));
  });

  it("writer refuses to append once its file was replaced under it, writing nothing", () => {
    const file = path.join(dir, "replaced.jsonl");
    const w = new DatasetWriter(file);
    w.append(entry());
    fs.writeFileSync(`${file}.new`, "");
    fs.renameSync(`${file}.new`, file); // what git checkout or stash does: a new inode at the path
    assert.throws(() => w.append(entry({ target: 8 })), /replaced or removed while this process appended/);
    assert.equal(fs.readFileSync(file, "utf8"), "");
    w.close();
  });

  it("rounds pixels to 6 decimals inside [0, 1]", () => {
    assert.deepEqual(Array.from(roundPixels([0.12345678, -1e-9, 1.0000001])), [0.123457, 0, 1]);
  });
});
