import { affineWarp, checkFinite, clamp01, imageSize, type ImageOptions } from "./image";

/**
 * Rotates an image about its centre by `deg` degrees, counter-clockwise as seen on screen,
 * with bilinear interpolation; corners brought in from outside are 0. Returns a new image.
 *
 * @example
 * const tilted = rotate(digit, 15); // a 28x28 Float32Array in, a new one out
 */
export function rotate(image: Float32Array, deg: number, opts?: ImageOptions): Float32Array {
  const { H, W } = imageSize("rotate", image, opts);
  checkFinite("rotate", "deg", deg);
  return clamp01(affineWarp(image, H, W, deg, 1, 0, 0));
}
