import { platform } from "../platform";
import { encodeParams } from "./format";
import { checkFileArgument, netTensors, type ParamsOwner } from "./netTensors";

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
  checkFileArgument(where, net, file);
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
    const code = (e as { code?: unknown }).code;
    const reason = code === "EACCES" || code === "EPERM" ? "permission denied: the file or its folder is read-only" : (e as Error).message;
    throw new Error(`${where}: could not write ${target} (${reason}); any previous file is unchanged`, { cause: e });
  }
  return bytes.length;
}
