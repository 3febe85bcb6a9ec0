/**
 * mulberry32: a tiny 32-bit generator, used where a stream of seeds or test numbers must be
 * repeatable but needs no statistical quality (Dropout's per-forward mask seeds, test data).
 * Lessons use {@link Rng} instead.
 *
 * @param seed any number; its low 32 bits (as unsigned) are the start state.
 * @returns a function giving the next unsigned 32-bit integer of the stream on each call.
 *
 * @example
 * const next = mulberry32(42);
 * next() / 4294967296; // a uniform number in [0, 1)
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
