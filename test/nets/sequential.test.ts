import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { toMimeBundle } from "../../lib/host";
import { Affine } from "../../lib/layers/affine";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { PREDICT_CHUNK, Sequential } from "../../lib/nets/sequential";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";

function tiny(weightDecayLambda = 0): Sequential {
  const W1 = tf.tensor2d(Float32Array.from(seededArray(4 * 5, 1, -0.5, 0.5)), [4, 5]);
  const b1 = tf.tensor1d(Float32Array.from(seededArray(5, 2, -0.1, 0.1)));
  const W2 = tf.tensor2d(Float32Array.from(seededArray(5 * 3, 3, -0.5, 0.5)), [5, 3]);
  const b2 = tf.zeros([3]);
  const net = new Sequential([new Affine(W1, b1, "Affine1"), new Relu("Relu1"), new Affine(W2, b2, "Affine2")], new SoftmaxWithLoss(), {
    name: "Tiny",
    inputShape: [4],
    weightDecayLambda,
  });
  tf.dispose([W1, b1, W2, b2]);
  return net;
}

const x = () => tf.tensor2d(Float32Array.from(seededArray(6 * 4, 7)), [6, 4]);
const t = () => tf.tensor1d([0, 1, 2, 0, 1, 2], "int32");

/** The same net written with tf ops, differentiated by tf.grad (the oracle). */
function oracle(net: Sequential, xs: tf.Tensor, ts: tf.Tensor, lambda: number) {
  const p = net.params();
  const names = Object.keys(p);
  const f = (...vals: tf.Tensor[]) => {
    const [W1, b1, W2, b2] = vals;
    const h = tf.relu(tf.add(tf.matMul(xs as tf.Tensor2D, W1 as tf.Tensor2D), b1));
    const y = tf.add(tf.matMul(h, W2 as tf.Tensor2D), b2);
    const logp = tf.logSoftmax(y);
    const onehot = tf.oneHot(ts, 3);
    const ce = tf.neg(tf.mean(tf.sum(tf.mul(onehot, logp), 1)));
    return tf.add<tf.Scalar>(ce, tf.mul(0.5 * lambda, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(W2)))));
  };
  const vals = names.map((n) => p[n]);
  const loss = f(...vals).dataSync()[0];
  const grads = tf.grads(f)(vals);
  return { loss, grads: Object.fromEntries(names.map((n, i) => [n, grads[i]])) };
}

describe("Sequential", () => {
  test("params are named <layer>.<param> and shared with the layers", () => {
    const net = tiny();
    expect(Object.keys(net.params())).toEqual(["Affine1.W", "Affine1.b", "Affine2.W", "Affine2.b"]);
    expect(net.params()["Affine1.W"]).toBe(net.layers[0].params.W);
    expect(net.paramCount()).toBe(4 * 5 + 5 + 5 * 3 + 3);
    expect(net.state()).toEqual({});
    net.dispose();
  });

  test.each([0, 0.1])("gradient (weight decay %s) matches tf.grad of the same function", (lambda) => {
    const net = tiny(lambda);
    const xs = x();
    const ts = t();
    const { loss, grads } = net.gradient(xs, ts);
    const ref = oracle(net, xs, ts, lambda);
    expectClose(loss, ref.loss, { atol: 1e-5 });
    for (const name of Object.keys(ref.grads)) expectClose(grads[name], ref.grads[name], { atol: 1e-5 });
    const L = net.loss(xs, ts);
    expectClose(L, ref.loss, { atol: 1e-5 });
    tf.dispose([xs, ts, L, Object.values(ref.grads)]);
    net.dispose();
  });

  test("weight decay adds 0.5 lambda sum(W^2) to the loss, only over W", () => {
    const plain = tiny(0);
    const decayed = tiny(0.5);
    const xs = x();
    const ts = t();
    const sumSq = tf.tidy(
      () => tf.add(tf.sum(tf.square(plain.params()["Affine1.W"])), tf.sum(tf.square(plain.params()["Affine2.W"]))).dataSync()[0],
    );
    const a = plain.loss(xs, ts);
    const b = decayed.loss(xs, ts);
    expectClose(b.dataSync()[0] - a.dataSync()[0], 0.25 * sumSq, { atol: 1e-5 });
    tf.dispose([xs, ts, a, b]);
    plain.dispose();
    decayed.dispose();
  });

  test("predict returns scores [N, classes]; a forward + backward leaks no tensor", () => {
    const net = tiny(0.1);
    const xs = x();
    const ts = t();
    const y = net.predict(xs);
    expect(y.shape).toEqual([6, 3]);
    y.dispose();
    net.gradient(xs, ts); // caches and grads now exist
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      net.gradient(xs, ts);
      net.predict(xs).dispose();
      net.loss(xs, ts).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([xs, ts]);
  });

  test("dispose frees params, caches and grads", () => {
    const before = tf.memory().numTensors;
    const net = tiny(0.1);
    const xs = x();
    const ts = t();
    net.gradient(xs, ts);
    tf.dispose([xs, ts]);
    net.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => net.predict(tf.zeros([1, 4]))).toThrow(/Tiny.predict: the net was disposed/);
  });

  test("wrong input shapes, labels and layer lists are clear errors", () => {
    const net = tiny();
    const bad = tf.zeros([2, 5]);
    expect(() => net.predict(bad)).toThrow(ShapeError);
    expect(() => net.predict(bad)).toThrow("Tiny.predict: x must be [N, 4], got shape [2, 5]");
    const xs = tf.zeros([2, 4]);
    const ts = tf.zeros([3], "int32");
    expect(() => net.gradient(xs, ts)).toThrow(
      "Tiny.gradient: t must be labels [2] or one-hot [2, classes] (one per sample of x), got shape [3]",
    );
    expect(
      () =>
        new Sequential(
          [new Affine(tf.zeros([4, 3]), tf.zeros([3]), "A"), new Affine(tf.zeros([5, 2]), tf.zeros([2]), "B")],
          new SoftmaxWithLoss(),
          { inputShape: [4] },
        ),
    ).toThrow(/Affine "B" outputShape: input must be rank >= 2 with 5 features per sample, got shape \[1, 3\]/);
    expect(() => new Sequential([new Relu("R"), new Relu("R")], new SoftmaxWithLoss(), { inputShape: [4] })).toThrow(
      /two layers are named "R"/,
    );
    expect(() => new Sequential([new Relu("R")], new SoftmaxWithLoss(), { inputShape: [0] })).toThrow(/inputShape must be/);
    expect(() => new Sequential([new Relu("R")], new SoftmaxWithLoss(), { inputShape: [4], weightDecayLambda: -1 })).toThrow(
      /weightDecayLambda must be/,
    );
    tf.dispose([bad, xs, ts]);
    net.dispose();
  });

  test("displays itself as a table of layers, types, output shapes and params", () => {
    const net = tiny(0.01);
    const bundle = net[toMimeBundle]();
    const text = bundle["text/plain"] as string;
    expect(text.split("\n")[0]).toBe("Tiny: input [N, 4], 43 params, weight decay 0.01");
    expect(text).toMatch(/^Affine1\s+Affine\s+\[N, 5\]\s+25$/m);
    expect(text).toMatch(/^Relu1\s+Relu\s+\[N, 5\]\s+0$/m);
    expect(text).toMatch(/^Affine2\s+Affine\s+\[N, 3\]\s+18$/m);
    const html = bundle["text/html"] as string;
    expect(html).toContain('<td style="text-align:left">Affine2</td>');
    expect(html).toContain('<th style="text-align:right">params</th>');
    net.dispose();
  });

  it("predicts a batch larger than PREDICT_CHUNK in slices (eval mode): the same scores, no tensors left over", () => {
    const net = tiny();
    const n = 2 * PREDICT_CHUNK + 7;
    const big = tf.tensor2d(Float32Array.from(seededArray(n * 4, 11)), [n, 4]);
    net.predict(big).dispose(); // the layers' caches of the last slice now exist
    const before = tf.memory().numTensors;
    const sliced = net.predict(big);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(sliced.shape).toEqual([n, 3]);
    // The oracle: the same two affine layers in one pass of tf ops.
    const p = net.params();
    const whole = tf.tidy(() =>
      tf.add(
        tf.matMul(tf.relu(tf.add(tf.matMul(big, p["Affine1.W"] as tf.Tensor2D), p["Affine1.b"])), p["Affine2.W"] as tf.Tensor2D),
        p["Affine2.b"],
      ),
    );
    expectClose(sliced, whole);
    tf.dispose([big, sliced, whole]);
    net.dispose();
  });
});
