import { imageSize, pickImageRng, type RandomImageOptions, RANDOM_IMAGE_KEYS } from "./image";

/**
 * Pads the image with `pad` zero pixels on every side, then crops a window of the original
 * size at a random place: a random whole-pixel shift of up to `pad` in each direction.
 * Returns a new image.
 *
 * @example
 * const cropped = randomCrop(digit, 4, { rng: new Rng(0) });
 */
export function randomCrop(image: Float32Array, pad: number, opts?: RandomImageOptions): Float32Array {
  const { H, W } = imageSize("randomCrop", image, opts, RANDOM_IMAGE_KEYS);
  if (!Number.isInteger(pad) || pad < 0) throw new RangeError(`randomCrop: pad must be a non-negative integer, got ${String(pad)}`);
  const rng = pickImageRng("randomCrop", opts);
  const oy = rng.int(2 * pad + 1) - pad;
  const ox = rng.int(2 * pad + 1) - pad;
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    const ys = y + oy;
    if (ys < 0 || ys >= H) continue;
    for (let x = 0; x < W; x++) {
      const xs = x + ox;
      if (xs >= 0 && xs < W) out[y * W + x] = image[ys * W + xs];
    }
  }
  return out;
}
