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
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}
