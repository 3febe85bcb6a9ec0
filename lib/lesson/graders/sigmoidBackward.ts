import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { describeValue, formatShape } from "../../errors";
import { sigmoid } from "../../functions/sigmoid";
import { diagnoseTensor } from "../diagnose";
import { defineGrader } from "../grader";
import { NUMERIC_TOLERANCE, dotWith, numericalGradientOf } from "../numericalCheck";
import { sampleTensor } from "../samples";

/** A layer of the book's protocol with one input: `forward(x)` keeps what backward needs, `backward(dout)` returns dx. */
export interface ActivationLayer {
  forward(x: Tensor): Tensor;
  backward(dout: Tensor): Tensor;
}

/** The learner's Sigmoid class, constructed without arguments. */
export type SigmoidSolution = new () => ActivationLayer;

const SHAPES: readonly (readonly number[])[] = [
  [2, 3],
  [1, 4],
  [3, 2, 2],
];

/**
 * Lesson 01: the Sigmoid layer, whose backward needs only its output:
 * `dx = dout * y * (1 - y)`.
 *
 * @example
 * class MySigmoid {
 *   out?: tf.Tensor;
 *   forward(x: tf.Tensor) { this.out = tf.div(1, tf.add(1, tf.exp(tf.neg(x)))); return this.out; }
 *   backward(dout: tf.Tensor) { return tf.mul(dout, tf.mul(this.out!, tf.sub(1, this.out!))); }
 * }
 * exercise("sigmoid-backward", MySigmoid);
 */
export const sigmoidBackward = defineGrader<SigmoidSolution>({
  id: "sigmoid-backward",
  title: `forward and backward (dx = dout * y * (1 - y)) match the library on shapes ${SHAPES.map((s) => formatShape(s)).join(", ")}, a batch of one, large inputs, and a numerical gradient`,
  grade(Sigmoid, run) {
    run.check("the solution is a class", () =>
      typeof Sigmoid === "function" ? undefined : `pass your Sigmoid class, got ${describeValue(Sigmoid)}`,
    );
    SHAPES.forEach((shape, k) => {
      run.check(`forward and backward on ${formatShape(shape)}`, () => {
        const x = sampleTensor(shape, 10 + k, 3);
        const dout = sampleTensor(shape, 20 + k);
        const layer = new Sigmoid();
        const y = sigmoid(x);
        const forwardHint = diagnoseTensor(`forward(x) on ${formatShape(shape)}`, layer.forward(x), y);
        if (forwardHint !== undefined) return forwardHint;
        const dx = layer.backward(dout);
        return diagnoseTensor(`backward(dout) on ${formatShape(shape)}`, dx, tf.mul(dout, tf.mul(y, tf.sub(1, y))), {
          mistakes: [
            { value: tf.mul(y, tf.sub(1, y)), hint: "multiply the local gradient y * (1 - y) by dout" },
            { value: tf.mul(dout, tf.mul(x, tf.sub(1, x))), hint: "use the output y, not the input x: dx = dout * y * (1 - y)" },
            { value: tf.mul(dout, tf.sub(1, y)), hint: "the local gradient is y * (1 - y), not (1 - y)" },
            { value: tf.mul(dout, y), hint: "the local gradient is y * (1 - y), not y" },
          ],
        });
      });
    });
    run.check("large inputs (±30) give finite values", () => {
      const x = tf.tensor2d([[-30, 30, 0]]);
      const y = sigmoid(x);
      const layer = new Sigmoid();
      const out = layer.forward(x);
      const hint = diagnoseTensor("forward([[-30, 30, 0]])", out, y);
      if (hint !== undefined) return hint;
      const ones = tf.ones([1, 3]);
      return diagnoseTensor("backward(ones) after forward([[-30, 30, 0]])", layer.backward(ones), tf.mul(y, tf.sub(1, y)), { atol: 1e-6 });
    });
    run.check("backward matches a numerical gradient of your forward", () => {
      const x = sampleTensor([2, 3], 31, 2);
      const dout = sampleTensor([2, 3], 32);
      const numeric = numericalGradientOf((v) => dotWith(new Sigmoid().forward(v), dout), x);
      const layer = new Sigmoid();
      layer.forward(x);
      return diagnoseTensor("backward(dout) compared with the numerical gradient", layer.backward(dout), numeric, NUMERIC_TOLERANCE);
    });
  },
});
