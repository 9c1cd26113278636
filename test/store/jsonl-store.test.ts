import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JsonlStore, readJsonl, removeJsonl, type JsonlSchema } from "../../src/store/jsonl-store";

interface Item {
  readonly id: string;
  readonly n: number;
}

const ITEM: JsonlSchema<Item> = {
  what: "test row",
  isRow: (v): v is Item => typeof v === "object" && v !== null && typeof (v as Item).id === "string" && typeof (v as Item).n === "number",
  key: (row) => row.id,
};

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jsonl-store-")), "sub", "items.jsonl");
}

const line = (item: Item): string => `${JSON.stringify(item)}\n`;

describe("JsonlStore (append-only JSON lines by schema)", () => {
  it("creates the folder, appends one line per row, and reads them back by key", () => {
    const file = tempFile();
    const store = JsonlStore.open(file, ITEM);
    store.append({ id: "a", n: 1 });
    store.append({ id: "b", n: 2 });
    assert.throws(() => store.append({ id: "a", n: 3 }), /a test row for a is already stored/);
    store.close();
    assert.equal(fs.readFileSync(file, "utf8"), line({ id: "a", n: 1 }) + line({ id: "b", n: 2 }));
    assert.throws(() => store.append({ id: "c", n: 3 }), /store is closed/);
    const again = JsonlStore.open(file, ITEM);
    assert.ok(again.has("b") && !again.has("c"));
    assert.deepEqual(again.rows, [{ id: "a", n: 1 }, { id: "b", n: 2 }]);
    again.close();
  });

  it("refuses to append once the file was replaced or removed under it, writing nothing", () => {
    const file = tempFile();
    const store = JsonlStore.open(file, ITEM);
    store.append({ id: "a", n: 1 });
    // What git checkout or stash does: a new file (new inode) at the same path.
    fs.writeFileSync(`${file}.new`, line({ id: "a", n: 1 }));
    fs.renameSync(`${file}.new`, file);
    assert.throws(() => store.append({ id: "b", n: 2 }), /items\.jsonl: the file was replaced or removed while this process appended to it/);
    assert.equal(fs.readFileSync(file, "utf8"), line({ id: "a", n: 1 }));
    fs.rmSync(file);
    assert.throws(() => store.append({ id: "c", n: 3 }), /replaced or removed/);
    store.close();
  });

  it("removeRows rewrites the file without the chosen rows, keeps the lock, and appends to the new file", () => {
    const file = tempFile();
    const store = JsonlStore.open(file, ITEM);
    for (const [id, n] of [["a", 1], ["b", -1], ["c", 3], ["d", -1]] as const) store.append({ id, n });
    assert.deepEqual(store.removeRows((row) => row.n === 99), []);
    assert.deepEqual(store.removeRows((row) => row.n < 0), [{ id: "b", n: -1 }, { id: "d", n: -1 }]);
    assert.equal(fs.readFileSync(file, "utf8"), line({ id: "a", n: 1 }) + line({ id: "c", n: 3 }));
    assert.ok(!store.has("b") && store.has("c"));
    assert.deepEqual(store.rows, [{ id: "a", n: 1 }, { id: "c", n: 3 }]);
    assert.equal(fs.readFileSync(`${file}.lock.tmp`, "utf8"), `${process.pid}\n`);
    store.append({ id: "b", n: 2 });
    store.close();
    assert.equal(fs.readFileSync(file, "utf8"), line({ id: "a", n: 1 }) + line({ id: "c", n: 3 }) + line({ id: "b", n: 2 }));
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["items.jsonl"]); // no temporary file, lock released
    assert.throws(() => store.removeRows(() => true), /store is closed/);
  });

  it("keeps the first of two rows with one key, warning with file and line", () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, line({ id: "a", n: 1 }) + line({ id: "a", n: 2 }) + line({ id: "b", n: 3 }));
    const warnings: string[] = [];
    const store = JsonlStore.open(file, ITEM, { warn: (m) => warnings.push(m) });
    store.close();
    assert.deepEqual(store.rows, [{ id: "a", n: 1 }, { id: "b", n: 3 }]);
    assert.equal(store.openReport.duplicatesIgnored, 1);
    assert.match(warnings.join("\n"), /items\.jsonl:2: duplicate test row for a ignored/);
    assert.deepEqual(readJsonl(file, ITEM), store.rows);
  });

  it("truncates a last line that is JSON but not a row; refuses such a line elsewhere, naming file, line and what", () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${line({ id: "a", n: 1 })}{"id":"b"}\n`);
    const warnings: string[] = [];
    const store = JsonlStore.open(file, ITEM, { warn: (m) => warnings.push(m) });
    store.close();
    assert.equal(store.openReport.truncatedBytes, '{"id":"b"}\n'.length);
    assert.match(warnings.join("\n"), /truncated a torn last line \(11 bytes, line 2\)/);
    assert.equal(fs.readFileSync(file, "utf8"), line({ id: "a", n: 1 }));
    fs.writeFileSync(file, `{"id":"b"}\n${line({ id: "a", n: 1 })}`);
    assert.throws(() => JsonlStore.open(file, ITEM), /items\.jsonl:1: not a test row \(only the last line may be torn\)/);
    assert.throws(() => readJsonl(file, ITEM), /items\.jsonl:1: not a test row/);
    assert.equal(fs.existsSync(`${file}.lock.tmp`), false, "a refused open releases the lock");
  });

  it("readJsonl repairs nothing: a torn last line is skipped but left, a complete unterminated row is kept", () => {
    const file = tempFile();
    assert.deepEqual(readJsonl(file, ITEM), []);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = `${line({ id: "a", n: 1 })}{"id":"b","n`;
    fs.writeFileSync(file, text);
    const warnings: string[] = [];
    assert.deepEqual(readJsonl(file, ITEM, (m) => warnings.push(m)), [{ id: "a", n: 1 }]);
    assert.equal(fs.readFileSync(file, "utf8"), text);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /items\.jsonl: line 2 is torn .* left out/, "a reader who asks is told about the torn line");
    fs.writeFileSync(file, `${line({ id: "a", n: 1 })}${JSON.stringify({ id: "b", n: 2 })}`);
    assert.deepEqual(readJsonl(file, ITEM, (m) => warnings.push(m)), [{ id: "a", n: 1 }, { id: "b", n: 2 }]);
    assert.equal(warnings.length, 1, "a complete row without its newline is no torn line");
  });

  it("close releases only its own lock, once", () => {
    const file = tempFile();
    const first = JsonlStore.open(file, ITEM);
    first.close();
    const second = JsonlStore.open(file, ITEM);
    first.close();
    assert.ok(fs.existsSync(`${file}.lock.tmp`), "a second close of the first store leaves the second store's lock");
    second.close();
    assert.equal(fs.existsSync(`${file}.lock.tmp`), false);
  });

  it("removeJsonl deletes a file nobody writes, and leaves one whose lock a live process holds", () => {
    const file = tempFile();
    const store = JsonlStore.open(file, ITEM);
    store.append({ id: "a", n: 1 });
    assert.equal(removeJsonl(file), false, "this process holds the lock");
    assert.ok(fs.existsSync(file));
    store.close();
    fs.writeFileSync(`${file}.lock.tmp`, `${process.ppid}\n`);
    assert.equal(removeJsonl(file), false, "the parent process holds the lock");
    fs.writeFileSync(`${file}.lock.tmp`, "999999999\n");
    assert.equal(removeJsonl(file), true, "a dead owner's lock is taken over");
    assert.equal(fs.existsSync(file), false);
    assert.equal(fs.existsSync(`${file}.lock.tmp`), false);
    assert.equal(removeJsonl(file), true, "a missing file is nothing to remove");
  });
});
