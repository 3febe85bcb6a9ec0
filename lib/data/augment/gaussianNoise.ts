import { checkFinite, clamp01, imageSize, pickImageRng, type RandomImageOptions, RANDOM_IMAGE_KEYS } from "./image";
import { checkOptions } from "../../options/checkOptions";

/**
 * Adds independent normal noise with standard deviation `std` to every pixel, then clamps to
 * [0, 1]. Returns a new image.
 *
 * @example
 * const noisy = gaussianNoise(digit, 0.1, { rng: new Rng(0) });
 */
export function gaussianNoise(image: Float32Array, std: number, opts?: RandomImageOptions): Float32Array {
  checkOptions("gaussianNoise", opts, RANDOM_IMAGE_KEYS);
  imageSize("gaussianNoise", image, { height: 1, width: image instanceof Float32Array ? image.length : 0, ...opts }, RANDOM_IMAGE_KEYS);
  checkFinite("gaussianNoise", "std", std, 0);
  const rng = pickImageRng("gaussianNoise", opts);
  const out = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) out[i] = image[i] + rng.normal(0, std);
  return clamp01(out);
}
