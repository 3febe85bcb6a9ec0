import { ShapeError } from "../../errors";
import { Rng } from "../../random/rng";
import { checkOptions, optionKeys } from "../../options/checkOptions";
import { defaultRng } from "../../random/defaultRng";

/** The size of a single image; both default to sqrt(image.length) for square images. */
export interface ImageOptions {
  readonly height?: number;
  readonly width?: number;
}

/** ImageOptions plus the generator for random transforms (default: the module's, see setSeed). */
export interface RandomImageOptions extends ImageOptions {
  readonly rng?: Rng;
}

// The option names of ImageOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const IMAGE_KEYS = optionKeys<ImageOptions>({ height: true, width: true });

/** The option names of RandomImageOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default. @internal */
export const RANDOM_IMAGE_KEYS = optionKeys<RandomImageOptions>({ height: true, width: true, rng: true });

/** Checks an image argument and resolves its height and width. @internal */
export function imageSize(
  where: string,
  image: unknown,
  opts: ImageOptions | undefined,
  keys: readonly string[] = IMAGE_KEYS,
): { H: number; W: number } {
  if (!(image instanceof Float32Array)) {
    throw new TypeError(`${where}: image must be a Float32Array of H*W values in [0, 1], got ${image === null ? "null" : typeof image}`);
  }
  checkOptions(where, opts, keys);
  let { height: H, width: W } = opts ?? {};
  if (H === undefined && W === undefined) {
    const side = Math.round(Math.sqrt(image.length));
    if (side * side !== image.length || side === 0) {
      throw new ShapeError(where, "image", "square (H*W with H = W) unless height and width are given", [image.length]);
    }
    H = W = side;
  } else if (H === undefined) {
    H = image.length / (W as number);
  } else if (W === undefined) {
    W = image.length / H;
  }
  if (H === undefined || W === undefined || !Number.isInteger(H) || !Number.isInteger(W) || H < 1 || W < 1 || H * W !== image.length) {
    throw new ShapeError(where, "image", `${String(opts?.height ?? "?")}x${String(opts?.width ?? "?")} = H*W values`, [image.length]);
  }
  return { H, W };
}

/** The rng option or the default generator. @internal */
export function pickImageRng(where: string, opts: RandomImageOptions | undefined): Rng {
  const rng = opts?.rng;
  if (rng === undefined) return defaultRng();
  if (!(rng instanceof Rng)) throw new TypeError(`${where}: rng must be an Rng, got ${String(rng)}`);
  return rng;
}

/** Checks a finite number argument. @internal */
export function checkFinite(where: string, name: string, v: unknown, min = -Infinity): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
    throw new RangeError(`${where}: ${name} must be a finite number${min > -Infinity ? ` >= ${min}` : ""}, got ${String(v)}`);
  }
  return v;
}

// Coordinates this close to a pixel centre are snapped to it, so a 90-degree rotation (whose
// cosine is 6e-17, not 0) moves pixels exactly instead of blurring them by 1e-16.
const SNAP = 1e-6;

/**
 * The image's value at a real-valued position by bilinear interpolation; outside the image
 * counts as 0 (background). @internal
 */
export function bilinear(image: Float32Array, H: number, W: number, x: number, y: number): number {
  const rx = Math.round(x);
  const ry = Math.round(y);
  if (Math.abs(x - rx) < SNAP) x = rx;
  if (Math.abs(y - ry) < SNAP) y = ry;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xi: number, yi: number): number => (xi >= 0 && xi < W && yi >= 0 && yi < H ? image[yi * W + xi] : 0);
  let v = (1 - fx) * (1 - fy) * at(x0, y0);
  if (fx > 0) v += fx * (1 - fy) * at(x0 + 1, y0);
  if (fy > 0) v += (1 - fx) * fy * at(x0, y0 + 1);
  if (fx > 0 && fy > 0) v += fx * fy * at(x0 + 1, y0 + 1);
  return v;
}

/**
 * Rotation (degrees, counter-clockwise as seen), scaling about the centre, then a shift, in
 * one bilinear resampling (one blur instead of three). Each output pixel looks up where it
 * came from: p_in = c + R^T (p_out - t - c) / s. @internal
 */
export function affineWarp(image: Float32Array, H: number, W: number, deg: number, s: number, dx: number, dy: number): Float32Array {
  const out = new Float32Array(H * W);
  const th = (deg * Math.PI) / 180;
  const cos = Math.cos(th) / s;
  const sin = Math.sin(th) / s;
  const cx = (W - 1) / 2;
  const cy = (H - 1) / 2;
  for (let yo = 0; yo < H; yo++) {
    const v = yo - dy - cy;
    for (let xo = 0; xo < W; xo++) {
      const u = xo - dx - cx;
      out[yo * W + xo] = bilinear(image, H, W, cx + cos * u - sin * v, cy + sin * u + cos * v);
    }
  }
  return out;
}

/** Clamps every value into [0, 1] in place. @internal */
export function clamp01(a: Float32Array): Float32Array {
  for (let i = 0; i < a.length; i++) a[i] = a[i] < 0 ? 0 : a[i] > 1 ? 1 : a[i];
  return a;
}
