import * as tf from "@tensorflow/tfjs-core";
import { isDisplayable, type MimeBundle } from "../ground/displaySeam";
import { isFigure } from "../ground/figure";
import { figureBundle } from "./figureBundle";
import { plainMimeBundle } from "./plainBundle";
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
  if (!isDisplayable(value)) {
    if (isFigure(value)) return figureBundle(value);
    if (value instanceof tf.Tensor) return tensorBundle(value);
  }
  return plainMimeBundle(value);
}
