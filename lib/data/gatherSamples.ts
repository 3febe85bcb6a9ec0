import type { Dataset } from "./dataset";

/**
 * Copies the samples at `indices` out of a Dataset into fresh arrays, checking every index.
 * Shared by batchTensors (which makes tensors of them) and subset (which makes a Dataset).
 * @internal
 */
export function gatherSamples(
  where: string,
  ds: Dataset,
  size: number,
  indices: ArrayLike<number>,
): { x: Float32Array; labels: Uint8Array } {
  const n = indices.length;
  const x = new Float32Array(n * size);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k];
    if (!Number.isInteger(i) || i < 0 || i >= ds.length) {
      throw new RangeError(`${where}: index ${String(i)} at position ${k} is outside "${ds.name}" (0..${ds.length - 1})`);
    }
    x.set(ds.x.subarray(i * size, (i + 1) * size), k * size);
    labels[k] = ds.labels[i];
  }
  return { x, labels };
}
