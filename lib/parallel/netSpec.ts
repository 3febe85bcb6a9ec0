import { DeepConvNet, type DeepConvNetOptions } from "../nets/deepConvNet";
import { MultiLayerNet, type MultiLayerNetOptions } from "../nets/multiLayerNet";
import type { Sequential } from "../nets/sequential";
import { SimpleConvNet, type SimpleConvNetOptions } from "../nets/simpleConvNet";

/**
 * A net described as plain data, so another thread can build the same net: the class name
 * and its constructor options (numbers, strings, arrays only).
 *
 * @example
 * const spec: NetSpec = { net: "DeepConvNet", options: { seed: 1 } };
 */
export type NetSpec =
  | { readonly net: "DeepConvNet"; readonly options?: DeepConvNetOptions }
  | { readonly net: "SimpleConvNet"; readonly options?: SimpleConvNetOptions }
  | { readonly net: "MultiLayerNet"; readonly options: MultiLayerNetOptions };

/** The net names a {@link NetSpec} may hold. */
export const NET_SPEC_NAMES = ["DeepConvNet", "SimpleConvNet", "MultiLayerNet"] as const;

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
  switch (spec.net) {
    case "DeepConvNet":
      return new DeepConvNet(spec.options);
    case "SimpleConvNet":
      return new SimpleConvNet(spec.options);
    case "MultiLayerNet":
      return new MultiLayerNet(spec.options);
    default:
      throw new RangeError(
        `buildNet: spec.net must be one of ${NET_SPEC_NAMES.join(", ")}, got ${JSON.stringify((spec as { net: unknown }).net)}`,
      );
  }
}
