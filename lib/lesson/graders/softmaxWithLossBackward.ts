import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { describeValue, formatShape } from "../../errors";
import { crossEntropyError } from "../../functions/crossEntropyError";
import { softmax } from "../../functions/softmax";
import { diagnoseNumber, diagnoseTensor } from "../diagnose";
import { defineGrader } from "../grader";
import { NUMERIC_TOLERANCE, numericalGradientOf } from "../numericalCheck";
import { sampleTensor } from "../samples";

/** The book's loss layer: `forward(x, t)` -> the mean loss, `backward(dout = 1)` -> dL/dx. */
export interface LossLayerSolution {
  forward(x: Tensor, t: Tensor): Tensor | number;
  backward(dout?: number): Tensor;
}

/** The learner's SoftmaxWithLoss class, constructed without arguments; t is one-hot `[N, classes]`. */
export type SoftmaxWithLossSolution = new () => LossLayerSolution;

/** [N, classes]: a batch, a batch of one. */
const CASES: readonly (readonly [number, number])[] = [
  [4, 3],
  [1, 5],
];

function oneHot(N: number, classes: number, seed: number): Tensor {
  return tf
    .oneHot(
      Array.from({ length: N }, (_, i) => (i * 7 + seed) % classes),
      classes,
    )
    .toFloat();
}

function lossValue(loss: unknown): number {
  if (typeof loss === "number") return loss;
  if (loss instanceof tf.Tensor && loss.size === 1) return loss.dataSync()[0];
  throw new TypeError(`forward(x, t) must return the loss as a number or a scalar tensor, got ${describeValue(loss)}`);
}

/**
 * Lesson 01: SoftmaxWithLoss, whose backward is `dx = (y - t) / N * dout` (y the softmax
 * output, t one-hot, N the batch size).
 *
 * @example
 * class MySoftmaxWithLoss {
 *   y?: tf.Tensor; t?: tf.Tensor;
 *   forward(x: tf.Tensor, t: tf.Tensor) { this.t = t; this.y = softmax(x); return crossEntropyError(this.y, t); }
 *   backward(dout = 1) { return tf.mul(tf.sub(this.y!, this.t!), dout / this.t!.shape[0]); }
 * }
 * exercise("softmax-with-loss-backward", MySoftmaxWithLoss);
 */
export const softmaxWithLossBackward = defineGrader<SoftmaxWithLossSolution>({
  id: "softmax-with-loss-backward",
  title: `the loss and dx = (y - t) / N match the library for [N, classes] = ${CASES.map((c) => formatShape(c)).join(", ")}, with dout = 1 and 2, large scores, and a numerical gradient`,
  grade(SoftmaxWithLoss, run) {
    run.check("the solution is a class", () =>
      typeof SoftmaxWithLoss === "function" ? undefined : `pass your SoftmaxWithLoss class, got ${describeValue(SoftmaxWithLoss)}`,
    );
    CASES.forEach(([N, C], k) => {
      const at = `with x ${formatShape([N, C])}`;
      run.check(`loss and backward ${at}`, () => {
        const x = sampleTensor([N, C], 90 + k, 2);
        const t = oneHot(N, C, k);
        const y = softmax(x);
        const layer = new SoftmaxWithLoss();
        const lossHint = diagnoseNumber(`the loss ${at}`, lossValue(layer.forward(x, t)), crossEntropyError(y, t).dataSync()[0]);
        if (lossHint !== undefined) return lossHint;
        const expected = tf.div(tf.sub(y, t), N);
        return diagnoseTensor(`backward() ${at}`, layer.backward(), expected, {
          batch: N,
          mistakes: [
            { value: tf.div(y, N), hint: "subtract the one-hot labels t: dx = (y - t) / N" },
            { value: tf.sub(x, t), hint: "use the softmax output y, not the scores x: dx = (y - t) / N" },
            ...(N > 1 ? [] : [{ value: tf.sub(t, y), hint: "it has the wrong sign: dx = (y - t) / N, not (t - y)" }]),
          ],
        });
      });
    });
    run.check("backward(2) scales by dout", () => {
      const x = sampleTensor([3, 4], 95);
      const t = oneHot(3, 4, 1);
      const layer = new SoftmaxWithLoss();
      layer.forward(x, t);
      const base = tf.div(tf.sub(softmax(x), t), 3);
      return diagnoseTensor("backward(2)", layer.backward(2), tf.mul(base, 2), {
        batch: 3,
        mistakes: [{ value: base, hint: "multiply by dout: dx = (y - t) / N * dout" }],
      });
    });
    run.check("large scores (1000) give a finite loss", () => {
      const x = tf.tensor2d([
        [1000, 0, -1000],
        [0, 1000, 999],
      ]);
      const t = oneHot(2, 3, 0);
      const loss = lossValue(new SoftmaxWithLoss().forward(x, t));
      if (!Number.isFinite(loss)) {
        return `the loss is ${loss} for scores of 1000: exp overflows; subtract each row's max before exp (the library's softmax does)`;
      }
      return diagnoseNumber("the loss for large scores", loss, crossEntropyError(softmax(x), t).dataSync()[0], { rtol: 1e-3 });
    });
    run.check("backward matches a numerical gradient of your loss", () => {
      const x = sampleTensor([3, 4], 97);
      const t = oneHot(3, 4, 2);
      const numeric = numericalGradientOf((v) => lossValue(new SoftmaxWithLoss().forward(v, t)), x);
      const layer = new SoftmaxWithLoss();
      layer.forward(x, t);
      return diagnoseTensor("backward() compared with the numerical gradient", layer.backward(), numeric, {
        ...NUMERIC_TOLERANCE,
        batch: 3,
      });
    });
  },
});
