import { imageSize, pickImageRng, type RandomImageOptions, RANDOM_IMAGE_KEYS } from "./image";

/**
 * Cutout (DeVries & Taylor, 2017): zeroes a size x size square centred at a random pixel;
 * near an edge part of the square falls outside, as in the paper. Returns a new image.
 *
 * @example
 * const holed = cutout(digit, 8, { rng: new Rng(0) });
 */
export function cutout(image: Float32Array, size: number, opts?: RandomImageOptions): Float32Array {
  const { H, W } = imageSize("cutout", image, opts, RANDOM_IMAGE_KEYS);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`cutout: size must be a non-negative integer, got ${String(size)}`);
  const rng = pickImageRng("cutout", opts);
  const cy = rng.int(H);
  const cx = rng.int(W);
  const out = Float32Array.from(image);
  const y0 = Math.max(0, cy - Math.floor(size / 2));
  const x0 = Math.max(0, cx - Math.floor(size / 2));
  const y1 = Math.min(H, cy - Math.floor(size / 2) + size);
  const x1 = Math.min(W, cx - Math.floor(size / 2) + size);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out[y * W + x] = 0;
  return out;
}
