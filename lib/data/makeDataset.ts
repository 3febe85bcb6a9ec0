import { ShapeError, formatShape } from "../errors";
import type { Dataset } from "./dataset";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** What `makeDataset` needs; classNames defaults to "0".."numClasses-1". */
export interface DatasetParts {
  readonly name: string;
  readonly x: Float32Array;
  readonly labels: Uint8Array;
  readonly sampleShape: readonly number[];
  readonly numClasses: number;
  readonly classNames?: readonly string[];
  readonly oneHot?: boolean;
}

// A Dataset is accepted as its own parts (its length is recomputed from the labels).
const DATASET_PARTS_KEYS = optionKeys<DatasetParts & Pick<Dataset, "length">>({
  name: true,
  x: true,
  labels: true,
  sampleShape: true,
  numClasses: true,
  classNames: true,
  oneHot: true,
  length: true,
});

/**
 * Builds a Dataset from flat arrays after checking that they agree: x holds
 * labels.length samples of sampleShape, every label is below numClasses.
 *
 * @example
 * const ds = makeDataset({ name: "toy", x: new Float32Array(8), labels: Uint8Array.of(0, 1),
 *   sampleShape: [4], numClasses: 2 });
 */
export function makeDataset(parts: DatasetParts): Dataset {
  const where = "makeDataset";
  if (typeof parts !== "object" || parts === null) throw new TypeError(`${where}: expected an object, got ${String(parts)}`);
  checkOptions(where, parts, DATASET_PARTS_KEYS, { argument: "parts" });
  const { name, x, labels, sampleShape, numClasses } = parts;
  if (typeof name !== "string") throw new TypeError(`${where}: name must be a string, got ${typeof name}`);
  if (!(x instanceof Float32Array))
    throw new TypeError(`${where} "${name}": x must be a Float32Array, got ${x === null ? "null" : typeof x}`);
  if (!(labels instanceof Uint8Array))
    throw new TypeError(`${where} "${name}": labels must be a Uint8Array, got ${labels === null ? "null" : typeof labels}`);
  if (!Array.isArray(sampleShape) || sampleShape.length === 0 || !sampleShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(
      `${where} "${name}": sampleShape must be a non-empty list of positive integers, got ${Array.isArray(sampleShape) ? formatShape(sampleShape) : String(sampleShape)}`,
    );
  }
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 256) {
    throw new RangeError(`${where} "${name}": numClasses must be an integer in [1, 256], got ${String(numClasses)}`);
  }
  const size = sampleShape.reduce((a, b) => a * b, 1);
  if (x.length !== labels.length * size) {
    throw new ShapeError(
      `${where} "${name}"`,
      "x",
      `${labels.length} samples of ${formatShape(sampleShape)} (${labels.length * size} values)`,
      [x.length],
    );
  }
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      throw new RangeError(`${where} "${name}": label ${labels[i]} at sample ${i} is not below numClasses ${numClasses}`);
    }
  }
  const classNames = parts.classNames ?? Array.from({ length: numClasses }, (_, i) => String(i));
  if (classNames.length !== numClasses) {
    throw new RangeError(`${where} "${name}": classNames must have ${numClasses} names, got ${classNames.length}`);
  }
  return {
    name,
    x,
    labels,
    sampleShape: [...sampleShape],
    length: labels.length,
    numClasses,
    classNames: [...classNames],
    ...(parts.oneHot === undefined ? {} : { oneHot: parts.oneHot }),
  };
}

/** Checks that a value is a Dataset whose arrays agree; returns the sample size. @internal */
export function checkDataset(where: string, argument: string, ds: unknown): number {
  const d = ds as Dataset;
  if (
    typeof d !== "object" ||
    d === null ||
    !(d.x instanceof Float32Array) ||
    !(d.labels instanceof Uint8Array) ||
    !Array.isArray(d.sampleShape)
  ) {
    throw new TypeError(
      `${where}: ${argument} must be a Dataset (x Float32Array, labels Uint8Array, sampleShape), got ${d === null ? "null" : typeof d}`,
    );
  }
  const size = d.sampleShape.reduce((a, b) => a * b, 1);
  if (d.labels.length !== d.length || d.x.length !== d.length * size) {
    throw new RangeError(
      `${where}: ${argument} "${d.name}" is inconsistent: length ${d.length}, ${d.labels.length} labels, ${d.x.length} values for samples of ${formatShape(d.sampleShape)}`,
    );
  }
  return size;
}
