import * as tf from "@tensorflow/tfjs-core";
import { ShapeError, describeValue } from "../errors";
import type { Dataset } from "../data/dataset";
import type { Net } from "../nets/net";

/** Labelled tensors: x [N, ...sample], t labels [N] or one-hot [N, classes]. */
export interface LabelledTensors {
  readonly x: tf.Tensor;
  readonly t: tf.Tensor;
}

/** What metrics evaluate on: a Dataset, or a batch already made into tensors. */
export type EvalData = Dataset | LabelledTensors;

function isDataset(data: EvalData): data is Dataset {
  return (data as Dataset).x instanceof Float32Array;
}

/** Checks a batch size argument. @internal */
export function checkBatchSize(where: string, batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`${where}: batchSize must be a positive integer, got ${String(batchSize)}`);
}

/**
 * The net's predicted class and the true class for every sample, predicting in eval mode in
 * batches so memory stays bounded and no tensor outlives a batch.
 *
 * @internal shared by accuracy and confusionMatrix.
 */
export function predictLabels(where: string, net: Net, data: EvalData, batchSize: number): { predicted: Int32Array; labels: Int32Array } {
  checkBatchSize(where, batchSize);
  if (typeof net !== "object" || net === null || typeof net.predict !== "function")
    throw new TypeError(`${where}: net must be a Net, got ${describeValue(net)}`);
  if (typeof data !== "object" || data === null)
    throw new TypeError(`${where}: data must be a Dataset or { x, t } tensors, got ${String(data)}`);
  let n: number;
  let labels: Int32Array;
  /**
   * The data's own class count, when it states one: one-hot t's width must be the net's; a
   * Dataset's numClasses must not exceed it (a net may score classes a subset lacks).
   */
  let dataClasses: { count: number; exact: boolean; what: string } | undefined;
  let batchX: (start: number, end: number) => tf.Tensor;
  if (isDataset(data)) {
    n = data.length;
    const size = data.sampleShape.reduce((a, b) => a * b, 1);
    labels = Int32Array.from(data.labels.subarray(0, n));
    dataClasses = { count: data.numClasses, exact: false, what: `data "${data.name}" has numClasses ${data.numClasses}` };
    batchX = (start, end) => tf.tensor(data.x.subarray(start * size, end * size), [end - start, ...data.sampleShape], "float32");
  } else {
    const { x, t } = data;
    if (!(x instanceof tf.Tensor) || !(t instanceof tf.Tensor)) throw new TypeError(`${where}: data must be a Dataset or { x, t } tensors`);
    n = x.shape[0];
    if ((t.rank !== 1 && t.rank !== 2) || t.shape[0] !== n)
      throw new ShapeError(where, "t", `labels [${n}] or one-hot [${n}, classes]`, t.shape);
    const width = t.shape[1];
    if (width !== undefined)
      dataClasses = { count: width, exact: true, what: `t is one-hot with ${width} classes, shape [${t.shape.join(", ")}]` };
    const labelTensor = tf.tidy(() => (t.rank === 2 ? tf.argMax(t, 1) : tf.cast(t, "int32")));
    labels = Int32Array.from(labelTensor.dataSync());
    labelTensor.dispose();
    batchX = (start, end) => tf.slice(x, start, end - start);
  }
  if (n === 0) throw new RangeError(`${where}: data has no samples`);
  const predicted = new Int32Array(n);
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    let classes = 0;
    const batch = tf.tidy(() => {
      const scores = net.predict(batchX(start, end));
      classes = scores.shape[1] ?? 0;
      return tf.argMax(scores, 1);
    });
    predicted.set(batch.dataSync(), start);
    batch.dispose();
    // After the first batch, which tells how many classes the net scores.
    if (start === 0) checkClasses(where, net, classes, labels, dataClasses);
  }
  return { predicted, labels };
}

/** Throws unless the data's classes are the net's: a count it states, and every label. */
function checkClasses(
  where: string,
  net: Net,
  classes: number,
  labels: Int32Array,
  dataClasses: { count: number; exact: boolean; what: string } | undefined,
): void {
  const scores = `the net "${net.name}" scores ${classes} classes`;
  if (dataClasses !== undefined && (dataClasses.exact ? dataClasses.count !== classes : dataClasses.count > classes)) {
    throw new RangeError(`${where}: the data's classes do not match the net's: ${dataClasses.what}, but ${scores}`);
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(label >= 0 && label < classes)) {
      throw new RangeError(`${where}: labels must be in [0, ${classes}) since ${scores}, got label ${label} at index ${i}`);
    }
  }
}
