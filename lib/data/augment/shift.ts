import { affineWarp, checkFinite, clamp01, imageSize, type ImageOptions } from "./image";

/**
 * Moves an image right by `dx` and down by `dy` pixels (fractions interpolate bilinearly);
 * what comes in from the edge is 0. Returns a new image.
 *
 * @example
 * const moved = shift(digit, 2, -1); // two pixels right, one up
 */
export function shift(image: Float32Array, dx: number, dy: number, opts?: ImageOptions): Float32Array {
  const { H, W } = imageSize("shift", image, opts);
  checkFinite("shift", "dx", dx);
  checkFinite("shift", "dy", dy);
  return clamp01(affineWarp(image, H, W, 0, 1, dx, dy));
}
