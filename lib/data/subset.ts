import type { Dataset } from "./dataset";
import { checkDataset, makeDataset } from "./makeDataset";
import { gatherSamples } from "./gatherSamples";

/**
 * A smaller Dataset: the first `count` samples (sharing memory with `ds`), or the samples at
 * `indices` in that order (copied). Used for the "train on 1,000 images" experiments.
 *
 * @example
 * const small = subset(train, 1000);                           // "MNIST train[0:1000]"
 * const picked = subset(test, [3, 1, 4], "three test digits");
 */
export function subset(ds: Dataset, countOrIndices: number | ArrayLike<number>, name?: string): Dataset {
  const where = "subset";
  const size = checkDataset(where, "ds", ds);
  if (name !== undefined && typeof name !== "string") throw new TypeError(`${where}: name must be a string, got ${typeof name}`);
  const base = { sampleShape: ds.sampleShape, numClasses: ds.numClasses, classNames: ds.classNames, oneHot: ds.oneHot };
  if (typeof countOrIndices === "number") {
    const count = countOrIndices;
    if (!Number.isInteger(count) || count < 0 || count > ds.length) {
      throw new RangeError(`${where}: count must be an integer in [0, ${ds.length}] for "${ds.name}", got ${count}`);
    }
    return makeDataset({
      ...base,
      name: name ?? `${ds.name}[0:${count}]`,
      x: ds.x.subarray(0, count * size),
      labels: ds.labels.subarray(0, count),
    });
  }
  if (countOrIndices === null || typeof countOrIndices !== "object" || typeof countOrIndices.length !== "number") {
    throw new TypeError(
      `${where}: the second argument must be a count or an array of indices, got ${countOrIndices === null ? "null" : typeof countOrIndices}`,
    );
  }
  const indices = countOrIndices;
  const n = indices.length;
  const { x, labels } = gatherSamples(where, ds, size, indices);
  return makeDataset({ ...base, name: name ?? `${ds.name} (${n} picked)`, x, labels });
}

/**
 * The first n samples of a Dataset (or all of them when it has fewer), sharing memory.
 *
 * @example
 * const quick = take(train, isQuick() ? 500 : train.length);
 */
export function take(ds: Dataset, n: number): Dataset {
  checkDataset("take", "ds", ds);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`take: n must be a non-negative integer, got ${String(n)}`);
  return subset(ds, Math.min(n, ds.length));
}
