import { bilinear, checkFinite, clamp01, imageSize, pickImageRng, type RandomImageOptions, RANDOM_IMAGE_KEYS } from "./image";

/** Convolves a field with a normalized 1-D Gaussian along rows, then columns; 0 outside. */
function gaussianBlur(field: Float64Array, H: number, W: number, sigma: number): Float64Array {
  if (sigma === 0) return field;
  const r = Math.max(1, Math.ceil(4 * sigma));
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp((-i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  const tmp = new Float64Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) if (x + i >= 0 && x + i < W) v += k[i + r] * field[y * W + x + i];
      tmp[y * W + x] = v;
    }
  }
  const out = new Float64Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 0;
      for (let i = -r; i <= r; i++) if (y + i >= 0 && y + i < H) v += k[i + r] * tmp[(y + i) * W + x];
      out[y * W + x] = v;
    }
  }
  return out;
}

/**
 * Elastic distortion (Simard, Steinkraus & Platt, 2003): every pixel gets a random
 * displacement, uniform in [-1, 1] per axis, smoothed by a Gaussian of std `sigma` (pixels)
 * and scaled by `alpha`; the image is resampled there bilinearly. Small sigma gives noise-like
 * jitter; sigma around 4 with alpha around 34 gives hand-writing-like wobble on 28x28 digits.
 * Returns a new image.
 *
 * @example
 * const wobbly = elasticDistortion(digit, 34, 4, { rng: new Rng(0) });
 */
export function elasticDistortion(image: Float32Array, alpha: number, sigma: number, opts?: RandomImageOptions): Float32Array {
  const where = "elasticDistortion";
  const { H, W } = imageSize(where, image, opts, RANDOM_IMAGE_KEYS);
  checkFinite(where, "alpha", alpha, 0);
  checkFinite(where, "sigma", sigma, 0);
  const rng = pickImageRng(where, opts);
  const fx = new Float64Array(H * W);
  const fy = new Float64Array(H * W);
  for (let i = 0; i < H * W; i++) {
    fx[i] = rng.uniform(-1, 1);
    fy[i] = rng.uniform(-1, 1);
  }
  const dx = gaussianBlur(fx, H, W, sigma);
  const dy = gaussianBlur(fy, H, W, sigma);
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      out[i] = bilinear(image, H, W, x + alpha * dx[i], y + alpha * dy[i]);
    }
  }
  return clamp01(out);
}
