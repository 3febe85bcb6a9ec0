import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import { backendInfo } from "../../lib/backend";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";
import { convRefGrads, type RefSpec } from "./convReference";

// tf.grad of conv2d runs TF.js's own gradient, which calls the Conv2DBackpropInput and
// Conv2DBackpropFilter kernels: on wasm those are nnlab's.
describe("wasm Conv2DBackpropFilter / Conv2DBackpropInput kernels", () => {
  test("run on wasm and are nnlab's", () => {
    expect(tf.getBackend()).toBe("wasm");
    expect(backendInfo()?.nnlabKernels).toBe(true);
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
  });

  // [N, H, W, C], [FH, FW, C, FN], stride, pad. (wasm's forward Conv2D is NHWC only. A
  // numeric pad assumes square filters and strides in TF.js 4.22, so uneven cases pass
  // explicit pads.)
  type Pad = "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
  const cases: Array<{ x: [number, number, number, number]; f: [number, number, number, number]; s: number | [number, number]; pad: Pad }> =
    [
      { x: [2, 6, 6, 3], f: [3, 3, 3, 4], s: 1, pad: "same" },
      { x: [2, 7, 7, 2], f: [3, 3, 2, 3], s: 2, pad: "valid" },
      {
        x: [2, 7, 6, 2],
        f: [3, 2, 2, 3],
        s: [2, 1],
        pad: [
          [0, 0],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      },
      { x: [1, 8, 8, 2], f: [2, 2, 2, 2], s: 2, pad: "same" },
      { x: [2, 5, 5, 1], f: [4, 4, 1, 2], s: 1, pad: "same" },
      { x: [2, 9, 9, 2], f: [3, 3, 2, 2], s: 3, pad: 2 },
      { x: [1, 4, 4, 2], f: [3, 3, 2, 2], s: 1, pad: 3 },
    ];
  test.each(cases)("tf.grad of conv2d matches float64 loops: x %j", ({ x: xs, f: fs, s, pad }) => {
    const [N, H, W, C] = xs;
    const [FH, FW, , FN] = fs;
    const [sh, sw] = typeof s === "number" ? [s, s] : s;
    const xv = seededArray(N * H * W * C, 1);
    const fv = seededArray(FH * FW * C * FN, 2);
    const before = tf.memory().numTensors;
    const xNHWC = tf.tensor4d(Float32Array.from(xv), xs);
    const filter = tf.tensor4d(Float32Array.from(fv), fs);
    const y = tf.conv2d(xNHWC, filter, [sh, sw], pad);
    const dyv = seededArray(y.size, 3);
    const dy = tf.tensor(Float32Array.from(dyv), y.shape);
    const [dx, df] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, [sh, sw], pad))(
      [xNHWC, filter],
      dy,
    );

    // The reference in NCHW / [FN, C, FH, FW], with TF.js's own padding arithmetic.
    const info = tf.backend_util.computeConv2DInfo(xs, fs, [sh, sw], 1, pad);
    const spec: RefSpec = { sh, sw, dh: 1, dw: 1, top: info.padInfo.top, left: info.padInfo.left, OH: info.outHeight, OW: info.outWidth };
    const xNCHW = tf.tidy(() => tf.transpose(xNHWC, [0, 3, 1, 2]).dataSync());
    const wOIHW = tf.tidy(() => tf.transpose(filter, [3, 2, 0, 1]).dataSync());
    const dyNCHW = tf.tidy(() => tf.transpose(dy, [0, 3, 1, 2]).dataSync());
    const ref = convRefGrads(xNCHW, [N, C, H, W], wOIHW, [FN, C, FH, FW], dyNCHW, spec);
    const dxNCHW = tf.tidy(() => tf.transpose(dx, [0, 3, 1, 2]).dataSync());
    const dWOIHW = tf.tidy(() => tf.transpose(df, [3, 2, 0, 1]).dataSync());
    expectClose(dxNCHW, ref.dx, { atol: 1e-4 });
    expectClose(dWOIHW, ref.dW, { atol: 1e-4 });
    tf.dispose([xNHWC, filter, y, dy, dx, df]);
    expect(tf.memory().numTensors).toBe(before);
  });

  test("a tiny tfjs-layers conv model trains with fit() on wasm", async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 4,
          kernelSize: 3,
          padding: "same",
          activation: "relu",
          kernelInitializer: tfl.initializers.heNormal({ seed: 1 }),
        }),
        tfl.layers.conv2d({
          filters: 4,
          kernelSize: 3,
          strides: 2,
          activation: "relu",
          kernelInitializer: tfl.initializers.heNormal({ seed: 2 }),
        }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
    // Two classes: bright top half vs bright bottom half.
    const n = 32;
    const xs = new Float32Array(n * 64);
    const ys = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      ys[i] = i % 2;
      for (let p = 0; p < 64; p++) xs[i * 64 + p] = p < 32 === (i % 2 === 0) ? 1 : 0;
    }
    const x = tf.tensor4d(xs, [n, 8, 8, 1]);
    const t = tf.tensor1d(ys);
    const history = await model.fit(x, t, { epochs: 15, batchSize: 16, verbose: 0, shuffle: false });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    tf.dispose([x, t]);
    model.dispose();
  });
});
