import * as tf from "@tensorflow/tfjs-core";
import type { Variable } from "@tensorflow/tfjs-core";
import type { Net } from "../nets/net";

/** What save/load use of a Net: its name, params() and state(). */
export type ParamsOwner = Pick<Net, "name" | "params" | "state">;

/** A net's tensors by name with their kind. @internal */
export interface NetTensor {
  readonly name: string;
  readonly kind: "param" | "state";
  readonly variable: Variable;
}

/** Lists params() then state(), checking the net and the names. @internal */
export function netTensors(where: string, net: ParamsOwner): NetTensor[] {
  if (typeof net !== "object" || net === null || typeof net.params !== "function" || typeof net.state !== "function") {
    throw new TypeError(`${where}: net must be a Net (with params() and state()), got ${net === null ? "null" : typeof net}`);
  }
  const out: NetTensor[] = [];
  const seen = new Set<string>();
  for (const [kind, record] of [
    ["param", net.params()],
    ["state", net.state()],
  ] as const) {
    for (const [name, variable] of Object.entries(record)) {
      if (!(variable instanceof tf.Tensor)) throw new TypeError(`${where}: ${kind} "${name}" of net "${net.name}" is not a tf.Variable`);
      if (variable.isDisposed) {
        throw new Error(`${where}: net "${net.name}" was disposed (its ${kind} "${name}" is freed); build a new net to use it`);
      }
      if (seen.has(name)) throw new RangeError(`${where}: net "${net.name}" has "${name}" both as a param and as state`);
      if (variable.dtype !== "float32" && variable.dtype !== "int32") {
        throw new TypeError(`${where}: ${kind} "${name}" has dtype ${variable.dtype}; only float32 and int32 can be saved`);
      }
      seen.add(name);
      out.push({ name, kind, variable });
    }
  }
  return out;
}
