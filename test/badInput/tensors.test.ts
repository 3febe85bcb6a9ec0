/**
 * Bad tensors where they enter the library: empty batches, a batch of one in BatchNorm's
 * train mode, pad >= window, targets that are not one-hot or not of the net's classes,
 * disposed params. Each case checks the error's class, its key words and that nothing changed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { ShapeError } from "../../lib/errors";
import { crossEntropyError, svmLoss } from "../../lib/functions";
import {
  Affine,
  BatchNormalization,
  Convolution,
  Dropout,
  Flatten,
  Pooling,
  Relu,
  Sigmoid,
  SoftmaxWithLoss,
  Tanh,
  type Layer,
} from "../../lib/layers";
import { MultiLayerNet, SimpleConvNet, TwoLayerNet } from "../../lib/nets";
import { he, normalStd } from "../../lib/init";
import { SGD } from "../../lib/optimizers/sgd";
import { loadParams, saveParams } from "../../lib/params";
import { accuracy, confusionMatrix } from "../../lib/train";
import type { Dataset } from "../../lib/data/dataset";
import { expectRefused } from "./refused";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-badinput-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function bnNet(): MultiLayerNet {
  return new MultiLayerNet({ inputSize: 4, hiddenSizes: [5], outputSize: 3, useBatchNorm: true, seed: 1 });
}

/**
 * Runs a valid gradient and prediction so every layer holds its caches: a refused call is then
 * checked to leave the tensor count where it was (a first call would add the layers' caches).
 */
function warm(net: MultiLayerNet): MultiLayerNet {
  const x = tf.randomNormal([4, 4], 0, 1, "float32", 2);
  const t = tf.tensor1d([0, 1, 2, 0], "int32");
  net.gradient(x, t);
  net.predict(x).dispose();
  tf.dispose([x, t]);
  return net;
}

/** Params and state of a net, to check they did not move. */
function watchNet(net: MultiLayerNet | SimpleConvNet): Record<string, tf.Tensor> {
  return { ...net.params(), ...net.state() };
}

describe("an empty batch (N = 0) is refused by every layer, naming it", () => {
  const layers: Array<[string, () => Layer, number[], string]> = [
    ["Affine", () => new Affine(tf.ones([3, 2]), tf.zeros([2]), "Affine1"), [0, 3], 'Affine "Affine1" forward'],
    ["Relu", () => new Relu("Relu1"), [0, 3], 'Relu "Relu1" forward'],
    ["Sigmoid", () => new Sigmoid("Sigmoid1"), [0, 3], "Sigmoid1"],
    ["Tanh", () => new Tanh("Tanh1"), [0, 3], "Tanh1"],
    ["Dropout", () => new Dropout({ name: "Dropout1", seed: 1 }), [0, 3], 'Dropout "Dropout1" forward'],
    ["Flatten", () => new Flatten("Flatten1"), [0, 1, 2, 2], 'Flatten "Flatten1" forward'],
    [
      "Convolution fast",
      () => new Convolution(tf.ones([2, 1, 3, 3]), tf.zeros([2]), { name: "Conv1" }),
      [0, 1, 5, 5],
      'Convolution "Conv1" forward',
    ],
    [
      "Convolution im2col",
      () => new Convolution(tf.ones([2, 1, 3, 3]), tf.zeros([2]), { name: "Conv2", impl: "im2col" }),
      [0, 1, 5, 5],
      'Convolution "Conv2" forward',
    ],
    ["Pooling max", () => new Pooling({ poolH: 2, poolW: 2, stride: 2, name: "Pool1" }), [0, 1, 4, 4], 'Pooling "Pool1" forward'],
    [
      "Pooling avg",
      () => new Pooling({ poolH: 2, poolW: 2, stride: 2, mode: "avg", name: "Pool2" }),
      [0, 1, 4, 4],
      'Pooling "Pool2" forward',
    ],
    [
      "BatchNormalization",
      () => new BatchNormalization(tf.ones([3]), tf.zeros([3]), { name: "BN1" }),
      [0, 3],
      'BatchNormalization "BN1" forward',
    ],
  ];
  for (const train of [false, true]) {
    test.each(layers)(`%s (train ${String(train)})`, (_kind, make, shape, where) => {
      const layer = make();
      const x = tf.zeros(shape);
      expectRefused(() => layer.forward(x, { train }), ShapeError, [where, "input", "at least one sample", `[${shape.join(", ")}]`], {
        ...layer.params,
        ...layer.state,
      });
      x.dispose();
      layer.dispose();
      for (const v of [...Object.values(layer.params), ...Object.values(layer.state)]) v.dispose();
    });
  }

  test("SoftmaxWithLoss forward (a loss of -3.6e-41 before)", () => {
    const s = new SoftmaxWithLoss("Loss1");
    const x = tf.zeros([0, 3]);
    const t = tf.zeros([0], "int32");
    expectRefused(() => s.forward(x, t), ShapeError, ['SoftmaxWithLoss "Loss1" forward', "x", "at least one sample", "[0, 3]"]);
    tf.dispose([x, t]);
  });

  test("crossEntropyError and svmLoss", () => {
    const y = tf.zeros([0, 3]);
    const t = tf.zeros([0], "int32");
    expectRefused(() => crossEntropyError(y, t), ShapeError, ["crossEntropyError", "y", "at least one sample", "[0, 3]"]);
    expectRefused(() => svmLoss(y, t), ShapeError, ["svmLoss", "scores", "at least one sample", "[0, 3]"]);
    tf.dispose([y, t]);
  });

  test("a net's predict, loss and gradient name the net and the call; BatchNorm's running statistics stay", () => {
    const net = bnNet();
    const x = tf.zeros([0, 4]);
    const t = tf.zeros([0], "int32");
    const words = ["x", "at least one sample", "[0, 4]"];
    expectRefused(() => net.predict(x), ShapeError, [`${net.name}.predict`, ...words], watchNet(net));
    expectRefused(() => net.loss(x, t), ShapeError, [`${net.name}.loss`, ...words], watchNet(net));
    expectRefused(() => net.gradient(x, t), ShapeError, [`${net.name}.gradient`, ...words], watchNet(net));
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a conv net refuses before its Convolution runs (a bare wasm 'divide by zero' before)", () => {
    const net = new SimpleConvNet({ inputShape: [1, 8, 8], filterNum: 2, filterSize: 3, hiddenSize: 4, outputSize: 3, seed: 1 });
    const x = tf.zeros([0, 1, 8, 8]);
    const t = tf.zeros([0], "int32");
    expectRefused(() => net.gradient(x, t), ShapeError, [".gradient", "x", "at least one sample", "[0, 1, 8, 8]"], watchNet(net));
    tf.dispose([x, t]);
    net.dispose();
  });

  test("accuracy and confusionMatrix", () => {
    const net = bnNet();
    const x = tf.zeros([0, 4]);
    const t = tf.zeros([0], "int32");
    expectRefused(() => accuracy(net, { x, t }), RangeError, ["accuracy", "no samples"]);
    expectRefused(() => confusionMatrix(net, { x, t }), RangeError, ["confusionMatrix", "no samples"]);
    tf.dispose([x, t]);
    net.dispose();
  });
});

describe("BatchNormalization in train mode needs more than one value per channel", () => {
  test("[1, D] is refused and the running statistics stay", () => {
    const bn = new BatchNormalization(tf.ones([3]), tf.zeros([3]), { name: "BN1" });
    const x = tf.ones([1, 3]);
    expectRefused(
      () => bn.forward(x, { train: true }),
      ShapeError,
      ['BatchNormalization "BN1" forward', "input", "more than 1 value per channel", "batchSize >= 2", "[1, 3]"],
      { ...bn.state, ...bn.params },
    );
    x.dispose();
  });

  test("NCHW [1, C, 1, 1] is refused", () => {
    const bn = new BatchNormalization(tf.ones([2]), tf.zeros([2]), { name: "BN2" });
    const x = tf.ones([1, 2, 1, 1]);
    expectRefused(() => bn.forward(x, { train: true }), ShapeError, ["BN2", "more than 1 value per channel", "[1, 2, 1, 1]"], bn.state);
    x.dispose();
  });

  test("NCHW [1, C, 2, 2] has four values per channel and trains", () => {
    const bn = new BatchNormalization(tf.ones([2]), tf.zeros([2]), { name: "BN3" });
    const x = tf.randomNormal([1, 2, 2, 2], 0, 1, "float32", 1);
    const y = bn.forward(x, { train: true });
    expect(Math.abs(tf.sum(y).dataSync()[0])).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(y)).dataSync()[0]).toBeGreaterThan(0.5);
    tf.dispose([x, y]);
    bn.dispose();
  });

  test("a batch of one in eval mode uses the running statistics", () => {
    const bn = new BatchNormalization(tf.ones([3]), tf.zeros([3]), { name: "BN4" });
    const x = tf.tensor2d([[1, 2, 3]]);
    const y = bn.forward(x);
    expect(Array.from(y.dataSync()).map((v) => Math.round(v))).toEqual([1, 2, 3]);
    tf.dispose([x, y]);
    bn.dispose();
  });

  test("a net's gradient on one sample names its BatchNorm layer", () => {
    const net = warm(bnNet());
    const x = tf.ones([1, 4]);
    const t = tf.tensor1d([0], "int32");
    expectRefused(
      () => net.gradient(x, t),
      ShapeError,
      ['BatchNormalization "BatchNorm1" forward', "more than 1 value per channel"],
      watchNet(net),
    );
    tf.dispose([x, t]);
    net.dispose();
  });
});

describe("sizes past what memory can hold are refused before anything is allocated", () => {
  const limit = ["the limit is 268,435,456 values (1 GiB of float32) per tensor"];
  test.each([
    ["TwoLayerNet hidden 1e9", () => new TwoLayerNet(784, 1e9, 10), ["normalStd", "[784, 1000000000]", "784,000,000,000 values"]],
    [
      "MultiLayerNet hiddenSizes [1e9]",
      () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [1e9], outputSize: 10 }),
      ["he", "[784, 1000000000]", "784,000,000,000 values"],
    ],
    [
      // Its first weights alone pass the limit (500,000,000 values), so nothing is drawn before the refusal.
      "SimpleConvNet filterNum 2e7",
      () => new SimpleConvNet({ inputShape: [1, 28, 28], filterNum: 2e7 }),
      ["normalStd", "[20000000, 1, 5, 5]", "500,000,000 values"],
    ],
    ["normalStd of 2^29 values", () => normalStd([2 ** 15, 2 ** 14], 0.01), ["normalStd", "[32768, 16384]", "536,870,912 values"]],
    ["he of 2^40 values", () => he([2 ** 20, 2 ** 20], 4), ["he", "1,099,511,627,776 values"]],
  ] as const)("%s: a RangeError naming the shape and the limit (V8's bare 'Invalid typed array length' before)", (_, build, words) => {
    expectRefused(build, RangeError, [...words, ...limit]);
  });

  test("just under the limit is not refused by the check", () => {
    expect(() => he([1, 1], 1)).not.toThrow();
    tf.dispose(he([2 ** 14, 2 ** 4], 16));
  });
});

describe("Pooling refuses pad >= window", () => {
  test.each([
    [2, 2, 2],
    [2, 2, 3],
    [3, 2, 2],
    [2, 3, 2],
  ])("a %ix%i window with pad %i", (poolH, poolW, pad) => {
    expectRefused(() => new Pooling({ poolH, poolW, pad, name: "Pool1" }), RangeError, [
      'Pooling "Pool1"',
      "pad must be smaller than the window",
      `got pad ${pad} with a ${poolH}x${poolW} window`,
    ]);
  });

  test("pad < window still pools", () => {
    const pool = new Pooling({ poolH: 3, poolW: 3, pad: 2, name: "Pool2" });
    const x = tf.ones([1, 1, 2, 2]);
    const y = pool.forward(x);
    expect(y.shape).toEqual([1, 1, 4, 4]);
    tf.dispose([x, y]);
  });
});

describe("targets must be one-hot rows of the net's classes", () => {
  const cases: Array<[string, number[][], string]> = [
    [
      "rows summing to 1.5",
      [
        [0.5, 0.5, 0.5],
        [1, 0, 0],
      ],
      "row 0 = [0.5, 0.5, 0.5] (sum 1.5)",
    ],
    [
      "a negative entry",
      [
        [1, 0, 0],
        [1.5, -0.5, 0],
      ],
      "row 1 = [1.5, -0.5, 0]",
    ],
    [
      "an all-zero row",
      [
        [0, 0, 0],
        [0, 1, 0],
      ],
      "row 0 = [0, 0, 0] (sum 0)",
    ],
    [
      "labels 1-based in one-hot form",
      [
        [0, 0, 2],
        [0, 2, 0],
      ],
      "row 0 = [0, 0, 2] (sum 2)",
    ],
    [
      "NaN",
      [
        [NaN, 1, 0],
        [0, 1, 0],
      ],
      "row 0 = [NaN, 1, 0]",
    ],
  ];
  test.each(cases)("SoftmaxWithLoss refuses %s", (_what, rows, got) => {
    const s = new SoftmaxWithLoss("Loss1");
    const x = tf.zeros([2, 3]);
    const t = tf.tensor2d(rows);
    expectRefused(() => s.forward(x, t), RangeError, ['SoftmaxWithLoss "Loss1" forward', "t [2, 3]", "one-hot rows", got]);
    tf.dispose([x, t]);
  });

  test("crossEntropyError refuses a row that is no distribution", () => {
    const y = tf.fill([2, 3], 1 / 3);
    const t = tf.tensor2d([
      [1, 1, 0],
      [0, 1, 0],
    ]);
    expectRefused(() => crossEntropyError(y, t), RangeError, ["crossEntropyError", "one-hot rows", "row 0 = [1, 1, 0] (sum 2)"]);
    tf.dispose([y, t]);
  });

  test("soft targets that are distributions are accepted (label smoothing)", () => {
    const s = new SoftmaxWithLoss("Loss2");
    const x = tf.zeros([1, 3]);
    const t = tf.tensor2d([[0.9, 0.05, 0.05]]);
    const loss = s.forward(x, t);
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(3), 4);
    tf.dispose([x, t, loss]);
    s.dispose();
  });

  test("one-hot t of 5 classes for scores of 3", () => {
    const s = new SoftmaxWithLoss("Loss3");
    const x = tf.zeros([2, 3]);
    const t = tf.oneHot(tf.tensor1d([0, 4], "int32"), 5);
    expectRefused(() => s.forward(x, t), ShapeError, ["Loss3", "t must be one-hot [2, 3]", "x scores 3 classes, t has 5", "[2, 5]"]);
    tf.dispose([x, t]);
  });

  test("a net's loss with one-hot targets of another class count", () => {
    const net = warm(bnNet());
    const x = tf.ones([2, 4]);
    const t = tf.oneHot(tf.tensor1d([0, 1], "int32"), 10);
    expectRefused(() => net.loss(x, t), ShapeError, ["SoftmaxWithLoss", "scores 3 classes, t has 10", "[2, 10]"]);
    tf.dispose([x, t]);
    net.dispose();
  });

  test("a label past the classes", () => {
    const s = new SoftmaxWithLoss("Loss4");
    const x = tf.zeros([2, 3]);
    const t = tf.tensor1d([0, 3], "int32");
    expectRefused(() => s.forward(x, t), RangeError, ["Loss4", "integer class labels in [0, 3)", "got 3 at index 1"]);
    tf.dispose([x, t]);
  });
});

describe("accuracy and confusionMatrix check the data's classes against the net's", () => {
  const net = warm(bnNet());
  afterAll(() => net.dispose());

  test.each([
    ["accuracy", (d: Parameters<typeof accuracy>[1]) => accuracy(net, d)],
    ["confusionMatrix", (d: Parameters<typeof accuracy>[1]) => confusionMatrix(net, d)],
  ] as const)("%s: one-hot t of 5 classes for a 3-class net", (where, run) => {
    const x = tf.ones([2, 4]);
    const t = tf.oneHot(tf.tensor1d([0, 4], "int32"), 5);
    expectRefused(() => run({ x, t }), RangeError, [where, "t is one-hot with 5 classes", 'the net "MultiLayerNet" scores 3 classes']);
    tf.dispose([x, t]);
  });

  test.each([
    ["accuracy", (d: Parameters<typeof accuracy>[1]) => accuracy(net, d)],
    ["confusionMatrix", (d: Parameters<typeof accuracy>[1]) => confusionMatrix(net, d)],
  ] as const)("%s: label 7 for a 3-class net", (where, run) => {
    const x = tf.ones([2, 4]);
    const t = tf.tensor1d([0, 7], "int32");
    expectRefused(() => run({ x, t }), RangeError, [where, "labels must be in [0, 3)", "got label 7 at index 1"]);
    tf.dispose([x, t]);
  });

  function dataset(numClasses: number, labels: number[]): Dataset {
    return {
      name: "toy",
      x: new Float32Array(labels.length * 4),
      labels: Uint8Array.from(labels),
      sampleShape: [4],
      length: labels.length,
      numClasses,
      classNames: Array.from({ length: numClasses }, (_, i) => String(i)),
    };
  }

  test("a Dataset of 10 classes for a 3-class net", () => {
    expectRefused(() => accuracy(net, dataset(10, [0, 1, 2])), RangeError, [
      "accuracy",
      'data "toy" has numClasses 10',
      "scores 3 classes",
    ]);
  });

  test("a Dataset of fewer classes than the net scores is fine", () => {
    expect(accuracy(net, dataset(2, [0, 1]))).toBeGreaterThanOrEqual(0);
  });
});

describe("disposed params are named, not 'Cannot read properties of undefined'", () => {
  test("a layer of a disposed net", () => {
    const net = bnNet();
    net.dispose();
    const x = tf.ones([2, 4]);
    expectRefused(() => net.layers[0].forward(x), Error, ['Affine "Affine1" forward', "W was disposed", "the net was disposed"]);
    x.dispose();
  });

  test("a Convolution whose W was disposed", () => {
    const conv = new Convolution(tf.ones([2, 1, 3, 3]), tf.zeros([2]), { name: "Conv1" });
    conv.params.W.dispose();
    const x = tf.ones([1, 1, 5, 5]);
    expectRefused(() => conv.forward(x), Error, ['Convolution "Conv1" forward', "W was disposed"]);
    x.dispose();
  });

  test("a BatchNormalization whose running mean was disposed", () => {
    const bn = new BatchNormalization(tf.ones([3]), tf.zeros([3]), { name: "BN1" });
    bn.state.runningMean.dispose();
    const x = tf.ones([2, 3]);
    expectRefused(() => bn.forward(x), Error, ['BatchNormalization "BN1" forward', "runningMean was disposed"]);
    x.dispose();
  });

  test("an optimizer update of a disposed net's params", () => {
    const net = bnNet();
    const params = net.params();
    const grads: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(params)) grads[k] = tf.zerosLike(v);
    net.dispose();
    expectRefused(() => new SGD({ lr: 0.1 }).update(params, grads), Error, ["SGD.update", 'param "Affine1.W" was disposed']);
    tf.dispose(Object.values(grads));
  });

  test("the net's own calls", () => {
    const net = bnNet();
    net.dispose();
    const x = tf.ones([2, 4]);
    expectRefused(() => net.predict(x), Error, ["MultiLayerNet.predict", "the net was disposed"]);
    x.dispose();
  });

  test("loadParams into a disposed net fails (it reported success before)", () => {
    const file = `${tmp}/bn.nnparams`;
    const source = bnNet();
    saveParams(source, file);
    source.dispose();
    const net = bnNet();
    net.dispose();
    expectRefused(() => loadParams(net, file), Error, ["loadParams", 'net "MultiLayerNet" was disposed', 'param "Affine1.W"']);
  });

  test("saveParams of a disposed net", () => {
    const net = bnNet();
    net.dispose();
    expectRefused(() => saveParams(net, `${tmp}/disposed.nnparams`), Error, ["saveParams", "was disposed"]);
    expect(fs.existsSync(`${tmp}/disposed.nnparams`)).toBe(false);
  });
});
