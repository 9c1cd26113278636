import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Reader for the IDX file format of the original MNIST distribution (LeCun et al.): a 4-byte
 * big-endian magic number `0x0000 TT DD` (TT = data type, DD = number of dimensions), then DD
 * big-endian uint32 dimension sizes, then the data in row-major order. MNIST uses only
 * unsigned bytes (type 0x08).
 */

/** Data type code of unsigned bytes in an IDX header. */
export const IDX_UBYTE = 0x08;

/** The contents of one IDX file of unsigned bytes. */
export interface IdxArray {
  /** Sizes of the dimensions, outermost first (e.g. [10000, 28, 28] for test images). */
  readonly dims: readonly number[];
  /** The data, row-major; its length is the product of `dims`. */
  readonly data: Uint8Array;
}

/** What a caller expects of an IDX file; the reader refuses anything else. */
export interface IdxExpectation {
  /** Number of dimensions (1 for labels, 3 for images). */
  readonly rank: number;
  /** Required sizes of the dimensions after the first (e.g. [28, 28]); none for labels. */
  readonly innerDims?: readonly number[];
}

/**
 * Parses an IDX file of unsigned bytes held in `bytes`.
 * @param bytes - the whole file
 * @param source - the file name used in error messages
 * @param expect - the rank and inner dimensions the caller requires
 * @throws Error naming `source` and the problem: wrong magic number, wrong dimensions or
 *   truncated data (too few or too many bytes for the header's dimensions)
 */
export function parseIdx(bytes: Uint8Array, source: string, expect: IdxExpectation): IdxArray {
  const name = path.basename(source);
  if (bytes.length < 4) {
    throw new Error(`${name}: truncated IDX file, ${bytes.length} bytes is shorter than the 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  const expectedMagic = (IDX_UBYTE << 8) | expect.rank;
  if (magic !== expectedMagic) {
    throw new Error(
      `${name}: wrong magic number 0x${hex(magic)}, expected 0x${hex(expectedMagic)} ` +
        `(unsigned bytes, ${expect.rank} dimension${expect.rank === 1 ? "" : "s"})`,
    );
  }
  const headerBytes = 4 + 4 * expect.rank;
  if (bytes.length < headerBytes) {
    throw new Error(`${name}: truncated IDX header, ${bytes.length} bytes, expected at least ${headerBytes}`);
  }
  const dims: number[] = [];
  for (let d = 0; d < expect.rank; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const inner = expect.innerDims ?? [];
  if (inner.length !== expect.rank - 1 || inner.some((n, i) => dims[i + 1] !== n)) {
    throw new Error(`${name}: wrong dimensions ${dims.join("x")}, expected Nx${inner.join("x")}`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerBytes;
  if (available < count) {
    throw new Error(
      `${name}: truncated data, ${available} bytes after the header but dimensions ${dims.join("x")} need ${count}`,
    );
  }
  if (available > count) {
    throw new Error(
      `${name}: ${available - count} unexpected trailing bytes after the ${count} bytes of dimensions ${dims.join("x")}`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes, headerBytes + count) };
}

/**
 * Reads and parses an IDX file of unsigned bytes from disk (see {@link parseIdx}).
 * @throws Error naming the file when it cannot be read or is malformed
 */
export function readIdxFile(file: string, expect: IdxExpectation): IdxArray {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new Error(`${file}: cannot read IDX file (${(e as Error).message})`);
  }
  return parseIdx(bytes, file, expect);
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}
