import { mulberry32 } from "../../lib/random/mulberry32";

/**
 * Centered-difference gradient of a scalar function of a Float64Array, in float64 plain
 * JavaScript: the trusted oracle that layer backward passes are compared with.
 */
export function numericalGradient64(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const plus = f(x);
    x[i] = keep - h;
    const minus = f(x);
    x[i] = keep;
    grad[i] = (plus - minus) / (2 * h);
  }
  return grad;
}

/** A deterministic pseudo-random Float64Array in [lo, hi), for test inputs. */
export function seededArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * (next() / 4294967296);
  return out;
}
