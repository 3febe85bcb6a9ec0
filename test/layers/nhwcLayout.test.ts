import * as tf from "@tensorflow/tfjs-core";
import { Convolution, type ConvolutionOptions } from "../../lib/layers/convolution";
import type { Layer } from "../../lib/layers/layer";
import { Pooling, type PoolingOptions } from "../../lib/layers/pooling";
import { Relu } from "../../lib/layers/relu";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

const toNHWC = (t: tf.Tensor) => tf.transpose(t, [0, 2, 3, 1]);
const toNCHW = (t: tf.Tensor) => tf.transpose(t, [0, 3, 1, 2]);

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    Float32Array.from(
      seededArray(
        shape.reduce((a, b) => a * b, 1),
        seed,
      ),
    ),
    shape,
  );
}

/**
 * Forward and backward of one layer on NCHW, then on NHWC (the layout a Sequential passes
 * inside a run): the NHWC results, transposed back, must be the NCHW ones.
 */
function expectSameInBothLayouts(layer: Layer, xShape: number[], train: boolean): void {
  tf.tidy(() => {
    const x = seeded(xShape, 1);
    const y = layer.forward(x, { train });
    const dout = seeded(y.shape, 2);
    const dx = layer.backward(dout);
    const grads = Object.fromEntries(Object.entries(layer.grads).map(([k, g]) => [k, g.clone()]));

    const yh = layer.forward(toNHWC(x), { train, layout: "NHWC" });
    expect(yh.shape).toEqual(toNHWC(y).shape);
    expectClose(toNCHW(yh), y);
    const dxh = layer.backward(toNHWC(dout));
    expect(dxh.shape).toEqual(toNHWC(x).shape);
    expectClose(toNCHW(dxh), dx);
    for (const [k, g] of Object.entries(grads)) expectClose(layer.grads[k], g);
  });
}

describe("layers on NHWC (the layout a Sequential keeps between them)", () => {
  const convCases: [string, number[], number[], ConvolutionOptions][] = [
    ["3x3 pad 1", [2, 3, 7, 7], [4, 3, 3, 3], { pad: 1 }],
    ["3x3 pad 2 (grows)", [2, 3, 6, 6], [4, 3, 3, 3], { pad: 2 }],
    ["stride 2, odd size", [2, 2, 9, 8], [3, 2, 3, 3], { stride: 2, pad: 1 }],
    ["dilation 2", [1, 2, 9, 9], [3, 2, 3, 3], { dilation: 2, pad: 1 }],
    ["stride 2 with dilation 2 (im2row path)", [1, 2, 11, 11], [3, 2, 3, 3], { stride: 2, dilation: 2 }],
  ];
  test.each(convCases)("Convolution %s: forward, dx, dW and db equal the NCHW ones", (_name, xShape, wShape, opts) => {
    const conv = new Convolution(seeded(wShape, 3), seeded([wShape[0]], 4), opts);
    for (const train of [true, false]) expectSameInBothLayouts(conv, xShape, train);
    conv.dispose();
    tf.dispose(Object.values(conv.params));
  });

  test.each(convCases)(
    "Convolution %s: the fused ReLU is relu(forward) and the Relu adopting it backpropagates the same",
    (_n, xShape, wShape, opts) => {
      const conv = new Convolution(seeded(wShape, 3), seeded([wShape[0]], 4), opts);
      const relu = new Relu("R");
      tf.tidy(() => {
        const xh = toNHWC(seeded(xShape, 5));
        const nhwc = { train: true, layout: "NHWC" } as const;
        // Reference: the two layers one after the other, z = conv(x), y = relu(z).
        const z = conv.forward(xh, nhwc);
        const expected = relu.forward(z, nhwc);
        const dout = seeded(expected.shape, 6);
        const dxRef = conv.backward(relu.backward(dout));
        const dWRef = conv.grads.W.clone();

        const fused = conv.forwardFusedRelu(xh, nhwc);
        expectClose(fused, expected);
        expect(relu.adoptFusedOutput(fused)).toBe(fused);
        const dxFused = conv.backward(relu.backward(dout));
        expectClose(dxFused, dxRef);
        expectClose(conv.grads.W, dWRef);
      });
      conv.dispose();
      relu.dispose();
      tf.dispose(Object.values(conv.params));
    },
  );

  test("Convolution refuses NHWC and the fused ReLU on the im2col path, naming the impl", () => {
    const conv = new Convolution(seeded([2, 1, 3, 3], 1), tf.zeros([2]), { impl: "im2col", name: "C" });
    expect(conv.supportsNHWC()).toBe(false);
    const x = tf.zeros([1, 5, 5, 1]);
    expect(() => conv.forward(x, { layout: "NHWC" })).toThrow(
      /Convolution "C" forward: layout "NHWC" needs impl "fast", got impl "im2col"/,
    );
    expect(() => conv.forwardFusedRelu(x, { layout: "NHWC" })).toThrow(/fused ReLU needs impl "fast" and layout "NHWC"/);
    x.dispose();
    tf.dispose(Object.values(conv.params));
  });

  const poolCases: [string, number[], PoolingOptions][] = [
    ["max 2x2 stride 2", [2, 3, 8, 8], { poolH: 2, poolW: 2, stride: 2 }],
    ["max 3x3 stride 2 pad 1", [2, 2, 7, 7], { poolH: 3, poolW: 3, stride: 2, pad: 1 }],
    ["max ceil (clipped last window)", [1, 2, 7, 7], { poolH: 2, poolW: 2, stride: 2, roundMode: "ceil" }],
    ["avg 2x2 stride 2", [2, 3, 8, 8], { poolH: 2, poolW: 2, stride: 2, mode: "avg" }],
    ["max im2col", [1, 2, 6, 6], { poolH: 2, poolW: 2, stride: 2, impl: "im2col" }],
  ];
  test.each(poolCases)("Pooling %s: forward and dx equal the NCHW ones, in training and inference", (_name, xShape, opts) => {
    const pool = new Pooling(opts);
    for (const train of [true, false]) expectSameInBothLayouts(pool, xShape, train);
    pool.dispose();
  });

  test("Relu: forward and dx equal the NCHW ones", () => {
    const relu = new Relu();
    expectSameInBothLayouts(relu, [2, 3, 4, 5], true);
    relu.dispose();
  });

  test("after an NHWC forward, a direct NCHW forward and backward (profileLayers, learners) work unchanged", () => {
    const pool = new Pooling({ poolH: 2, poolW: 2, stride: 2 });
    const conv = new Convolution(seeded([4, 3, 3, 3], 1), tf.zeros([4]), { pad: 1 });
    tf.tidy(() => {
      const x = seeded([1, 3, 4, 4], 2);
      pool.forward(toNHWC(x), { layout: "NHWC" });
      conv.forward(toNHWC(x), { layout: "NHWC" });
      expect(pool.forward(x).shape).toEqual([1, 3, 2, 2]);
      expect(pool.backward(tf.ones([1, 3, 2, 2])).shape).toEqual([1, 3, 4, 4]);
      expect(conv.forward(x).shape).toEqual([1, 4, 4, 4]);
      expect(conv.backward(tf.ones([1, 4, 4, 4])).shape).toEqual([1, 3, 4, 4]);
      // An NHWC-shaped dout after an NCHW forward is refused as before.
      expect(() => pool.backward(tf.ones([1, 2, 2, 3]))).toThrow(/dout/);
    });
    pool.dispose();
    conv.dispose();
    tf.dispose(Object.values(conv.params));
  });
});
