import { describeValue } from "../errors";

/**
 * A small seedable pseudo-random generator (xoshiro128**, seeded through splitmix32), so a
 * lesson gets the same numbers on every run, machine and TF.js backend. Not for cryptography.
 *
 * @example
 * const rng = new Rng(42);
 * rng.uniform();        // 0 <= u < 1
 * rng.normal();         // standard normal (Box-Muller)
 * rng.int(10);          // 0..9
 * rng.permutation(5);   // e.g. Int32Array [3, 0, 4, 1, 2]
 */
export class Rng {
  // xoshiro128** state: four 32-bit words, never all zero.
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  // Box-Muller makes normals in pairs; the second one waits here.
  private spareNormal: number | null = null;

  /** The seed this generator started from. */
  readonly seed: number;

  /** @param seed any safe integer (negative and above 2^32 too); equal seeds give equal streams. */
  constructor(seed: number) {
    if (typeof seed !== "number" || !Number.isSafeInteger(seed)) {
      throw new TypeError(`Rng: seed must be a safe integer, got ${describeValue(seed)}`);
    }
    this.seed = seed;
    // splitmix32 spreads any seed (even 0 or 1) over all four state words.
    // The high 32 bits (negative seeds, seeds >= 2^32) are hashed first, so they change the
    // whole state rather than cancelling against the low bits.
    let x = (seed >>> 0) ^ fmix32(Math.floor(seed / 4294967296) ^ 0x5bd1e995);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform number in [0, 1) with 53 random bits, or in [lo, hi) when bounds are given.
   *
   * @example
   * new Rng(1).uniform(-15, 15); // a rotation angle in degrees
   */
  uniform(lo = 0, hi = 1): number {
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) {
      throw new RangeError(`Rng.uniform: bounds must be finite with lo <= hi, got lo ${lo}, hi ${hi}`);
    }
    const u = ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
    return lo + (hi - lo) * u;
  }

  /**
   * A normal sample by the Box-Muller transform: mean 0 and std 1 unless given.
   *
   * @example
   * new Rng(7).normal(0, 0.01);
   */
  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
      throw new RangeError(`Rng.normal: mean must be finite and std finite and >= 0, got mean ${mean}, std ${std}`);
    }
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      // 1 - u lies in (0, 1], so the logarithm is finite.
      const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const theta = 2 * Math.PI * this.uniform();
      z = r * Math.cos(theta);
      this.spareNormal = r * Math.sin(theta);
    }
    return mean + std * z;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) {
      throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${describeValue(n)}`);
    }
    // Rejection keeps every value equally likely when n does not divide 2^32.
    const limit = 4294967296 - (4294967296 % n);
    let v = this.nextUint32();
    while (v >= limit) v = this.nextUint32();
    return v % n;
  }

  /** Shuffles an array (or typed array) in place (Fisher-Yates) and returns it. */
  shuffle<A extends { length: number; [i: number]: unknown }>(array: A): A {
    if (array === null || typeof array !== "object" || typeof array.length !== "number") {
      throw new TypeError(`Rng.shuffle: array must be an array or typed array, got ${describeValue(array)}`);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** The integers 0..n-1 in random order. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Rng.permutation: n must be a non-negative integer, got ${describeValue(n)}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `n` normal samples as a Float32Array (mean, std as in `normal`). */
  normalArray(n: number, mean = 0, std = 1): Float32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Rng.normalArray: n must be a non-negative integer, got ${describeValue(n)}`);
    }
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal(mean, std);
    return out;
  }

  /** `n` uniform samples in [lo, hi) as a Float32Array. */
  uniformArray(n: number, lo = 0, hi = 1): Float32Array {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`Rng.uniformArray: n must be a non-negative integer, got ${describeValue(n)}`);
    }
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.uniform(lo, hi);
    return out;
  }
}

// murmur3's finalizer: a bijective 32-bit mix.
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
