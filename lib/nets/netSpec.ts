/**
 * The registry of the library's nets that can be described as plain data. It sits above the
 * four nets (each declares its own spec type and imports nothing from here), and lib/parallel
 * builds replicas through it.
 */
import { DeepConvNet, type DeepConvNetSpec } from "./deepConvNet";
import { MultiLayerNet, type MultiLayerNetSpec } from "./multiLayerNet";
import type { Sequential } from "./sequential";
import { SimpleConvNet, type SimpleConvNetSpec } from "./simpleConvNet";
import { checkOptions } from "../options/checkOptions";
import { TwoLayerNet, type TwoLayerNetSpec } from "./twoLayerNet";

/**
 * A net described as plain data, so another thread can build the same net: the class name
 * and its constructor options (numbers, strings, arrays only).
 *
 * @example
 * const spec: NetSpec = { net: "DeepConvNet", options: { seed: 1 } };
 */
export type NetSpec = DeepConvNetSpec | SimpleConvNetSpec | MultiLayerNetSpec | TwoLayerNetSpec;

/** The net names a {@link NetSpec} may hold. */
export const NET_SPEC_NAMES = ["DeepConvNet", "SimpleConvNet", "MultiLayerNet", "TwoLayerNet"] as const;

/**
 * Builds the net a {@link NetSpec} describes.
 *
 * @example
 * const net = buildNet({ net: "DeepConvNet", options: { seed: 1 } });
 */
export function buildNet(spec: NetSpec): Sequential {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`buildNet: spec must be { net, options }, got ${String(spec)}`);
  }
  checkOptions("buildNet", spec, ["net", "options"], { argument: "spec" });
  switch (spec.net) {
    case "DeepConvNet":
      return new DeepConvNet(spec.options);
    case "SimpleConvNet":
      return new SimpleConvNet(spec.options);
    case "MultiLayerNet":
      return new MultiLayerNet(spec.options);
    case "TwoLayerNet": {
      const { inputSize, hiddenSize, outputSize, ...rest } = spec.options;
      return new TwoLayerNet(inputSize, hiddenSize, outputSize, rest);
    }
    default:
      throw new RangeError(
        `buildNet: spec.net must be one of ${NET_SPEC_NAMES.join(", ")}, got ${JSON.stringify((spec as { net: unknown }).net)}`,
      );
  }
}

/**
 * The spec a net carries (the library's nets remember theirs), or undefined for a net without
 * one (a learner's own layers, a hand-built Sequential, a GraphNet).
 *
 * @example
 * specOf(new DeepConvNet({ seed: 1 })); // { net: "DeepConvNet", options: { seed: 1 } }
 */
export function specOf(net: object): NetSpec | undefined {
  const spec = (net as { spec?: unknown }).spec;
  if (typeof spec !== "object" || spec === null) return undefined;
  const name = (spec as { net?: unknown }).net;
  return (NET_SPEC_NAMES as readonly unknown[]).includes(name) ? (spec as NetSpec) : undefined;
}
