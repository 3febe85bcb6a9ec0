/**
 * Rounds numbers to IEEE 754 half precision (float16) and back, the way storing weights in
 * 16 bits would: 1 sign bit, 5 exponent bits, 10 mantissa bits, round to nearest (ties to
 * even), subnormals kept, overflow to infinity. TF.js has no float16 dtype, so the lessons
 * use this to show that inference with 16-bit weights keeps the accuracy.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The 16-bit pattern of the float16 nearest to `value` (ties to even). @internal */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    // A float16 subnormal (or zero): the implicit leading 1 becomes explicit and shifts out.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and reaches infinity at the top).
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++;
  return half;
}

/** The number a float16 bit pattern stands for. @internal */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant !== 0 ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + mant / 1024);
}

/**
 * A copy of `values` with every element rounded to the nearest float16 (as float32 numbers).
 *
 * @example
 * roundToFloat16(Float32Array.of(0.1, 1, 70000)); // [0.0999755859375, 1, Infinity]
 */
export function roundToFloat16(values: Float32Array | readonly number[]): Float32Array {
  if (!(values instanceof Float32Array) && !Array.isArray(values)) {
    throw new TypeError(
      `roundToFloat16: values must be a Float32Array or an array of numbers, got ${values === null ? "null" : typeof values}`,
    );
  }
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Value(float16Bits(values[i]));
  return out;
}
