import { formatShape } from "../errors";

/**
 * The most values one weight tensor may hold (a net's, an initializer's, a schema's): 2^28
 * float32 values, 1 GiB. Past it the allocation would fail deep inside TensorFlow.js ("Invalid
 * typed array length") or exhaust the wasm heap, so sizes are checked before anything is
 * allocated.
 *
 * @internal
 */
export const MAX_TENSOR_VALUES = 2 ** 28;

/**
 * Refuses a tensor shape that holds more than {@link MAX_TENSOR_VALUES} values, naming the
 * fields and values that made it.
 *
 * @example
 * checkTensorSize('netFromSchema: layer "fc1" inner_product_param', "W", "num_output 1000000000", [784, 1e9]);
 * // RangeError: ... num_output 1000000000 makes W [784, 1000000000] = 784,000,000,000 values; ...
 *
 * @internal
 */
export function checkTensorSize(where: string, tensor: string, cause: string, shape: readonly number[]): void {
  const count = shape.reduce((a, d) => a * d, 1);
  if (count <= MAX_TENSOR_VALUES) return;
  const shown = count < 1e21 ? count.toLocaleString("en-US") : count.toExponential(2);
  throw new RangeError(
    `${where}: ${cause} makes ${tensor} ${formatShape(shape)} = ${shown} values; ` +
      `the limit is ${MAX_TENSOR_VALUES.toLocaleString("en-US")} values (1 GiB of float32) per tensor`,
  );
}
