import { imageSize, type ImageOptions } from "./image";

/**
 * Mirrors an image left to right. Fine for photos of clothes, wrong for digits (a mirrored
 * 2 or 7 is not a digit; lesson 04 shows it). Returns a new image.
 *
 * @example
 * const mirrored = flipHorizontal(digit);
 */
export function flipHorizontal(image: Float32Array, opts?: ImageOptions): Float32Array {
  const { H, W } = imageSize("flipHorizontal", image, opts);
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = image[y * W + (W - 1 - x)];
  return out;
}
