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

/** A value in a message, short whatever it is (a net passed as the file would be thousands of characters). @internal */
export function describeArgument(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === null || typeof value !== "object") return String(value);
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return `${typeof name === "string" && name !== "Object" ? `a ${name}` : "an"} object`;
}

/**
 * Checks the file argument of saveParams / loadParams, naming swapped arguments as such. @internal
 */
export function checkFileArgument(where: string, net: unknown, file: unknown): asserts file is string {
  if (typeof net === "string" && typeof file === "object" && file !== null) {
    throw new TypeError(
      `${where}: the arguments are swapped: call ${where}(net, file), got a path first and ${describeArgument(file)} second`,
    );
  }
  if (typeof file !== "string" || file === "")
    throw new TypeError(`${where}: file must be a non-empty path, got ${describeArgument(file)}`);
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
