import { Rng } from "./rng";

// Unseeded until a lesson calls setSeed: a fresh run differs, like the book's np.random.
let current = new Rng(Math.floor(Math.random() * 2 ** 32));

/**
 * The process-wide generator nnlab uses wherever no `rng` argument is given (initializers,
 * augmentation without a seed). Read it anew after `setSeed`, which replaces it.
 */
export function defaultRng(): Rng {
  return current;
}

/**
 * Reseeds the default generator so a lesson can repeat a run exactly.
 *
 * @example
 * setSeed(42);
 * const W1 = he([784, 50], 784); // the same numbers on every run and backend
 */
export function setSeed(seed: number): void {
  current = new Rng(seed); // Rng checks the seed
}
