import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle } from "../../lib/host";
import { Affine } from "../../lib/layers/affine";
import { Concat } from "../../lib/layers/concat";
import { Convolution } from "../../lib/layers/convolution";
import { Eltwise } from "../../lib/layers/eltwise";
import { Flatten } from "../../lib/layers/flatten";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { GraphNet, type GraphNode } from "../../lib/nets/graphNet";
import { PREDICT_CHUNK, Sequential } from "../../lib/nets/sequential";
import { loadParams, saveParams } from "../../lib/params";
import { gradientCheck } from "../../lib/train/gradientCheck";
import { expectClose } from "../helpers/expectClose";
import { seededArray } from "../helpers/numericalGradient";
import { verdict } from "../helpers/verdict";

const tensor = (shape: number[], seed: number, scale = 0.5): tf.Tensor =>
  tf.tensor(
    Float32Array.from(
      seededArray(
        shape.reduce((a, b) => a * b, 1),
        seed,
        -scale,
        scale,
      ),
    ),
    shape,
  );

/**
 * x -> Conv0 -> h; h -> Conv1 -> Relu (in place) -> Eltwise SUM with h -> Flatten -> Affine.
 * h branches (into Conv1 and the shortcut), so Conv0's gradient is the sum of two paths.
 */
function residualNet(seed = 1): GraphNet {
  const [W0, b0, W1, b1, Wa, ba] = [
    tensor([2, 1, 3, 3], seed),
    tensor([2], seed + 1, 0.1),
    tensor([2, 2, 3, 3], seed + 2),
    tensor([2], seed + 3, 0.1),
    tensor([2 * 4 * 4, 3], seed + 4),
    tensor([3], seed + 5, 0.1),
  ];
  const net = new GraphNet(
    [
      { layer: new Convolution(W0, b0, { pad: 1, name: "Conv0" }), bottom: "data", top: "h" },
      { layer: new Convolution(W1, b1, { pad: 1, name: "Conv1" }), bottom: "h", top: "f" },
      { layer: new Relu("Relu1"), bottom: "f", top: "f" },
      { layer: new Eltwise("Sum1"), bottom: ["f", "h"], top: "sum" },
      { layer: new Flatten("Flatten1"), bottom: "sum", top: "flat" },
      { layer: new Affine(Wa, ba, "Affine1"), bottom: "flat", top: "score" },
    ],
    { layer: new SoftmaxWithLoss(), bottom: "score" },
    { name: "Residual", inputShape: [1, 4, 4] },
  );
  tf.dispose([W0, b0, W1, b1, Wa, ba]);
  return net;
}

const batch = (): [tf.Tensor, tf.Tensor] => [tensor([5, 1, 4, 4], 40, 1), tf.tensor1d([0, 1, 2, 1, 0], "int32")];

describe("GraphNet", () => {
  test("a residual net (x -> conv -> relu -> eltwise SUM with x -> ...) passes a numerical gradient check on every weight", () => {
    const net = residualNet();
    const [x, t] = batch();
    const report = gradientCheck(net, x, t, { maxEntries: Infinity });
    expect(verdict(report)).toBe("pass");
    expect(Object.keys(net.params())).toEqual(["Conv0.W", "Conv0.b", "Conv1.W", "Conv1.b", "Affine1.W", "Affine1.b"]);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("gradients add up where a value branches: h feeds two Affines, and dL/dW of the layer before is the sum of both paths (tf.grad)", () => {
    const [W0, b0, Wp, bp, Wq, bq] = [
      tensor([4, 5], 1),
      tensor([5], 2),
      tensor([5, 3], 3),
      tensor([3], 4),
      tensor([5, 3], 5),
      tensor([3], 6),
    ];
    const x = tensor([6, 4], 7, 1);
    const t = tf.tensor1d([0, 1, 2, 0, 1, 2], "int32");
    const net = new GraphNet(
      [
        { layer: new Affine(W0, b0, "A0"), bottom: "x", top: "h" },
        { layer: new Affine(Wp, bp, "P"), bottom: "h", top: "p" },
        { layer: new Affine(Wq, bq, "Q"), bottom: "h", top: "q" },
        { layer: new Eltwise("Sum", { coeff: [1, -0.5] }), bottom: ["p", "q"], top: "score" },
      ],
      { layer: new SoftmaxWithLoss(), bottom: "score" },
      { input: "x", inputShape: [4] },
    );
    const { loss, grads } = net.gradient(x, t);
    const f = (w0: tf.Tensor, c0: tf.Tensor, wp: tf.Tensor, wq: tf.Tensor): tf.Scalar => {
      const h = tf.add(tf.matMul(x as tf.Tensor2D, w0 as tf.Tensor2D), c0);
      const y = tf.sub(tf.add(tf.matMul(h, wp as tf.Tensor2D), bp), tf.mul(0.5, tf.add(tf.matMul(h, wq as tf.Tensor2D), bq)));
      return tf.neg(tf.mean<tf.Scalar>(tf.sum(tf.mul(tf.oneHot(t, 3), tf.logSoftmax(y)), 1)));
    };
    const L = f(W0, b0, Wp, Wq);
    expectClose(loss, L);
    const [g0, gc0, gp, gq] = tf.grads(f)([W0, b0, Wp, Wq]);
    expectClose(grads["A0.W"], g0);
    expectClose(grads["A0.b"], gc0);
    expectClose(grads["P.W"], gp);
    expectClose(grads["Q.W"], gq);
    tf.dispose([W0, b0, Wp, bp, Wq, bq, x, t, L, g0, gc0, gp, gq]);
    net.dispose();
  });

  test("a chain-shaped GraphNet gives the same scores, loss and grads as the equivalent Sequential with the same weights", () => {
    const weights = (): tf.Tensor[] => [tensor([3, 1, 3, 3], 11), tensor([3], 12, 0.1), tensor([3 * 4 * 4, 4], 13), tensor([4], 14, 0.1)];
    const layers = (): [Convolution, Relu, Flatten, Affine] => {
      const [W, b, Wa, ba] = weights();
      const out: [Convolution, Relu, Flatten, Affine] = [
        new Convolution(W, b, { pad: 1, name: "Conv1" }),
        new Relu("Relu1"),
        new Flatten("Flatten1"),
        new Affine(Wa, ba, "Affine1"),
      ];
      tf.dispose([W, b, Wa, ba]);
      return out;
    };
    const seq = new Sequential(layers(), new SoftmaxWithLoss(), { inputShape: [1, 4, 4], weightDecayLambda: 0.1 });
    const [c, r, f, a] = layers();
    const graph = new GraphNet(
      [
        { layer: c, bottom: "data", top: "conv1" },
        { layer: r, bottom: "conv1", top: "conv1" },
        { layer: f, bottom: "conv1", top: "flat" },
        { layer: a, bottom: "flat", top: "score" },
      ],
      { layer: new SoftmaxWithLoss(), bottom: "score" },
      { inputShape: [1, 4, 4], weightDecayLambda: 0.1 },
    );
    const [x, t] = batch();
    const [ys, yg] = [seq.predict(x), graph.predict(x)];
    expectClose(yg, ys);
    const s = seq.gradient(x, t);
    const g = graph.gradient(x, t);
    expect(g.loss).toBeCloseTo(s.loss, 6);
    expect(Object.keys(g.grads)).toEqual(Object.keys(s.grads));
    for (const k of Object.keys(s.grads)) expectClose(g.grads[k], s.grads[k]);
    expect(graph.layers.map((l) => l.name)).toEqual(seq.layers.map((l) => l.name));
    tf.dispose([x, t, ys, yg]);
    seq.dispose();
    graph.dispose();
  });

  test("layers may be declared in any order: forward runs them topologically; Concat joins two branches", () => {
    const [W1, b1, W2, b2, Wa, ba] = [
      tensor([2, 1, 1, 1], 21),
      tensor([2], 22),
      tensor([3, 1, 1, 1], 23),
      tensor([3], 24),
      tensor([5 * 4, 2], 25),
      tensor([2], 26),
    ];
    const nodes: GraphNode[] = [
      { layer: new Affine(Wa, ba, "Affine1"), bottom: "flat", top: "score" },
      { layer: new Flatten("Flatten1"), bottom: "cat", top: "flat" },
      { layer: new Concat("Concat1"), bottom: ["a", "b"], top: "cat" },
      { layer: new Convolution(W2, b2, { name: "ConvB" }), bottom: "data", top: "b" },
      { layer: new Convolution(W1, b1, { name: "ConvA" }), bottom: "data", top: "a" },
    ];
    const net = new GraphNet(nodes, { layer: new SoftmaxWithLoss(), bottom: "score" }, { inputShape: [1, 2, 2] });
    expect(net.nodes.map((n) => n.layer.name)).toEqual(["ConvB", "ConvA", "Concat1", "Flatten1", "Affine1"]);
    expect(net.summary().find((r) => r.name === "Concat1")?.outputShape).toEqual([null, 5, 2, 2]);
    const x = tensor([3, 1, 2, 2], 27, 1);
    const t = tf.tensor1d([0, 1, 1], "int32");
    expect(verdict(gradientCheck(net, x, t, { maxEntries: Infinity }))).toBe("pass");
    expect(String(net[toMimeBundle]()["text/plain"])).toContain("a, b -> cat");
    tf.dispose([W1, b1, W2, b2, Wa, ba, x, t]);
    net.dispose();
  });

  test("errors name the layer and the blob: a missing bottom, two writers of one top, a cycle, a second bottom for a one-bottom layer", () => {
    const loss = () => ({ layer: new SoftmaxWithLoss(), bottom: "score" });
    const opts = { name: "G", inputShape: [4] };
    expect(() => new GraphNet([{ layer: new Relu("Relu1"), bottom: "nowhere", top: "score" }], loss(), opts)).toThrow(
      'GraphNet "G": layer "Relu1" reads the bottom "nowhere", which no layer writes and which is not the input "data"',
    );
    expect(
      () =>
        new GraphNet(
          [
            { layer: new Relu("Relu1"), bottom: "data", top: "score" },
            { layer: new Relu("Relu2"), bottom: "data", top: "score" },
          ],
          loss(),
          opts,
        ),
    ).toThrow('GraphNet "G": layer "Relu2" writes the top "score", which layer "Relu1" writes');
    expect(
      () => new GraphNet([{ layer: new Relu("Relu1"), bottom: "data", top: "x" }], { layer: new SoftmaxWithLoss(), bottom: "data" }, opts),
    ).toThrow("the loss reads the input");
    expect(
      () =>
        new GraphNet(
          [
            { layer: new Relu("Relu1"), bottom: "b", top: "a" },
            { layer: new Relu("Relu2"), bottom: "a", top: "b" },
            { layer: new Relu("Relu3"), bottom: "data", top: "score" },
          ],
          loss(),
          opts,
        ),
    ).toThrow(
      'GraphNet "G": the layers form a cycle, so there is no order to run them in: layer "Relu2" writes "b", read by layer "Relu1" writes "a", read by layer "Relu2"',
    );
    expect(() => new GraphNet([{ layer: new Relu("Relu1"), bottom: ["data", "data"], top: "score" }], loss(), opts)).toThrow(
      'GraphNet "G": layer "Relu1" takes one bottom, got 2 (data, data); Concat and Eltwise take several',
    );
    expect(() => new GraphNet([{ layer: new Relu("Relu1"), bottom: "data", top: "x" }], loss(), opts)).toThrow(
      'GraphNet "G": the loss "SoftmaxWithLoss" reads the bottom "score", which no layer writes',
    );
  });

  test("predict in eval mode runs more than PREDICT_CHUNK images in slices with the same scores, and leaks nothing", () => {
    const [W, b, Wq, bq] = [tensor([4, 3], 51), tensor([3], 52), tensor([4, 3], 53), tensor([3], 54)];
    const net = new GraphNet(
      [
        { layer: new Affine(W, b, "P"), bottom: "data", top: "p" },
        { layer: new Affine(Wq, bq, "Q"), bottom: "data", top: "q" },
        { layer: new Eltwise("Max", { operation: "MAX" }), bottom: ["p", "q"], top: "score" },
      ],
      { layer: new SoftmaxWithLoss(), bottom: "score" },
      { inputShape: [4] },
    );
    const x = tensor([PREDICT_CHUNK + 7, 4], 55, 1);
    net.predict(x).dispose();
    // The layers keep what their backward would need; a second predict replaces it.
    const before = tf.memory().numTensors;
    const y = net.predict(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    const expected = tf.maximum(
      tf.add(tf.matMul(x as tf.Tensor2D, W as tf.Tensor2D), b),
      tf.add(tf.matMul(x as tf.Tensor2D, Wq as tf.Tensor2D), bq),
    );
    expectClose(y, expected);
    tf.dispose([W, b, Wq, bq, x, y, expected]);
    net.dispose();
  });

  test("saveParams / loadParams work on a GraphNet unchanged; repeated gradient steps leak no tensors", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-graphnet-"));
    try {
      const a = residualNet(1);
      const b = residualNet(100);
      const file = path.join(tmp, "residual.nnparams");
      saveParams(a, file);
      loadParams(b, file);
      const [x, t] = batch();
      const [ya, yb] = [a.predict(x), b.predict(x)];
      expectClose(yb, ya, { atol: 0, rtol: 0 });
      tf.dispose([ya, yb]);
      a.gradient(x, t);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) a.gradient(x, t);
      expect(tf.memory().numTensors).toBe(before);
      const L = a.loss(x, t);
      L.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, t]);
      a.dispose();
      b.dispose();
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
