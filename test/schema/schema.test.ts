import * as tf from "@tensorflow/tfjs-core";
import { parsePrototxt, PrototxtSyntaxError, type PrototxtMessage } from "../../lib/schema/prototxt";
import { netFromSchema } from "../../lib/schema/netFromSchema";
import { parseSolver, learningRateAt, solverOptimizer } from "../../lib/schema/solver";
import { copyMatchingParams } from "../../lib/schema/copyMatchingParams";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { Momentum } from "../../lib/optimizers/momentum";

const NET = `
name: "small"   # a comment
input: "data"
input_shape { dim: 2 dim: 1 dim: 8 dim: 8 }
input: "label"
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 3 kernel_size: 3 pad: 1 weight_filler { type: "msra" } } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "fc1" type: "InnerProduct" bottom: "pool1" top: "fc1" inner_product_param { num_output: 5 weight_filler { type: "xavier" } } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc1" bottom: "label" top: "loss" }
`;

describe("parsePrototxt", () => {
  it("reads fields, repeated fields, nested blocks, strings, numbers, enums and booleans", () => {
    const m = parsePrototxt(`a: 1 a: -2.5e-1 s: "x \\"y\\"" e: MAX b: true blk { c: 3 inner { d: 'q' } } blk { }`);
    expect(m.a).toEqual([1, -0.25]);
    expect(m.s).toEqual(['x "y"']);
    expect(m.e).toEqual(["MAX"]);
    expect(m.b).toEqual([true]);
    expect(m.blk).toHaveLength(2);
    const blk = m.blk[0] as PrototxtMessage;
    expect(blk.c).toEqual([3]);
    expect((blk.inner[0] as PrototxtMessage).d).toEqual(["q"]);
  });

  it("names line and column of syntax errors", () => {
    expect(() => parsePrototxt("a: 1\nb {\n c: 2")).toThrow(PrototxtSyntaxError);
    expect(() => parsePrototxt("a: 1\nb {\n c: 2")).toThrow(/line 2, column 3: block opened here is never closed/);
    expect(() => parsePrototxt("a: 1\n  }")).toThrow(/line 2, column 3: unexpected "}"/);
    expect(() => parsePrototxt('x: "open')).toThrow(/line 1, column 4: unterminated string/);
    expect(() => parsePrototxt("x 3")).toThrow(/expected ":" or "\{" after field "x"/);
    expect(() => parsePrototxt("x: }")).toThrow(/field "x" has no value/);
  });
});

describe("netFromSchema", () => {
  it("builds the chain with params named after the schema's layers and the right shapes", () => {
    const net = netFromSchema(NET, { seed: 1 });
    expect(net.name).toBe("small");
    expect(net.inputShape).toEqual([1, 8, 8]);
    expect(net.layers.map((l) => l.name)).toEqual(["conv1", "relu1", "pool1", "fc1"]);
    const p = net.params();
    expect(Object.keys(p).sort()).toEqual(["conv1.W", "conv1.b", "fc1.W", "fc1.b"]);
    expect(p["conv1.W"].shape).toEqual([3, 1, 3, 3]);
    expect(p["fc1.W"].shape).toEqual([3 * 4 * 4, 5]);
    const x = tf.randomUniform([2, 1, 8, 8]);
    const t = tf.tensor1d([0, 4], "int32");
    const { loss, grads } = net.gradient(x, t);
    expect(Number.isFinite(loss)).toBe(true);
    expect(grads["conv1.W"].shape).toEqual([3, 1, 3, 3]);
    const after1 = tf.memory().numTensors;
    net.gradient(x, t);
    expect(tf.memory().numTensors).toBe(after1); // a step replaces caches and grads, adds nothing
    tf.dispose([x, t]);
    net.dispose();
  });

  it("draws the same weights for the same seed", () => {
    const a = netFromSchema(NET, { seed: 3 });
    const b = netFromSchema(NET, { seed: 3 });
    expect(Array.from(a.params()["fc1.W"].dataSync())).toEqual(Array.from(b.params()["fc1.W"].dataSync()));
    a.dispose();
    b.dispose();
  });

  it("rejects broken chains, unknown types and missing loss with the layer's name, without leaking", () => {
    const start = tf.memory().numTensors;
    expect(() => netFromSchema(NET.replace('bottom: "pool1"', 'bottom: "conv9"'))).toThrow(
      'netFromSchema: layer "fc1": the bottom "conv9" comes from no input and no earlier layer (inputs: "data", "label"; blobs so far: "conv1", "pool1")',
    );
    expect(() => netFromSchema(NET.replace('type: "ReLU"', 'type: "LRN"'))).toThrow(/layer "relu1": unknown type "LRN"/);
    expect(() => netFromSchema(NET.replace(/layer \{ name: "loss".*\n/, ""))).toThrow(/last layer must be a SoftmaxWithLoss/);
    expect(() => netFromSchema(NET.replace("num_output: 5", "num_output: 0"))).toThrow(/num_output" must be an integer >= 1/);
    expect(() => netFromSchema('layer { name: "a" }')).toThrow(/input_shape/);
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe("solver", () => {
  const SOLVER = `net: "small.prototxt" base_lr: 0.01 momentum: 0.9 weight_decay: 0.0005
    lr_policy: "step" gamma: 0.1 stepsize: 100 max_iter: 300 snapshot: 100 snapshot_prefix: "snap/small"`;

  it("parses Caffe's fields with defaults", () => {
    const s = parseSolver(SOLVER);
    expect(s).toMatchObject({
      net: "small.prototxt",
      type: "SGD",
      baseLr: 0.01,
      momentum: 0.9,
      weightDecay: 0.0005,
      maxIter: 300,
      snapshot: 100,
      snapshotPrefix: "snap/small",
      display: 0,
    });
  });

  it("computes the learning-rate policies", () => {
    const s = parseSolver(SOLVER);
    expect(learningRateAt(s, 0)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(s, 99)).toBeCloseTo(0.01, 12);
    expect(learningRateAt(s, 100)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(s, 250)).toBeCloseTo(0.0001, 12);
    const inv = parseSolver('base_lr: 0.01 lr_policy: "inv" gamma: 0.0001 power: 0.75 max_iter: 10');
    expect(learningRateAt(inv, 1000)).toBeCloseTo(0.01 * (1 + 0.1) ** -0.75, 12);
    expect(learningRateAt(parseSolver("base_lr: 0.5 max_iter: 1"), 77)).toBe(0.5);
  });

  it("makes the optimizer it names", () => {
    const o = solverOptimizer(parseSolver(SOLVER));
    expect(o).toBeInstanceOf(Momentum);
    expect(o.lr).toBe(0.01);
    o.dispose();
  });

  it("rejects bad solvers clearly", () => {
    expect(() => parseSolver("max_iter: 10")).toThrow(/field "base_lr" is required/);
    expect(() => parseSolver('base_lr: 0.1 max_iter: 5 type: "Magic"')).toThrow(/type must be SGD/);
    expect(() => parseSolver('base_lr: 0.1 max_iter: 5 lr_policy: "step" gamma: 0.1')).toThrow(/field "stepsize" is required/);
    expect(() => parseSolver("base_lr: 0.1 max_iter: 5 base_lr: 0.2")).toThrow(/"base_lr" is given 2 times/);
  });
});

describe("copyMatchingParams", () => {
  it("copies same-name same-shape params and keeps the rest", () => {
    const a = netFromSchema(NET, { seed: 1 });
    const b = netFromSchema(NET.replace(/"fc1"/g, '"fc1_new"'), { seed: 2 });
    const { copied, kept } = copyMatchingParams(a, b);
    expect(copied.sort()).toEqual(["conv1.W", "conv1.b"]);
    expect(kept.sort()).toEqual(["fc1_new.W", "fc1_new.b"]);
    expect(Array.from(b.params()["conv1.W"].dataSync())).toEqual(Array.from(a.params()["conv1.W"].dataSync()));
    const other = new SimpleConvNet({ inputShape: [1, 8, 8], seed: 1 });
    expect(copyMatchingParams(other, b).copied).toEqual([]);
    [a, b, other].forEach((n) => n.dispose());
    expect(() => copyMatchingParams(null as never, a)).toThrow(/from must be a Net/);
  });
});
