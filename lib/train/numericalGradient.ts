import * as tf from "@tensorflow/tfjs-core";

/**
 * Centered differences of f at the chosen entries of param, in float64 arithmetic on float32
 * values. The step actually taken is the float32-rounded one, so the quotient is exact about
 * where f was evaluated. The param's values are restored exactly afterwards, also on error.
 *
 * @internal used by {@link numericalGradient} and gradientCheck.
 */
export function numericalGradientAt(f: () => number, param: tf.Variable, indices: ArrayLike<number>, h: number): Float64Array {
  const original = param.dataSync().slice() as Float32Array;
  const work = original.slice();
  const out = new Float64Array(indices.length);
  const set = (values: Float32Array) => {
    const next = tf.tensor(values, param.shape, "float32");
    param.assign(next);
    next.dispose();
  };
  try {
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      const keep = original[i];
      const plus = Math.fround(keep + h);
      const minus = Math.fround(keep - h);
      work[i] = plus;
      set(work);
      const fPlus = f();
      work[i] = minus;
      set(work);
      const fMinus = f();
      work[i] = keep;
      out[k] = (fPlus - fMinus) / (plus - minus);
    }
  } finally {
    set(original);
  }
  return out;
}

function checkArgs(where: string, f: unknown, param: unknown, h: number): void {
  if (typeof f !== "function") throw new TypeError(`${where}: f must be a function () => number, got ${typeof f}`);
  if (!(param instanceof tf.Variable)) throw new TypeError(`${where}: param must be a tf.Variable, got ${typeof param}`);
  if (param.dtype !== "float32") throw new TypeError(`${where}: param must be float32, got ${param.dtype}`);
  if (typeof h !== "number" || !Number.isFinite(h) || h <= 0)
    throw new RangeError(`${where}: h must be a finite number > 0, got ${String(h)}`);
}

/**
 * The book's numerical gradient: for every entry of param, (f(p + h) - f(p - h)) / 2h, with
 * the param restored afterwards. f reads the param (through the net that shares it) and
 * returns a number. Slow (two evaluations of f per entry): use it on small params, or use
 * gradientCheck which samples entries.
 *
 * float32 limits it: f is computed in float32, so its rounding error (about 1e-7 of f) is
 * divided by 2h; h = 1e-4 suits smooth functions of size ~1, a larger h (1e-3, 1e-2) trades
 * that noise for truncation error.
 *
 * @returns a new float32 tensor of param's shape (the caller owns it).
 * @example
 * const W = tf.variable(tf.tensor1d([3, -1]));
 * const f = () => tf.tidy(() => tf.sum(tf.square(W)).dataSync()[0]);
 * numericalGradient(f, W).print(); // [6, -2]
 */
export function numericalGradient(f: () => number, param: tf.Variable, h = 1e-4): tf.Tensor {
  checkArgs("numericalGradient", f, param, h);
  const indices = Array.from({ length: param.size }, (_, i) => i);
  const guarded = () => {
    const v = f();
    if (typeof v !== "number") throw new TypeError(`numericalGradient: f must return a number, got ${typeof v}`);
    return v;
  };
  const grad = numericalGradientAt(guarded, param, indices, h);
  return tf.tensor(Float32Array.from(grad), param.shape, "float32");
}
