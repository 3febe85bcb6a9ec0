import * as tf from "@tensorflow/tfjs-core";
import type { Tensor } from "@tensorflow/tfjs-core";
import { describeValue, formatShape } from "../../errors";
import { diagnoseTensor } from "../diagnose";
import { defineGrader } from "../grader";
import { NUMERIC_TOLERANCE, dotWith, numericalGradientOf } from "../numericalCheck";
import { sampleTensor } from "../samples";

/** The book's Affine layer: keeps W and b, `forward(x)` -> x · W + b, `backward(dout)` -> dx and sets dW, db. */
export interface AffineLayer {
  forward(x: Tensor): Tensor;
  backward(dout: Tensor): Tensor;
  /** Set by backward: xᵀ · dout, shape of W. */
  readonly dW?: Tensor;
  /** Set by backward: the sum of dout over the batch, shape of b. */
  readonly db?: Tensor;
}

/** The learner's Affine class: `new Affine(W [in, out], b [out])`. */
export type AffineSolution = new (W: Tensor, b: Tensor) => AffineLayer;

/** [N, in, out]: several shapes, a batch of one, and a square W where a transpose keeps the shape. */
const CASES: readonly (readonly [number, number, number])[] = [
  [3, 4, 2],
  [1, 5, 3],
  [3, 3, 3],
];

/**
 * Lesson 01: the Affine layer, forward `y = x · W + b` and backward `dx = dout · Wᵀ`,
 * `dW = xᵀ · dout`, `db = sum(dout, axis 0)`.
 *
 * @example
 * class MyAffine {
 *   x?: tf.Tensor; dW?: tf.Tensor; db?: tf.Tensor;
 *   constructor(public W: tf.Tensor, public b: tf.Tensor) {}
 *   forward(x: tf.Tensor) { this.x = x; return tf.add(tf.matMul(x, this.W), this.b); }
 *   backward(dout: tf.Tensor) {
 *     this.dW = tf.matMul(this.x!, dout, true, false);
 *     this.db = tf.sum(dout, 0);
 *     return tf.matMul(dout, this.W, false, true);
 *   }
 * }
 * exercise("affine-forward-backward", MyAffine);
 */
export const affineForwardBackward = defineGrader<AffineSolution>({
  id: "affine-forward-backward",
  title: `forward, dx, dW and db match the library for [N, in, out] = ${CASES.map((c) => formatShape(c)).join(", ")} (a batch of one, a square W) and a numerical gradient`,
  grade(Affine, run) {
    run.check("the solution is a class", () =>
      typeof Affine === "function" ? undefined : `pass your Affine class, got ${describeValue(Affine)}`,
    );
    CASES.forEach(([N, inF, outF], k) => {
      const at = `with x ${formatShape([N, inF])}, W ${formatShape([inF, outF])}`;
      run.check(`forward, dx, dW and db ${at}`, () => {
        const x = sampleTensor([N, inF], 40 + k);
        const W = sampleTensor([inF, outF], 50 + k);
        const b = sampleTensor([outF], 60 + k);
        const dout = sampleTensor([N, outF], 70 + k);
        const layer = new Affine(W, b);
        const forwardHint = diagnoseTensor(`forward(x) ${at}`, layer.forward(x), tf.add(tf.matMul(x, W), b), {
          mistakes: [
            { value: tf.matMul(x, W), hint: "add the bias b: y = x · W + b" },
            ...(inF === outF
              ? [{ value: tf.add(tf.matMul(x, W, false, true), b), hint: "it used Wᵀ: y = x · W + b with W as given" }]
              : []),
          ],
        });
        if (forwardHint !== undefined) return forwardHint;
        const dx = layer.backward(dout);
        const dxHint = diagnoseTensor(`dx ${at}`, dx, tf.matMul(dout, W, false, true), {
          batch: N,
          mistakes: inF === outF ? [{ value: tf.matMul(dout, W), hint: "it is dout · W; use the transpose: dx = dout · Wᵀ" }] : [],
        });
        if (dxHint !== undefined) return dxHint;
        const dWHint = diagnoseTensor(`dW ${at}`, layer.dW, tf.matMul(x, dout, true, false), {
          batch: N,
          mistakes:
            inF === outF
              ? [
                  { value: tf.matMul(dout, x, true, false), hint: "it is transposed (doutᵀ · x): dW = xᵀ · dout has the shape of W" },
                  { value: tf.matMul(x, dout, true, false).transpose(), hint: "it is transposed: dW = xᵀ · dout has the shape of W" },
                ]
              : [],
        });
        if (dWHint !== undefined) {
          if (layer.dW === undefined) return `the layer has no dW after backward: set this.dW = xᵀ · dout (keep x in forward)`;
          return dWHint;
        }
        if (layer.db === undefined)
          return "the layer has no db after backward: db is missing, set this.db = the sum of dout over the batch (axis 0)";
        return diagnoseTensor(`db ${at}`, layer.db, tf.sum(dout, 0), {
          batch: N,
          mistakes: [{ value: tf.sum(dout, 1), hint: "it summed over the wrong axis: db sums dout over the batch, axis 0" }],
        });
      });
    });
    run.check("dx and dW match a numerical gradient of your forward", () => {
      const x = sampleTensor([2, 3], 80);
      const W = sampleTensor([3, 2], 81);
      const b = sampleTensor([2], 82);
      const dout = sampleTensor([2, 2], 83);
      const numericDx = numericalGradientOf((v) => dotWith(new Affine(W, b).forward(v), dout), x);
      const numericDW = numericalGradientOf((v) => dotWith(new Affine(v, b).forward(x), dout), W);
      const layer = new Affine(W, b);
      layer.forward(x);
      const dx = layer.backward(dout);
      return (
        diagnoseTensor("dx compared with the numerical gradient", dx, numericDx, NUMERIC_TOLERANCE) ??
        diagnoseTensor("dW compared with the numerical gradient", layer.dW, numericDW, NUMERIC_TOLERANCE)
      );
    });
  },
});
