import { DataFileError } from "../errors";
import { platform } from "../platform";
import { decodeParams, type ParamsFile } from "./format";
import { describeArgument } from "./netTensors";

/**
 * Reads and validates a parameter file without a net: its header (net name, tensor names,
 * shapes) and every tensor's values. A missing or damaged file is a DataFileError.
 *
 * @example
 * const { header, values } = readParamsFile("deepconvnet.nnparams");
 * header.tensors.map((t) => `${t.name} ${t.shape}`);
 * values.get("Conv1.W"); // Float32Array
 */
export function readParamsFile(file: string): ParamsFile {
  if (typeof file !== "string" || file === "")
    throw new TypeError(`readParamsFile: file must be a non-empty path, got ${describeArgument(file)}`);
  const abs = platform.resolvePath(file);
  let bytes: Uint8Array;
  try {
    bytes = platform.readFile(abs);
  } catch (e) {
    throw new DataFileError(abs, `cannot read the file (${(e as { code?: string }).code ?? (e as Error).message})`);
  }
  return decodeParams(bytes, abs);
}
