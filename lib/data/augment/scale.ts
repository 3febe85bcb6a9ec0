import { affineWarp, checkFinite, clamp01, imageSize, type ImageOptions } from "./image";

/**
 * Zooms an image about its centre: factor > 1 enlarges (the edges leave the frame),
 * factor < 1 shrinks (a 0 border appears). Bilinear; returns a new image.
 *
 * @example
 * const bigger = scale(digit, 1.2);
 */
export function scale(image: Float32Array, factor: number, opts?: ImageOptions): Float32Array {
  const { H, W } = imageSize("scale", image, opts);
  if (!(checkFinite("scale", "factor", factor) > 0)) throw new RangeError(`scale: factor must be > 0, got ${factor}`);
  return clamp01(affineWarp(image, H, W, 0, factor, 0, 0));
}
