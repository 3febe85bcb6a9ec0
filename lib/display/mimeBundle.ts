import * as tf from "@tensorflow/tfjs-core";
import { isDisplayable, toMimeBundle, type MimeBundle } from "../host";
import { platform } from "../platform";
import { isFigure } from "../viz/figure";
import { figureBundle } from "./figureBundle";
import { tensorBundle } from "./tensorBundle";

/**
 * Turns any value into a Jupyter MIME bundle, through one protocol: objects with a
 * `[toMimeBundle]()` method (nets, layers, histories, reports) describe themselves; figures,
 * tensors and everything else get a built-in rendering; text/plain is always present.
 *
 * @example
 * mimeBundle(tf.ones([2, 2]))["text/plain"]; // "Tensor float32 [2, 2]\n[[1, 1], [1, 1]]"
 */
export function mimeBundle(value: unknown): MimeBundle {
  if (isDisplayable(value)) {
    const own: unknown = value[toMimeBundle]();
    if (typeof own !== "object" || own === null) {
      throw new TypeError(`mimeBundle: [toMimeBundle]() must return an object of MIME type -> data, got ${typeof own}`);
    }
    return "text/plain" in (own as MimeBundle)
      ? (own as MimeBundle)
      : { ...(own as MimeBundle), "text/plain": platform.inspect(value, { depth: 1 }) };
  }
  if (isFigure(value)) return figureBundle(value);
  if (value instanceof tf.Tensor) return tensorBundle(value);
  if (typeof value === "string") return { "text/plain": value };
  return { "text/plain": platform.inspect(value, { depth: 3, maxArrayLength: 100, breakLength: 100 }) };
}
