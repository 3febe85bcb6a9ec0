import { DataFileError } from "../errors";
import { platform, type FileStat } from "../platform";

/** One parsed IDX file: the dimensions from its header and its unsigned-byte payload. */
export interface IdxFile {
  /** The magic number: 2051 for images (3 dims), 2049 for labels (1 dim). */
  readonly magic: number;
  /** The dimensions, outermost first: [60000, 28, 28] or [60000]. */
  readonly dims: readonly number[];
  /** The values, row-major, one byte each. */
  readonly data: Uint8Array;
}

/** The magic numbers of the IDX files nnlab reads (type 0x08 = unsigned byte). */
export const IDX_IMAGES_MAGIC = 2051;
/** The magic number of an IDX label file. */
export const IDX_LABELS_MAGIC = 2049;

/**
 * Parses an IDX file already in memory (gunzipping it first when it starts with the gzip
 * signature). `file` names it in error messages; `expectedMagic` is 2051 or 2049.
 * Every inconsistency is a DataFileError naming the file and what was wrong.
 *
 * @example
 * const { dims, data } = parseIdx(bytesOfTheFile, "train-labels-idx1-ubyte", IDX_LABELS_MAGIC);
 */
export function parseIdx(raw: Uint8Array, file: string, expectedMagic: number): IdxFile {
  let bytes = raw;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = platform.gunzipSync(bytes);
    } catch (e) {
      throw new DataFileError(file, `looks gzipped but does not decompress (${(e as Error).message}); the download is probably incomplete`);
    }
  }
  const what = expectedMagic === IDX_IMAGES_MAGIC ? "images" : "labels";
  const ndims = expectedMagic & 0xff;
  const headerSize = 4 + 4 * ndims;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The magic number first: a wrong kind of file says so, whatever its length.
  const magic = bytes.length >= 4 ? view.getUint32(0, false) : -1;
  if (bytes.length >= 4 && magic !== expectedMagic) {
    throw new DataFileError(
      file,
      `expected IDX magic number ${expectedMagic} (${what}), got ${magic} (bytes ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join(" ")})`,
    );
  }
  if (bytes.length < headerSize) {
    throw new DataFileError(file, `expected an IDX ${what} header of ${headerSize} bytes, got a file of ${bytes.length} bytes`);
  }
  const dims: number[] = [];
  for (let i = 0; i < ndims; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const payload = dims.reduce((a, b) => a * b, 1);
  const expected = headerSize + payload;
  if (bytes.length !== expected) {
    const desc = ndims === 3 ? `${dims[0]} images of ${dims[1]}x${dims[2]}` : `${dims[0]} labels`;
    throw new DataFileError(file, `expected ${expected} bytes for ${desc}, got ${bytes.length}`);
  }
  return { magic, dims, data: bytes.subarray(headerSize) };
}

// Parsed files by absolute path and modification time: a second load in the same process
// (another lesson cell, a test) costs nothing, and a replaced file is read again.
const cache = new Map<string, { mtimeMs: number; size: number; idx: IdxFile }>();

/** An I/O error's code (ENOENT, EACCES, ...), else its message. */
function errorCode(e: unknown): string {
  return (e as { code?: string }).code ?? (e as Error).message;
}

/**
 * Reads and parses an IDX file (plain or gzipped), cached in memory.
 * A missing or unreadable file is a DataFileError too.
 *
 * @example
 * const labels = readIdx("data/train-labels-idx1-ubyte", IDX_LABELS_MAGIC);
 */
export function readIdx(file: string, expectedMagic: number): IdxFile {
  const abs = platform.resolvePath(file);
  let stat: FileStat;
  try {
    stat = platform.statFile(abs);
  } catch (e) {
    throw new DataFileError(abs, `cannot read the file (${errorCode(e)})`);
  }
  if (!stat.isFile) throw new DataFileError(abs, "is not a regular file");
  const hit = cache.get(abs);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.idx.magic === expectedMagic) return hit.idx;
  let raw: Uint8Array;
  try {
    raw = platform.readFile(abs);
  } catch (e) {
    throw new DataFileError(abs, `cannot read the file (${errorCode(e)})`);
  }
  const idx = parseIdx(raw, abs, expectedMagic);
  cache.set(abs, { mtimeMs: stat.mtimeMs, size: stat.size, idx });
  return idx;
}

/** Forgets every parsed IDX file (frees the memory; the next load reads the files again). */
export function clearIdxCache(): void {
  cache.clear();
}
