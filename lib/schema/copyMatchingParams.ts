import type { Net } from "../nets/net";
import { describeValue } from "../errors";

/**
 * Fine-tuning's first step, as Caffe does it with `-weights`: copies every param of `from`
 * into the param of `to` with the same name and shape, and reports what it copied and what
 * it left as initialized (a renamed or resized layer, e.g. a new last classifier).
 *
 * @example
 * const { copied, kept } = copyMatchingParams(mnistNet, fashionNet);
 * kept; // ["fc2_fashion.W", "fc2_fashion.b"]
 */
export function copyMatchingParams(from: Net, to: Net): { copied: string[]; kept: string[] } {
  const where = "copyMatchingParams";
  for (const [arg, n] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (typeof n !== "object" || n === null || typeof n.params !== "function")
      throw new TypeError(`${where}: ${arg} must be a Net, got ${describeValue(n)}`);
  }
  const src = from.params();
  const copied: string[] = [];
  const kept: string[] = [];
  for (const [name, p] of Object.entries(to.params())) {
    const s = src[name];
    if (s !== undefined && s.shape.length === p.shape.length && s.shape.every((d, i) => d === p.shape[i])) {
      p.assign(s);
      copied.push(name);
    } else kept.push(name);
  }
  return { copied, kept };
}
