import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseIdx, readIdxFile } from "../../src/data/idx";
import { mnistFiles, readMnistFiles } from "../../src/data/mnist";

/** Builds an IDX file of unsigned bytes: magic, big-endian dims, data. */
function idxBytes(magic: number, dims: number[], data: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

describe("IDX reader", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "idx-test-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  function write(name: string, bytes: Buffer): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  }

  it("reads the real MNIST test labels: 10,000 digits, first ones 7 2 1 0 4", () => {
    const labels = readIdxFile(mnistFiles("test").labels, { rank: 1 });
    assert.deepEqual(labels.dims, [10000]);
    assert.deepEqual(Array.from(labels.data.subarray(0, 5)), [7, 2, 1, 0, 4]);
  });

  it("parses a small well-formed 3-d file", () => {
    const a = parseIdx(idxBytes(0x0803, [2, 1, 2], [1, 2, 3, 4]), "ok", { rank: 3, innerDims: [1, 2] });
    assert.deepEqual(a.dims, [2, 1, 2]);
    assert.deepEqual(Array.from(a.data), [1, 2, 3, 4]);
  });

  it("rejects a wrong magic number, naming the file", () => {
    const file = write("bad-magic-idx1", idxBytes(0x0803, [3], [1, 2, 3]));
    assert.throws(() => readIdxFile(file, { rank: 1 }), /bad-magic-idx1: wrong magic number 0x00000803, expected 0x00000801/);
    const f2 = write("float-idx1", idxBytes(0x0d01, [3], [1, 2, 3]));
    assert.throws(() => readIdxFile(f2, { rank: 1 }), /float-idx1: wrong magic number/);
  });

  it("rejects wrong dimensions", () => {
    const file = write("wrong-dims-idx3", idxBytes(0x0803, [1, 27, 28], new Array(27 * 28).fill(0)));
    assert.throws(
      () => readIdxFile(file, { rank: 3, innerDims: [28, 28] }),
      /wrong-dims-idx3: wrong dimensions 1x27x28, expected Nx28x28/,
    );
  });

  it("rejects truncated data and a truncated header", () => {
    const file = write("short-idx3", idxBytes(0x0803, [2, 28, 28], new Array(784 + 100).fill(0)));
    assert.throws(
      () => readIdxFile(file, { rank: 3, innerDims: [28, 28] }),
      /short-idx3: truncated data, 884 bytes after the header but dimensions 2x28x28 need 1568/,
    );
    const head = write("short-header", Buffer.from([0, 0, 8, 3, 0, 0]));
    assert.throws(() => readIdxFile(head, { rank: 3, innerDims: [28, 28] }), /short-header: truncated IDX header/);
    const empty = write("empty", Buffer.alloc(0));
    assert.throws(() => readIdxFile(empty, { rank: 1 }), /empty: truncated IDX file/);
  });

  it("rejects trailing bytes", () => {
    const file = write("long-idx1", idxBytes(0x0801, [2], [1, 2, 3]));
    assert.throws(() => readIdxFile(file, { rank: 1 }), /long-idx1: 1 unexpected trailing bytes/);
  });

  it("rejects a missing file with its path", () => {
    const missing = path.join(dir, "nope");
    assert.throws(() => readIdxFile(missing, { rank: 1 }), (e: Error) => e.message.startsWith(`${missing}: cannot read`));
  });

  it("rejects image and label files of different lengths, and labels above 9", () => {
    const images = write("img-idx3", idxBytes(0x0803, [2, 28, 28], new Array(2 * 784).fill(255)));
    const labels = write("lab-idx1", idxBytes(0x0801, [3], [1, 2, 3]));
    assert.throws(() => readMnistFiles("test", { images, labels }), /lab-idx1: holds 3 labels but img-idx3 holds 2 images/);
    const bad = write("bad-lab-idx1", idxBytes(0x0801, [2], [1, 12]));
    assert.throws(() => readMnistFiles("test", { images, labels: bad }), /bad-lab-idx1: label 1 is 12, expected 0-9/);
    const good = write("good-lab-idx1", idxBytes(0x0801, [2], [1, 9]));
    const set = readMnistFiles("test", { images, labels: good });
    assert.equal(set.images[1][783], 1);
  });
});
