import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { BatchNormalization } from "../../lib/layers/batchNormalization";
import { expectClose } from "../helpers/expectClose";
import { numericalGradient64, seededArray } from "../helpers/numericalGradient";

/** The channel of flat element i: column for [N, D], C for NCHW. */
function channelOf(shape: readonly number[]): (i: number) => number {
  if (shape.length === 2) return (i) => i % shape[1];
  const [, C, H, W] = shape;
  return (i) => Math.floor(i / (H * W)) % C;
}

/** Float64 train-mode batch norm with per-channel batch statistics. */
function bnTrain64(x: Float64Array, shape: readonly number[], gamma: Float64Array, beta: Float64Array, eps: number) {
  const C = gamma.length;
  const ch = channelOf(shape);
  const count = new Float64Array(C);
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  x.forEach((v, i) => {
    mean[ch(i)] += v;
    count[ch(i)]++;
  });
  for (let c = 0; c < C; c++) mean[c] /= count[c];
  x.forEach((v, i) => (variance[ch(i)] += (v - mean[ch(i)]) ** 2));
  for (let c = 0; c < C; c++) variance[c] /= count[c];
  const y = Float64Array.from(x, (v, i) => {
    const c = ch(i);
    return (gamma[c] * (v - mean[c])) / Math.sqrt(variance[c] + eps) + beta[c];
  });
  return { y, mean, variance };
}

/** The same in TF.js ops, for tf.grad: NCHW statistics over axes 0, 2, 3. */
function bnTrainTf(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const axes = x.rank === 2 ? [0] : [0, 2, 3];
  const bshape = x.rank === 2 ? [1, -1] : [1, -1, 1, 1];
  const { mean, variance } = tf.moments(x, axes, true);
  const xn = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(xn, tf.reshape(gamma, bshape)), tf.reshape(beta, bshape));
}

describe("BatchNormalization", () => {
  test("train forward on hand-computed values, and the running statistics update", () => {
    const bn = new BatchNormalization(tf.tensor1d([2, 0.5]), tf.tensor1d([1, -1]), { eps: 1e-12 });
    const x = tf.tensor2d([
      [1, 2],
      [3, 6],
    ]); // means [2, 4], variances [1, 4]: xn = [[-1, -1], [1, 1]]
    const y = bn.forward(x, { train: true });
    expectClose(y, [-1, -1.5, 3, -0.5]);
    expectClose(bn.state.runningMean, [0.2, 0.4]); // 0.9 * 0 + 0.1 * mean
    expectClose(bn.state.runningVar, [1.0, 1.3]); // 0.9 * 1 + 0.1 * var
    const y2 = bn.forward(x, { train: true });
    expectClose(bn.state.runningMean, [0.38, 0.76]);
    expectClose(bn.state.runningVar, [1.0, 1.57]);
    tf.dispose([x, y, y2]);
    bn.dispose();
  });

  test("eval (the default) uses the running statistics and leaves them unchanged", () => {
    const bn = new BatchNormalization(tf.tensor1d([2, 0.5]), tf.tensor1d([1, -1]), { momentum: 0.5 });
    const xTrain = tf.tensor2d([
      [1, 2],
      [3, 6],
    ]);
    bn.forward(xTrain, { train: true }).dispose(); // running mean [1, 2], var [1, 2.5]
    const x = tf.tensor2d([
      [0, 0],
      [2, 7],
    ]);
    const y = bn.forward(x);
    const rm = [1, 2];
    const rv = [1, 2.5];
    const g = [2, 0.5];
    const b = [1, -1];
    const expected = [0, 0, 2, 7].map((v, i) => (g[i % 2] * (v - rm[i % 2])) / Math.sqrt(rv[i % 2] + 1e-7) + b[i % 2]);
    expectClose(y, expected);
    expectClose(bn.state.runningMean, rm);
    expectClose(bn.state.runningVar, rv);
    // eval backward: the statistics are constants, so dx = dout * gamma / sqrt(runningVar + eps)
    const dout = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const dx = bn.backward(dout);
    const gx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.mul(tf.div(tf.sub(a, rm), tf.sqrt(tf.add(rv, 1e-7))), g), b), dout)))(x);
    expectClose(dx, gx);
    expectClose(bn.grads.beta, [4, 6]);
    tf.dispose([xTrain, x, y, dout, dx, gx]);
    bn.dispose();
  });

  test("an untrained layer in eval passes gamma * x + beta (running mean 0, variance 1)", () => {
    const bn = new BatchNormalization(tf.tensor1d([3]), tf.tensor1d([1]));
    const x = tf.tensor2d([[2], [-1]]);
    const y = bn.forward(x);
    expectClose(y, [7, -2]);
    tf.dispose([x, y]);
    bn.dispose();
  });

  describe.each([
    ["[N, D]", [4, 3]],
    ["NCHW, per channel", [2, 3, 2, 2]],
  ])("train backward, %s", (_label, shape) => {
    test("forward matches float64; dx, dgamma, dbeta match tf.grad and a float64 numerical gradient", () => {
      const C = shape[1];
      const size = shape.reduce((a, b) => a * b);
      const eps = 1e-5;
      const xv = seededArray(size, 71, -2, 2);
      const gv = seededArray(C, 72, 0.5, 1.5);
      const bv = seededArray(C, 73);
      const dv = seededArray(size, 74);
      const x = tf.tensor(Float32Array.from(xv), shape);
      const gamma = tf.tensor1d(Float32Array.from(gv));
      const beta = tf.tensor1d(Float32Array.from(bv));
      const dout = tf.tensor(Float32Array.from(dv), shape);
      const bn = new BatchNormalization(gamma, beta, { eps, name: "BN1" });
      const y = bn.forward(x, { train: true });
      const ref = bnTrain64(Float64Array.from(xv), shape, gv, bv, eps);
      expectClose(y, ref.y, { atol: 1e-5 });
      expectClose(
        bn.state.runningMean,
        Float64Array.from(ref.mean, (m) => 0.1 * m),
      );
      expectClose(
        bn.state.runningVar,
        Float64Array.from(ref.variance, (v) => 0.9 + 0.1 * v),
      );
      expect(bn.outputShape(shape)).toEqual(shape);

      const dx = bn.backward(dout);
      expect(dx.shape).toEqual(shape);
      const [gx, gg, gb] = tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(bnTrainTf(a, g, b, eps), dout)))([
        x,
        gamma,
        beta,
      ]);
      expectClose(dx, gx, { atol: 1e-5 });
      expectClose(bn.grads.gamma, gg);
      expectClose(bn.grads.beta, gb);
      expect(bn.dgamma).toBe(bn.grads.gamma);

      const loss = (xs: Float64Array, gs: Float64Array, bs: Float64Array) =>
        bnTrain64(xs, shape, gs, bs, eps).y.reduce((s, v, i) => s + v * dv[i], 0);
      const x64 = Float64Array.from(xv);
      const g64 = Float64Array.from(gv);
      const b64 = Float64Array.from(bv);
      expectClose(
        dx,
        numericalGradient64((v) => loss(v, g64, b64), x64),
        { atol: 1e-4 },
      );
      expectClose(
        bn.grads.gamma,
        numericalGradient64((v) => loss(x64, v, b64), g64),
        { atol: 1e-4 },
      );
      expectClose(
        bn.grads.beta,
        numericalGradient64((v) => loss(x64, g64, v), b64),
        { atol: 1e-4 },
      );
      tf.dispose([x, gamma, beta, dout, y, dx, gx, gg, gb]);
      bn.dispose();
      tf.dispose([bn.params.gamma, bn.params.beta, bn.state.runningMean, bn.state.runningVar]);
    });
  });

  test("NCHW normalizes each channel to mean 0, variance 1", () => {
    const xv = seededArray(2 * 3 * 4 * 4, 75, 0, 10);
    const x = tf.tensor4d(Float32Array.from(xv), [2, 3, 4, 4]);
    const bn = new BatchNormalization(tf.ones([3]), tf.zeros([3]));
    const y = bn.forward(x, { train: true });
    const { mean, variance } = tf.moments(y, [0, 2, 3]);
    expectClose(mean, [0, 0, 0], { atol: 1e-5 });
    expectClose(variance, [1, 1, 1], { atol: 1e-4 });
    tf.dispose([x, y, mean, variance]);
    bn.dispose();
  });

  test("a Variable gamma is shared; plain tensors are copied", () => {
    const gamma = tf.variable(tf.ones([2]));
    const beta = tf.zeros([2]);
    const bn = new BatchNormalization(gamma, beta);
    expect(bn.params.gamma).toBe(gamma);
    expect(bn.params.beta).not.toBe(beta);
    expect(bn.state.runningMean.trainable).toBe(false);
    tf.dispose([gamma, beta, bn.params.beta, bn.state.runningMean, bn.state.runningVar]);
  });

  test("errors", () => {
    const g = tf.ones([3]);
    const before = tf.memory().numTensors;
    const b4 = tf.zeros([4]);
    expect(() => new BatchNormalization(g, b4, { name: "BN1" })).toThrow(
      'BatchNormalization "BN1" constructor: beta must be rank 1 [3] to match gamma [3], got shape [4]',
    );
    expect(() => new BatchNormalization(g, g, { momentum: 1.5 })).toThrow(RangeError);
    expect(() => new BatchNormalization(g, g, { momentum: 1.5 })).toThrow("momentum must be a number in [0, 1], got 1.5");
    expect(() => new BatchNormalization(g, g, { eps: 0 })).toThrow("eps must be a finite number > 0, got 0");
    b4.dispose();
    expect(tf.memory().numTensors).toBe(before); // nothing half-built left behind
    const bn = new BatchNormalization(g, g, { name: "BN1" });
    const d = tf.zeros([2, 3]);
    expect(() => bn.backward(d)).toThrow('BatchNormalization "BN1" backward: called before forward');
    const x = tf.zeros([2, 4]);
    expect(() => bn.forward(x)).toThrow(ShapeError);
    expect(() => bn.forward(x)).toThrow(
      'BatchNormalization "BN1" forward: input must be [N, 3] or NCHW [N, 3, H, W] (gamma has length 3), got shape [2, 4]',
    );
    const x3 = tf.zeros([2, 3, 5]);
    expect(() => bn.forward(x3)).toThrow("got shape [2, 3, 5]");
    expect(() => bn.outputShape([2, 4, 1, 1])).toThrow('BatchNormalization "BN1" outputShape: input must be');
    const y = bn.forward(d, { train: true });
    const bad = tf.zeros([3, 3]);
    expect(() => bn.backward(bad)).toThrow(
      'BatchNormalization "BN1" backward: dout must be the shape forward returned [2, 3], got shape [3, 3]',
    );
    tf.dispose([g, d, x, x3, y, bad]);
    bn.dispose();
  });

  test("no tensors leak: repeated train and eval steps, then dispose", () => {
    const gamma = tf.variable(tf.ones([2]));
    const beta = tf.variable(tf.zeros([2]));
    const x = tf.randomNormal([3, 2, 2, 2], 0, 1, "float32", 4);
    const before = tf.memory().numTensors;
    const bn = new BatchNormalization(gamma, beta);
    const afterBuild = tf.memory().numTensors; // + running mean and variance
    expect(afterBuild).toBe(before + 2);
    const step = (train: boolean) => {
      const y = bn.forward(x, { train });
      tf.dispose([y, bn.backward(y)]);
    };
    step(true);
    const afterOne = tf.memory().numTensors;
    for (let i = 0; i < 6; i++) step(i % 3 !== 0);
    step(true);
    expect(tf.memory().numTensors).toBe(afterOne);
    bn.dispose();
    expect(tf.memory().numTensors).toBe(afterBuild);
    tf.dispose([gamma, beta, x, bn.state.runningMean, bn.state.runningVar]);
    expect(tf.memory().numTensors).toBe(before - 3);
  });
});
