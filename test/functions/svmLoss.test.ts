import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { svmLoss } from "../../lib/functions/svmLoss";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

/** Float64 multiclass hinge loss, written out. */
function svm64(s: Float64Array, t: readonly number[], N: number, C: number, margin: number): number {
  let L = 0;
  for (let n = 0; n < N; n++) for (let j = 0; j < C; j++) if (j !== t[n]) L += Math.max(0, s[n * C + j] - s[n * C + t[n]] + margin);
  return L / N;
}

describe("svmLoss", () => {
  // CS231n's cat / car / frog scores (columns are images there; rows are samples here)
  const scores = [
    [3.2, 5.1, -1.7],
    [1.3, 4.9, 2.0],
    [2.2, 2.5, -3.1],
  ];

  test("CS231n's example: per-image losses 2.9, 0 and 12.9, mean 5.27", () => {
    const s = tf.tensor2d(scores);
    const t = tf.tensor1d([0, 1, 2], "int32");
    const L = svmLoss(s, t);
    expectClose(L, [(2.9 + 0 + 12.9) / 3]);
    for (let i = 0; i < 3; i++) {
      const Li = svmLoss(tf.tensor1d(scores[i]), tf.scalar(i, "int32"));
      expectClose(Li, [[2.9, 0, 12.9][i]]);
      Li.dispose();
    }
    tf.dispose([s, t, L]);
  });

  test("one-hot targets, other margins, and a float64 reference", () => {
    const sv = seededArray(20, 51, -3, 3);
    const labels = [0, 3, 3, 1];
    const s = tf.tensor2d(Float32Array.from(sv), [4, 5]);
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), 5);
    for (const margin of [1, 0.5, 0]) {
      const L = svmLoss(s, oneHot, { margin });
      expectClose(L, [svm64(sv, labels, 4, 5, margin)]);
      L.dispose();
    }
    tf.dispose([s, oneHot]);
  });

  test("scaling the scores and the margin together scales the loss (the margin 1 is arbitrary)", () => {
    const s = tf.tensor2d(scores);
    const s10 = tf.mul(s, 10);
    const t = tf.tensor1d([0, 1, 2], "int32");
    const L1 = svmLoss(s, t);
    const L10 = svmLoss(s10, t, { margin: 10 });
    expectClose(L10, [10 * L1.dataSync()[0]]);
    tf.dispose([s, s10, t, L1, L10]);
  });

  test("errors, and no tensors leak", () => {
    const s = tf.tensor2d(scores);
    const t = tf.tensor1d([0, 1], "int32");
    expect(() => svmLoss(s, t)).toThrow(ShapeError);
    expect(() => svmLoss(s, t)).toThrow("svmLoss: t must be integer labels [3] or one-hot [3, 3], got shape [2]");
    const t3 = tf.tensor1d([0, 1, 2], "int32");
    expect(() => svmLoss(s, t3, { margin: -1 })).toThrow("svmLoss: margin must be a finite number >= 0, got -1");
    const before = tf.memory().numTensors;
    svmLoss(s, t3).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s, t, t3]);
  });
});
