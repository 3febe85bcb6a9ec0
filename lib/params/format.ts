import { DataFileError, formatShape } from "../errors";

/** The 8 bytes every nnlab parameter file starts with. */
export const PARAMS_MAGIC = "NNLABPRM";
/** The `format` value in the header. */
export const PARAMS_FORMAT = "nnlab-params";
/** The format version this code writes and reads. */
export const PARAMS_VERSION = 1;

/** One tensor's entry in a parameter file's header (see lib/params/FORMAT.md). */
export interface ParamsTensorEntry {
  readonly name: string;
  readonly kind: "param" | "state";
  readonly dtype: "float32" | "int32";
  readonly shape: readonly number[];
  /** Byte offset from the start of the data section. */
  readonly offset: number;
  readonly byteLength: number;
}

/** The JSON header of a parameter file. */
export interface ParamsHeader {
  readonly format: typeof PARAMS_FORMAT;
  readonly version: number;
  /** The net's name when it was saved. */
  readonly net: string;
  readonly tensors: readonly ParamsTensorEntry[];
}

/** A parameter file read and validated: its header and each tensor's values. */
export interface ParamsFile {
  readonly header: ParamsHeader;
  /** Values by tensor name, row-major, decoded from little-endian. */
  readonly values: ReadonlyMap<string, Float32Array | Int32Array>;
}

/** Serializes a header and the tensors' values into the file's bytes. @internal */
export function encodeParams(
  net: string,
  tensors: readonly {
    name: string;
    kind: "param" | "state";
    dtype: "float32" | "int32";
    shape: readonly number[];
    values: Float32Array | Int32Array;
  }[],
): Uint8Array {
  let offset = 0;
  const entries: ParamsTensorEntry[] = tensors.map((t) => {
    const byteLength = 4 * t.values.length;
    const e = { name: t.name, kind: t.kind, dtype: t.dtype, shape: [...t.shape], offset, byteLength };
    offset += byteLength;
    return e;
  });
  const header: ParamsHeader = { format: PARAMS_FORMAT, version: PARAMS_VERSION, net, tensors: entries };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(12 + json.length + offset);
  for (let i = 0; i < PARAMS_MAGIC.length; i++) out[i] = PARAMS_MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(8, json.length, true);
  out.set(json, 12);
  let p = 12 + json.length;
  for (const t of tensors) {
    // DataView fixes the byte order to little-endian whatever the machine's.
    if (t.dtype === "float32") for (let i = 0; i < t.values.length; i++, p += 4) view.setFloat32(p, t.values[i], true);
    else for (let i = 0; i < t.values.length; i++, p += 4) view.setInt32(p, t.values[i], true);
  }
  return out;
}

/**
 * Parses and validates a parameter file's bytes completely (magic, header fields, unique
 * names, contiguous offsets, exact length). Any defect is a DataFileError naming `file`.
 * @internal
 */
export function decodeParams(bytes: Uint8Array, file: string): ParamsFile {
  const fail = (detail: string): never => {
    throw new DataFileError(file, `not a valid nnlab parameter file: ${detail}`);
  };
  if (bytes.length < 12) fail(`expected at least 12 bytes, got ${bytes.length}`);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (magic !== PARAMS_MAGIC) fail(`expected the magic "${PARAMS_MAGIC}" at the start, got ${JSON.stringify(magic)}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length)
    fail(`the header claims ${headerLength} bytes but the file has only ${bytes.length - 12} after the magic (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength)));
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  const h = header as Record<string, unknown>;
  if (typeof h !== "object" || h === null) fail("the header is not a JSON object");
  if (h.format !== PARAMS_FORMAT) fail(`expected format "${PARAMS_FORMAT}", got ${JSON.stringify(h.format)}`);
  if (h.version !== PARAMS_VERSION)
    fail(`expected version ${PARAMS_VERSION}, got ${JSON.stringify(h.version)} (written by a newer nnlab?)`);
  if (typeof h.net !== "string") fail(`expected "net" to be a string, got ${JSON.stringify(h.net)}`);
  if (!Array.isArray(h.tensors)) fail(`expected "tensors" to be an array, got ${JSON.stringify(h.tensors)}`);
  const tensors = h.tensors as Record<string, unknown>[];
  const seen = new Set<string>();
  let expectedOffset = 0;
  tensors.forEach((t, i) => {
    const at = `tensor ${i}${t && typeof t.name === "string" ? ` "${t.name}"` : ""}`;
    if (typeof t !== "object" || t === null || typeof t.name !== "string" || t.name === "")
      fail(`${at}: expected a non-empty string "name"`);
    if (seen.has(t.name as string)) fail(`${at}: the name occurs twice`);
    seen.add(t.name as string);
    if (t.kind !== "param" && t.kind !== "state") fail(`${at}: expected kind "param" or "state", got ${JSON.stringify(t.kind)}`);
    if (t.dtype !== "float32" && t.dtype !== "int32") fail(`${at}: expected dtype "float32" or "int32", got ${JSON.stringify(t.dtype)}`);
    const shape = t.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      fail(`${at}: expected a shape of non-negative integers, got ${JSON.stringify(shape)}`);
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (t.byteLength !== 4 * size)
      fail(`${at}: byteLength ${JSON.stringify(t.byteLength)} does not fit shape ${formatShape(shape as number[])} (expected ${4 * size})`);
    if (t.offset !== expectedOffset)
      fail(`${at}: offset ${JSON.stringify(t.offset)}, expected ${expectedOffset} (tensors are stored back to back)`);
    expectedOffset += 4 * size;
  });
  const dataStart = 12 + headerLength;
  if (bytes.length !== dataStart + expectedOffset) {
    fail(
      `expected ${dataStart + expectedOffset} bytes (header ${headerLength}, data ${expectedOffset}), got ${bytes.length}${bytes.length < dataStart + expectedOffset ? " (truncated)" : ""}`,
    );
  }
  const values = new Map<string, Float32Array | Int32Array>();
  for (const t of tensors as unknown as ParamsTensorEntry[]) {
    const n = t.byteLength / 4;
    const p0 = dataStart + t.offset;
    if (t.dtype === "float32") {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getFloat32(p0 + 4 * i, true);
      values.set(t.name, a);
    } else {
      const a = new Int32Array(n);
      for (let i = 0; i < n; i++) a[i] = view.getInt32(p0 + 4 * i, true);
      values.set(t.name, a);
    }
  }
  return { header: h as unknown as ParamsHeader, values };
}
