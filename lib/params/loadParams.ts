import * as tf from "@tensorflow/tfjs-core";
import { ParamsMismatchError, formatShape } from "../errors";
import { platform } from "../platform";
import { warn } from "../warning";
import type { ParamsHeader } from "./format";
import { checkFileArgument, netTensors, type ParamsOwner } from "./netTensors";
import { readParamsFile } from "./readParamsFile";

/**
 * Loads a file written by `saveParams` into a net. Everything is checked before anything is
 * assigned: the file itself (DataFileError when missing, truncated or not a parameter file),
 * then every tensor against the net, both ways (name, param/state, dtype, shape). Any
 * mismatch throws one ParamsMismatchError listing all differences, and the net keeps its
 * values. Returns the file's header. A file holding NaN or Infinity loads (it may be what a
 * lesson wants to show) with a warning naming the tensors, since such a net predicts NaN.
 *
 * @example
 * try {
 *   loadParams(net, "deepconvnet.nnparams");
 * } catch (e) {
 *   if (e instanceof ParamsMismatchError) console.log(e.differences); // ["Conv1.W: shape ..."]
 * }
 */
export function loadParams(net: ParamsOwner, file: string): ParamsHeader {
  const where = "loadParams";
  checkFileArgument(where, net, file);
  const mine = netTensors(where, net);
  const { header, values } = readParamsFile(file);
  const abs = platform.resolvePath(file);
  const inFile = new Map(header.tensors.map((t) => [t.name, t]));
  const differences: string[] = [];
  for (const t of mine) {
    const f = inFile.get(t.name);
    if (!f) {
      differences.push(`${t.name}: missing from file`);
      continue;
    }
    if (f.kind !== t.kind) differences.push(`${t.name}: a ${f.kind} in file, a ${t.kind} in net`);
    if (f.shape.join(",") !== t.variable.shape.join(",")) {
      differences.push(`${t.name}: shape ${formatShape(f.shape)} in file, ${formatShape(t.variable.shape)} in net`);
    } else if (f.dtype !== t.variable.dtype) {
      differences.push(`${t.name}: dtype ${f.dtype} in file, ${t.variable.dtype} in net`);
    }
  }
  const netNames = new Set(mine.map((t) => t.name));
  for (const f of header.tensors) if (!netNames.has(f.name)) differences.push(`${f.name}: not in net`);
  if (differences.length > 0) throw new ParamsMismatchError(abs, differences);
  const nonFinite = mine.filter((t) => !values.get(t.name)!.every(Number.isFinite));
  if (nonFinite.length > 0) {
    const names = nonFinite.map((t) => t.name).join(", ");
    warn(`loadParams: ${abs} holds NaN or Infinity in ${names}; the net will predict NaN (was it saved after training diverged?)`);
  }
  for (const t of mine) {
    const v = tf.tensor(values.get(t.name)!, t.variable.shape, t.variable.dtype);
    t.variable.assign(v);
    v.dispose();
  }
  return header;
}
