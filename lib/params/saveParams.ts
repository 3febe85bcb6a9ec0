import { platform } from "../platform";
import { encodeParams } from "./format";
import { netTensors, type ParamsOwner } from "./netTensors";

/**
 * Saves a net's params() and state() to one file (format: lib/params/FORMAT.md). The bytes go
 * to `<file>.tmp-<pid>` first, are fsynced, and then renamed over `file`, so an error or a
 * crash leaves the old file as it was (or no file), never a half-written one.
 * Returns the number of bytes written.
 *
 * @example
 * saveParams(net, "deepconvnet.nnparams");
 * // later, or in another lesson:
 * loadParams(net2, "deepconvnet.nnparams");
 */
export function saveParams(net: ParamsOwner, file: string): number {
  const where = "saveParams";
  if (typeof file !== "string" || file === "") throw new TypeError(`${where}: file must be a non-empty path, got ${JSON.stringify(file)}`);
  const tensors = netTensors(where, net).map((t) => ({
    name: t.name,
    kind: t.kind,
    dtype: t.variable.dtype as "float32" | "int32",
    shape: t.variable.shape,
    // Read everything before touching the disk: a tensor that cannot be read fails here.
    values: t.variable.dataSync() as Float32Array | Int32Array,
  }));
  const bytes = encodeParams(typeof net.name === "string" ? net.name : "", tensors);
  const target = platform.resolvePath(file);
  try {
    platform.writeFileAtomic(target, bytes);
  } catch (e) {
    throw new Error(`${where}: could not write ${target} (${(e as Error).message}); any previous file is unchanged`, { cause: e });
  }
  return bytes.length;
}
