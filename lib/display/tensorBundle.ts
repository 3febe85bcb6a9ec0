import * as tf from "@tensorflow/tfjs-core";
import { encodePng } from "../ground/png";
import type { MimeBundle } from "../ground/displaySeam";

/** Image-shaped tensors up to this many pixels a side and images per grid get an image/png. */
const MAX_SIDE = 512;
const MAX_IMAGES = 64;

function imageLayout(shape: number[]): { n: number; h: number; w: number } | undefined {
  let n = 1;
  let h: number;
  let w: number;
  if (shape.length === 2) [h, w] = shape;
  else if (shape.length === 3 && shape[0] === 1) [, h, w] = shape;
  else if (shape.length === 4 && shape[1] === 1) [n, , h, w] = shape;
  else return undefined;
  if (n < 1 || n > MAX_IMAGES || h < 2 || w < 2 || h > MAX_SIDE || w > MAX_SIDE) return undefined;
  return { n, h, w };
}

/** Grayscale PNG of an image-shaped tensor (min-max scaled; N images side by side in a grid). */
function tensorPng(values: Float32Array | Int32Array | Uint8Array, n: number, h: number, w: number): string {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const cols = Math.min(n, 8);
  const rows = Math.ceil(n / cols);
  const gap = n > 1 ? 2 : 0;
  const width = cols * w + (cols - 1) * gap;
  const height = rows * h + (rows - 1) * gap;
  const pixels = new Uint8Array(width * height).fill(255);
  for (let k = 0; k < n; k++) {
    const ox = (k % cols) * (w + gap);
    const oy = Math.floor(k / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = values[k * h * w + y * w + x];
        pixels[(oy + y) * width + ox + x] = Number.isFinite(v) ? Math.round((v - min) * scale) : 0;
      }
    }
  }
  return encodePng(pixels, width, height, 1);
}

/**
 * The MIME bundle of a tensor: a text/plain summary (dtype, shape, values preview) and, for
 * image-shaped tensors ([H, W], [1, H, W], [N, 1, H, W] with small N), an image/png.
 *
 * @example
 * tensorBundle(tf.zeros([28, 28]))["image/png"]; // base64 PNG of a black 28x28 image
 */
export function tensorBundle(t: tf.Tensor): MimeBundle {
  if (t.isDisposed) return { "text/plain": `Tensor (disposed) ${t.dtype} [${t.shape.join(", ")}]` };
  const header = `Tensor ${t.dtype} [${t.shape.join(", ")}]` + (t instanceof tf.Variable ? ` (Variable "${t.name}")` : "");
  const bundle: MimeBundle = {
    "text/plain": `${header}\n${t
      .toString()
      .replace(/^Tensor\n/, "")
      .replace(/^ {4}/gm, "")}`,
  };
  const layout = t.dtype === "string" || t.dtype === "complex64" ? undefined : imageLayout(t.shape);
  if (layout) {
    bundle["image/png"] = tensorPng(t.dataSync(), layout.n, layout.h, layout.w);
  }
  return bundle;
}
