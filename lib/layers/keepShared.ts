import * as tf from "@tensorflow/tfjs-core";

/**
 * A kept handle on x's data that survives the caller disposing x, without copying it: what a
 * layer caches for its backward. `x.clone()` copies the whole buffer on the wasm backend (its
 * Identity kernel copies); a reshape to the same shape shares the data, and TF.js counts the
 * references, so the data lives until both are disposed. Tensors never change in place, so the
 * shared data is what x held when it was cached (a Variable's `assign` swaps in new data).
 *
 * @internal
 */
export function keepShared<T extends tf.Tensor>(x: T): T {
  return tf.keep(tf.reshape(x, x.shape)) as T;
}
