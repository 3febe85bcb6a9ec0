/**
 * Output sizes that do not come out whole: convolution rounds down (the book's im2col,
 * PyTorch, TensorFlow, Caffe), pooling rounds down by default and up with roundMode "ceil"
 * (Caffe's pooling, the last window clipped to the padded input). Forward and backward of
 * each rounded case against float64 loops and tf.grad.
 */
import * as tf from "@tensorflow/tfjs-core";
import { col2im } from "../../lib/conv/col2im";
import { im2col } from "../../lib/conv/im2col";
import type { RoundMode } from "../../lib/conv/outputSize";
import { Convolution } from "../../lib/layers/convolution";
import { Pooling } from "../../lib/layers/pooling";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";
import { convRef, convRefGrads, refSpec } from "./convReference";

type Shape4 = [number, number, number, number];

const t4 = (v: Float64Array, shape: Shape4): tf.Tensor4D => tf.tensor4d(Float32Array.from(v), shape);

/**
 * Float64 pooling as nnlab defines it: zero padding takes part (the book), a window clipped to
 * the padded input (ceil) ignores the clipped taps, an average divides by the taps inside
 * (Caffe). Max backward routes to the first max in (fh, fw) order; padding gets nothing.
 */
function poolRef(
  xv: Float64Array,
  [N, C, H, W]: Shape4,
  k: number,
  S: number,
  P: number,
  mode: "max" | "avg",
  round: RoundMode,
  dyv: Float64Array,
) {
  const size = (L: number): number => {
    const exact = (L + 2 * P - k) / S + 1;
    let out = round === "floor" ? Math.floor(exact) : Math.ceil(exact);
    if (round === "ceil" && P > 0 && (out - 1) * S >= L + P) out--;
    return out;
  };
  const [OH, OW] = [size(H), size(W)];
  const y = new Float64Array(N * C * OH * OW);
  const dx = new Float64Array(xv.length);
  for (let p = 0; p < N * C; p++)
    for (let oh = 0; oh < OH; oh++)
      for (let ow = 0; ow < OW; ow++) {
        const yi = (p * OH + oh) * OW + ow;
        let best = -Infinity;
        let bestAt = -2;
        let sum = 0;
        let count = 0;
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) {
            const h = oh * S + i - P;
            const w = ow * S + j - P;
            if (h >= H + P || w >= W + P) continue; // clipped
            count++;
            const inside = h >= 0 && h < H && w >= 0 && w < W;
            const v = inside ? xv[(p * H + h) * W + w] : 0;
            sum += v;
            if (v > best) {
              best = v;
              bestAt = inside ? (p * H + h) * W + w : -1;
            }
          }
        y[yi] = mode === "max" ? best : sum / count;
        if (mode === "max") {
          if (bestAt >= 0) dx[bestAt] += dyv[yi];
        } else {
          for (let i = 0; i < k; i++)
            for (let j = 0; j < k; j++) {
              const h = oh * S + i - P;
              const w = ow * S + j - P;
              if (h >= 0 && h < H && w >= 0 && w < W) dx[(p * H + h) * W + w] += dyv[yi] / count;
            }
        }
      }
  return { y, dx, OH, OW };
}

describe("Convolution rounds the output size down", () => {
  // [H, FH, S, P, D]: 8x8 3x3 stride 2 pad 1 gives 4.5; 9x9 2x2 stride 2 gives 4.5; 8x8 3x3
  // dilation 2 stride 2 gives 2.5; 28x28 3x3 stride 2 pad 1 gives 14.5 (the 13.5 without the +1 pad).
  test.each([
    [8, 3, 2, 1, 1],
    [9, 2, 2, 0, 1],
    [8, 3, 2, 0, 2],
    [28, 3, 2, 1, 1],
  ])("H=%i FH=%i S=%i P=%i D=%i: fast and im2col forward/backward match float64 loops and tf.grad", (H, FH, S, P, D) => {
    const xShape: Shape4 = [2, 2, H, H];
    const wShape: Shape4 = [3, 2, FH, FH];
    const spec = refSpec(H, H, FH, FH, S, P, D);
    expect(Number.isInteger(spec.OH)).toBe(true);
    const xv = seededArray(
      xShape.reduce((a, b) => a * b, 1),
      1,
    );
    const wv = seededArray(
      wShape.reduce((a, b) => a * b, 1),
      2,
    );
    const dyv = seededArray(2 * 3 * spec.OH * spec.OW, 3);
    const x = t4(xv, xShape);
    const dy = t4(dyv, [2, 3, spec.OH, spec.OW]);
    const yRef = convRef(xv, xShape, wv, wShape, null, spec);
    const { dx: dxRef, dW: dWRef } = convRefGrads(xv, xShape, wv, wShape, dyv, spec);
    const Wt = t4(wv, wShape);
    const dxRefT = (): tf.Tensor => tf.tensor(Float32Array.from(dxRef), xShape);
    const dWRefT = (): tf.Tensor => tf.tensor(Float32Array.from(dWRef), wShape);
    // TF.js's own convolution rounds down the same way: the tf.grad oracle.
    const tfConv = (xx: tf.Tensor4D, ww: tf.Tensor4D): tf.Tensor4D =>
      tf.transpose(
        tf.conv2d(
          tf.transpose(xx, [0, 2, 3, 1]),
          tf.transpose(ww, [2, 3, 1, 0]),
          S,
          [
            [0, 0],
            [P, P],
            [P, P],
            [0, 0],
          ],
          "NHWC",
          D,
        ),
        [0, 3, 1, 2],
      );
    // TF.js takes stride or dilation, not both: there the float64 loops are the only oracle.
    const oracle = S === 1 || D === 1;
    const [gx, gW] = oracle
      ? tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tfConv(xx as tf.Tensor4D, ww as tf.Tensor4D), dy)))([x, Wt])
      : [dxRefT(), dWRefT()];
    for (const impl of ["fast", "im2col"] as const) {
      const conv = new Convolution(Wt, tf.zeros([3]), { stride: S, pad: P, dilation: D, impl, name: "C" });
      expect(conv.outputShape(xShape)).toEqual([2, 3, spec.OH, spec.OW]);
      const y = conv.forward(x);
      expectClose(y, yRef, { atol: 1e-4 });
      const dx = conv.backward(dy);
      expectClose(dx, dxRef, { atol: 1e-4 });
      expectClose(conv.grads.W, dWRef, { atol: 1e-4 });
      expectClose(dx, gx, { atol: 1e-4 });
      expectClose(conv.grads.W, gW, { atol: 1e-4 });
      tf.dispose([y, dx]);
      conv.dispose();
      tf.dispose([conv.params.W, conv.params.b]);
    }
    tf.dispose([x, dy, Wt, gx, gW]);
  });

  test("im2col and col2im stay adjoint when windows are dropped (floor) or clipped (ceil)", () => {
    const xv = seededArray(2 * 2 * 8 * 8, 4);
    const x = t4(xv, [2, 2, 8, 8]);
    for (const [roundMode, OH] of [
      ["floor", 4],
      ["ceil", 5],
    ] as const) {
      const opts = { filterH: 3, filterW: 3, stride: 2, pad: 1, roundMode };
      const col = im2col(x, opts);
      expect(col.shape).toEqual([2 * OH * OH, 2 * 3 * 3]);
      const c = tf.tensor2d(Float32Array.from(seededArray(col.size, 5)), col.shape);
      const back = col2im(c, x.shape, opts);
      // <im2col(x), c> == <x, col2im(c)>: col2im is im2col's transpose.
      const lhs = tf.sum(tf.mul(col, c));
      const rhs = tf.sum(tf.mul(x, back));
      expectClose(lhs, rhs, { atol: 1e-3 });
      tf.dispose([col, c, back, lhs, rhs]);
    }
    x.dispose();
  });
});

describe("Pooling rounds down by default and up with roundMode: ceil (Caffe)", () => {
  // [H, k, S, P, mode, round, OH]
  const cases: [number, number, number, number, "max" | "avg", RoundMode, number][] = [
    [7, 2, 2, 0, "max", "floor", 3],
    [7, 2, 2, 0, "avg", "floor", 3],
    [8, 3, 2, 1, "max", "floor", 4],
    [8, 3, 2, 1, "avg", "floor", 4],
    [7, 2, 2, 0, "max", "ceil", 4],
    [7, 2, 2, 0, "avg", "ceil", 4],
    [8, 3, 2, 1, "max", "ceil", 5],
    [8, 3, 2, 1, "avg", "ceil", 5],
    [28, 3, 2, 0, "max", "ceil", 14],
  ];
  test.each(cases)(
    "H=%i k=%i S=%i P=%i %s %s -> %i: forward and backward match float64 loops in every path",
    (H, k, S, P, mode, roundMode, OH) => {
      const shape: Shape4 = [2, 3, H, H];
      // Negative values too, so a clipped tap counted as 0 would win a max and show.
      const xv = seededArray(
        shape.reduce((a, b) => a * b, 1),
        6,
        -2,
        1,
      );
      const dyv = seededArray(2 * 3 * OH * OH, 7);
      const ref = poolRef(xv, shape, k, S, P, mode, roundMode, dyv);
      expect([ref.OH, ref.OW]).toEqual([OH, OH]);
      const x = t4(xv, shape);
      const dy = t4(dyv, [2, 3, OH, OH]);
      for (const impl of ["fast", "im2col"] as const) {
        for (const train of [true, false]) {
          const pool = new Pooling({ poolH: k, poolW: k, stride: S, pad: P, mode, roundMode, impl, name: "P" });
          expect(pool.outputShape(shape)).toEqual([2, 3, OH, OH]);
          const y = pool.forward(x, { train });
          expectClose(y, ref.y);
          const dx = pool.backward(dy);
          expectClose(dx, ref.dx);
          tf.dispose([y, dx]);
          pool.dispose();
        }
      }
      tf.dispose([x, dy]);
    },
  );

  test("floor with no padding matches tf.grad of TF.js's own max and average pooling", () => {
    const x = t4(seededArray(2 * 2 * 9 * 9, 8), [2, 2, 9, 9]);
    for (const mode of ["max", "avg"] as const) {
      const pool = new Pooling({ poolH: 3, poolW: 3, stride: 2, mode, name: "P" });
      const y = pool.forward(x, { train: true });
      expect(y.shape).toEqual([2, 2, 4, 4]); // (9 - 3) / 2 + 1 = 4; 9 - 2 = 7 would be 3.5 with k = 2
      const dy = tf.randomNormal(y.shape, 0, 1, "float32", 9);
      const f = (xx: tf.Tensor4D): tf.Tensor4D => {
        const nhwc = tf.transpose(xx, [0, 2, 3, 1]);
        const pooled = mode === "max" ? tf.maxPool(nhwc, 3, 2, "valid") : tf.avgPool(nhwc, 3, 2, "valid");
        return tf.transpose(pooled, [0, 3, 1, 2]);
      };
      const yTf = f(x);
      expectClose(y, yTf);
      const g = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(f(xx as tf.Tensor4D), dy)))(x);
      const dx = pool.backward(dy);
      expectClose(dx, g);
      tf.dispose([y, dy, yTf, g, dx]);
      pool.dispose();
    }
    x.dispose();
  });

  test("roundMode is checked, and no tensors leak in the clipped paths", () => {
    expect(() => new Pooling({ poolH: 2, poolW: 2, roundMode: "up" as never, name: "P" })).toThrow(
      'Pooling "P": roundMode must be "floor" or "ceil", got "up"',
    );
    const x = tf.ones([1, 1, 7, 7]);
    const before = tf.memory().numTensors;
    for (const mode of ["max", "avg"] as const) {
      for (const impl of ["fast", "im2col"] as const) {
        const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2, mode, impl, roundMode: "ceil" });
        for (let i = 0; i < 2; i++) {
          const y = pool.forward(x, { train: i === 0 });
          tf.dispose([y, pool.backward(y)]);
        }
        pool.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
