/**
 * Bad input: misspelt or misplaced option keys. Each case calls the public API as a careless
 * learner would and asserts the error class and the words a learner needs: the function, the
 * unknown key, the valid key it most likely meant, and the valid keys. Before, each of these
 * was ignored and the default used without a word.
 */
import * as tf from "@tensorflow/tfjs-core";
import {
  Adam,
  Affine,
  GraphNet,
  Sequential,
  SoftmaxWithLoss,
  AdaGrad,
  BatchNormalization,
  Concat,
  Convolution,
  DeepConvNet,
  Dropout,
  Eltwise,
  Momentum,
  MultiLayerNet,
  Nesterov,
  ParallelNet,
  Pooling,
  RMSprop,
  SGD,
  SimpleConvNet,
  Trainer,
  TwoLayerNet,
  accuracy,
  activationHistograms,
  appleGraph,
  augmentDataset,
  batchTensors,
  clearOutput,
  confusionMatrix,
  confusionMatrixFigure,
  convolutionStepper,
  createOptimizer,
  cutout,
  featureMaps,
  filterGrid,
  gaussianNoise,
  gradientCheck,
  gradientNorms,
  heatmap,
  im2col,
  imageGrid,
  lineChart,
  loadFashionMnist,
  loadMnist,
  makeDataset,
  netFromSchema,
  netSummary,
  predictClasses,
  profileLayers,
  randomCrop,
  rotate,
  scatter,
  svmLoss,
  tfjsDeepConvNet,
  trainingCurves,
  type Dataset,
} from "../../lib";
import { nearestName } from "../../lib/options/nearestName";
import { checkForwardOptions } from "../../lib/layers/layer";
import { expectRefused } from "./refused";

const toy: Dataset = makeDataset({
  name: "toy",
  x: Float32Array.from({ length: 32 }, (_, i) => (i % 5) / 5),
  labels: Uint8Array.from({ length: 8 }, (_, i) => i % 2),
  sampleShape: [4],
  numClasses: 2,
});
const images: Dataset = makeDataset({
  name: "images",
  x: new Float32Array(2 * 16).fill(0.5),
  labels: Uint8Array.of(0, 1),
  sampleShape: [1, 4, 4],
  numClasses: 2,
});
const image = new Float32Array(16).fill(0.5);
// Built once the backend is up (test/setup.ts), not at import time.
let net: TwoLayerNet;

beforeAll(() => {
  net = new TwoLayerNet(4, 3, 2, { seed: 0 });
});
afterAll(() => net.dispose());

describe("nearestName: the suggestion", () => {
  test.each([
    ["learningRate", ["lr", "beta1", "beta2"], "lr"],
    ["rotate", ["copies", "rotation", "shift"], "rotation"],
    ["padding", ["stride", "pad", "dilation"], "pad"],
    ["strides", ["stride", "pad"], "stride"],
    ["botom", ["name", "type", "bottom", "top"], "bottom"],
    ["batch_size", ["epochs", "batchSize"], "batchSize"],
    ["convolution_params", ["convolution_param", "pooling_param"], "convolution_param"],
    ["epoch", ["epochs", "seed"], "epochs"],
  ])("%s -> %s", (name, valid, meant) => {
    expect(nearestName(name, valid)).toBe(meant);
  });

  test("a name far from every valid one gets no suggestion", () => {
    expect(nearestName("colour", ["title", "bins", "range"])).toBeUndefined();
  });
});

describe("Trainer options", () => {
  test("optimizerParams: { learningRate } names the key, lr, and the valid keys", () => {
    expectRefused(() => new Trainer(net, toy, toy, { optimizer: "adam", optimizerParams: { learningRate: 0.1 } as never }), TypeError, [
      "Trainer",
      '"learningRate"',
      "optimizerParams",
      'did you mean "lr"?',
      "Valid: lr, beta1, beta2",
    ]);
  });

  test("optimizerParams is checked against the default optimizer (adam) too", () => {
    expectRefused(() => new Trainer(net, toy, toy, { optimizerParams: { lr: 0.01, beta3: 0.9 } as never }), TypeError, [
      '"beta3"',
      "adam",
      "Valid: lr, beta1, beta2",
    ]);
  });

  test("a hyper-parameter of another optimizer says which optimizers take it", () => {
    expectRefused(() => new Trainer(net, toy, toy, { optimizer: "sgd", optimizerParams: { momentum: 0.9 } }), TypeError, [
      '"momentum"',
      '"momentum", "nesterov"',
      'not of "sgd"',
      "Valid: lr",
    ]);
  });

  test("optimizerParams beside an optimizer instance is refused, not ignored", () => {
    const opt = new SGD({ lr: 0.1 });
    expectRefused(() => new Trainer(net, toy, toy, { optimizer: opt, optimizerParams: { lr: 0.5 } }), TypeError, [
      "Trainer",
      "optimizerParams { lr } would be ignored",
      "instance",
      "new Adam({ lr: 0.001 })",
    ]);
  });

  test("an empty optimizerParams beside an instance is harmless", () => {
    const opt = new SGD({ lr: 0.1 });
    expect(new Trainer(net, toy, toy, { optimizer: opt, optimizerParams: {}, verbose: false }).optimizer).toBe(opt);
  });

  test("a top-level lr points to optimizerParams", () => {
    expectRefused(() => new Trainer(net, toy, toy, { lr: 0.1 } as never), TypeError, [
      'unknown option "lr"',
      "optimizerParams: { lr: ... }",
    ]);
  });

  test("a top-level learningRate points to optimizerParams: { lr }", () => {
    expectRefused(() => new Trainer(net, toy, toy, { learningRate: 0.1 } as never), TypeError, [
      '"learningRate"',
      "optimizerParams: { lr: ... }",
    ]);
  });

  test("a misspelt top-level key gets the nearest key", () => {
    expectRefused(() => new Trainer(net, toy, toy, { epoch: 3 } as never), TypeError, [
      '"epoch"',
      'did you mean "epochs"?',
      "Valid: epochs, batchSize",
    ]);
  });

  test("snake_case is matched to camelCase", () => {
    expectRefused(() => new Trainer(net, toy, toy, { batch_size: 10 } as never), TypeError, ['"batch_size"', 'did you mean "batchSize"?']);
  });

  test("several unknown keys are all named", () => {
    expectRefused(() => new Trainer(net, toy, toy, { epoch: 1, batch: 2 } as never), TypeError, [
      "unknown options",
      '"epoch"',
      '"batch"',
      "Valid:",
    ]);
  });

  test("options that are not an object", () => {
    expectRefused(() => new Trainer(net, toy, toy, null as never), TypeError, ["Trainer: options must be an object", "got null"]);
    expectRefused(() => new Trainer(net, toy, toy, [1] as never), TypeError, ["an array of length 1"]);
  });

  test("valid options still build a Trainer", () => {
    const t = new Trainer(net, toy, toy, {
      epochs: 1,
      batchSize: 4,
      optimizer: "momentum",
      optimizerParams: { lr: 0.1, momentum: 0.8 },
      verbose: false,
    });
    expect(t.optimizer.lr).toBe(0.1);
  });
});

describe("optimizers", () => {
  test.each([
    ["SGD", () => new SGD({ learningRate: 0.1 } as never), "lr", "Valid: lr"],
    ["Momentum", () => new Momentum({ lr: 0.1, momentun: 0.9 } as never), "momentum", "Valid: lr, momentum"],
    ["Nesterov", () => new Nesterov({ mometum: 0.9 } as never), "momentum", "Valid: lr, momentum"],
    ["AdaGrad", () => new AdaGrad({ Lr: 0.1 } as never), "lr", "Valid: lr"],
    ["RMSprop", () => new RMSprop({ decay_rate: 0.9 } as never), "decayRate", "Valid: lr, decayRate"],
    ["Adam", () => new Adam({ beta_1: 0.9 } as never), "beta1", "Valid: lr, beta1, beta2"],
  ])("%s", (name, make, meant, valid) => {
    expectRefused(make, TypeError, [`${name}: unknown option`, `did you mean "${meant}"?`, valid]);
  });

  test("createOptimizer checks the params of the named optimizer", () => {
    expectRefused(() => createOptimizer("adam", { learning_rate: 0.1 } as never), TypeError, [
      'createOptimizer("adam")',
      '"learning_rate"',
      'did you mean "lr"?',
    ]);
    expectRefused(() => createOptimizer("rmsprop", { beta1: 0.9 }), TypeError, [
      '"beta1" is a hyper-parameter of "adam", not of "rmsprop"',
    ]);
  });
});

describe("layers", () => {
  let W: tf.Tensor;
  let b: tf.Tensor;
  beforeAll(() => {
    W = tf.zeros([2, 1, 3, 3]);
    b = tf.zeros([2]);
  });
  afterAll(() => tf.dispose([W, b]));

  test("Convolution { padding } suggests pad", () => {
    expectRefused(() => new Convolution(W, b, { padding: 1 } as never), TypeError, [
      'Convolution: unknown option "padding"',
      'did you mean "pad"?',
      "stride, pad",
    ]);
  });

  test("Convolution { strides } suggests stride", () => {
    expectRefused(() => new Convolution(W, b, { strides: 2 } as never), TypeError, ['"strides"', 'did you mean "stride"?']);
  });

  test("Pooling { pool_size } suggests poolH", () => {
    expectRefused(() => new Pooling({ poolH: 2, poolW: 2, strde: 2 } as never), TypeError, [
      "Pooling",
      '"strde"',
      'did you mean "stride"?',
      "poolH, poolW",
    ]);
  });

  test("Dropout { rate } suggests ratio", () => {
    expectRefused(() => new Dropout({ rate: 0.3 } as never), TypeError, ['Dropout: unknown option "rate"', 'did you mean "ratio"?']);
  });

  test("BatchNormalization { epsilon } suggests eps", () => {
    const g = tf.ones([3]);
    const be = tf.zeros([3]);
    expectRefused(() => new BatchNormalization(g, be, { epsilon: 1e-5 } as never), TypeError, [
      "BatchNormalization",
      '"epsilon"',
      'did you mean "eps"?',
    ]);
    tf.dispose([g, be]);
  });

  test("Concat and Eltwise name the layer", () => {
    expectRefused(() => new Concat("cat", { dim: 1 } as never), TypeError, ['Concat "cat"', '"dim"', "Valid: axis"]);
    expectRefused(() => new Eltwise("sum", { op: "SUM" } as never), TypeError, ['Eltwise "sum"', '"op"', "Valid: operation, coeff"]);
  });

  test("Dropout forward { training: true } is refused, not run in eval mode", () => {
    const drop = new Dropout({ ratio: 0.5, seed: 1, name: "Drop1" });
    const x = tf.ones([2, 3]);
    expectRefused(() => drop.forward(x, { training: true } as never), TypeError, [
      'Dropout "Drop1" forward',
      '"training"',
      'did you mean "train"?',
    ]);
    tf.dispose(drop.forward(x, { train: true }));
    x.dispose();
    drop.dispose();
  });

  test("a net's predict and loss, and BatchNormalization's forward, refuse { training: true }", () => {
    expectRefused(() => checkForwardOptions("Sequential predict", { trian: true }), TypeError, [
      "Sequential predict",
      'did you mean "train"?',
    ]);
    expect(() => checkForwardOptions("Sequential predict", undefined)).not.toThrow();
    const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, useBatchNorm: true, seed: 1 });
    const x = tf.ones([2, 4]);
    const t = tf.tensor1d([0, 1], "int32");
    expectRefused(() => net.predict(x, { training: true } as never), TypeError, [
      `${net.name}.predict`,
      '"training"',
      'did you mean "train"?',
    ]);
    expectRefused(() => net.loss(x, t, { training: true } as never), TypeError, [`${net.name}.loss`, '"training"']);
    const [gamma, beta] = [tf.ones([4]), tf.zeros([4])];
    const bn = new BatchNormalization(gamma, beta, { name: "BN1" });
    expectRefused(() => bn.forward(x, { training: true } as never), TypeError, ['BatchNormalization "BN1" forward', '"training"']);
    tf.dispose([x, t, gamma, beta]);
    net.dispose();
    bn.dispose();
  });

  test("a refused layer leaves no tensor behind", () => {
    const before = tf.memory().numTensors;
    expect(() => new Convolution(W, b, { padding: 1 } as never)).toThrow(TypeError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("nets", () => {
  test("TwoLayerNet { weight_init_std }", () => {
    expectRefused(() => new TwoLayerNet(4, 3, 2, { weight_init_std: 0.1 } as never), TypeError, [
      "TwoLayerNet",
      'did you mean "weightInitStd"?',
    ]);
  });

  test("MultiLayerNet { hiddenSize } suggests hiddenSizes", () => {
    expectRefused(() => new MultiLayerNet({ inputSize: 4, hiddenSize: [3], hiddenSizes: [3], outputSize: 2 } as never), TypeError, [
      "MultiLayerNet",
      '"hiddenSize"',
      'did you mean "hiddenSizes"?',
    ]);
  });

  test("SimpleConvNet { filterNumber }", () => {
    expectRefused(() => new SimpleConvNet({ filterNumber: 8 } as never), TypeError, ["SimpleConvNet", 'did you mean "filterNum"?']);
  });

  test("DeepConvNet { dropout }", () => {
    expectRefused(() => new DeepConvNet({ dropout: 0.2 } as never), TypeError, [
      "DeepConvNet",
      '"dropout"',
      'did you mean "dropoutRatio"?',
    ]);
  });

  test("tfjsDeepConvNet { learningRate }", () => {
    expectRefused(() => tfjsDeepConvNet({ learningRate: 0.01 } as never), TypeError, ["tfjsDeepConvNet", 'did you mean "lr"?']);
  });

  test("ParallelNet { worker }", () => {
    expectRefused(
      () => new ParallelNet({ net: "TwoLayerNet", options: { inputSize: 4, hiddenSize: 3, outputSize: 2 } }, { worker: 2 } as never),
      TypeError,
      ["ParallelNet", 'did you mean "workers"?'],
    );
  });

  test("Sequential's and GraphNet's constructors", () => {
    const W = tf.ones([4, 2]);
    const b = tf.zeros([2]);
    const affine = new Affine(W, b, "A1");
    const layers = [affine];
    expectRefused(() => new Sequential(layers, new SoftmaxWithLoss(), { inputshape: [4] } as never), TypeError, [
      "Sequential",
      'did you mean "inputShape"?',
    ]);
    const nodes = [{ layer: affine, bottom: "data", top: "score" }];
    expectRefused(
      () => new GraphNet(nodes, { layer: new SoftmaxWithLoss(), bottom: "score" }, { inputShape: [4], weightDecay: 0.1 } as never),
      TypeError,
      ["GraphNet", 'did you mean "weightDecayLambda"?'],
    );
    tf.dispose([W, b, ...Object.values(affine.params)]);
  });

  test("netFromSchema { seeed }", () => {
    expectRefused(() => netFromSchema("", { seeed: 1 } as never), TypeError, ["netFromSchema", 'did you mean "seed"?']);
  });
});

describe("augmentation", () => {
  test("augmentDataset(ds, { rotate: 10 }) fails naming rotation", () => {
    expectRefused(() => augmentDataset(images, { rotate: 10 } as never), TypeError, [
      'augmentDataset: unknown option "rotate"',
      'did you mean "rotation"?',
      "copies, rotation, shift",
    ]);
  });

  test("augmentDataset { elastic: { alpha, sigm } } checks the inner object", () => {
    expectRefused(() => augmentDataset(images, { elastic: { alpha: 1, sigm: 2 } } as never), TypeError, [
      '"sigm" in elastic',
      'did you mean "sigma"?',
    ]);
  });

  test("augmentDataset { noize }", () => {
    expectRefused(() => augmentDataset(images, { noize: 0.1 } as never), TypeError, ['did you mean "noise"?']);
  });

  test("the image functions check height and width", () => {
    expectRefused(() => rotate(image, 10, { heigth: 4 } as never), TypeError, [
      'rotate: unknown option "heigth"',
      'did you mean "height"?',
      "Valid: height, width",
    ]);
  });

  test("rng is refused where nothing is random", () => {
    expectRefused(() => rotate(image, 10, { rng: undefined, height: 4 } as never), TypeError, ['"rng"', "Valid: height, width"]);
  });

  test("the random image functions take rng", () => {
    expectRefused(() => cutout(image, 2, { seed: 1 } as never), TypeError, ['cutout: unknown option "seed"', "Valid: height, width, rng"]);
    expectRefused(() => randomCrop(image, 1, { widht: 4 } as never), TypeError, ['did you mean "width"?']);
    expectRefused(() => gaussianNoise(image, 0.1, { random: 1 } as never), TypeError, ["gaussianNoise", '"random"']);
  });
});

describe("data", () => {
  test("loadMnist { limit } is refused before any file is read", () => {
    expectRefused(() => loadMnist({ train_limit: 10 } as never), TypeError, [
      'loadMnist: unknown option "train_limit"',
      'did you mean "trainLimit"?',
    ]);
  });

  test("loadFashionMnist { normalise }", () => {
    expectRefused(() => loadFashionMnist({ normalise: true } as never), TypeError, ["loadFashionMnist", 'did you mean "normalize"?']);
  });

  test("makeDataset { classes }", () => {
    expectRefused(
      () =>
        makeDataset({
          name: "t",
          x: new Float32Array(4),
          labels: Uint8Array.of(0),
          sampleShape: [4],
          numClasses: 1,
          classname: ["a"],
        } as never),
      TypeError,
      ['makeDataset: unknown option "classname" in parts', 'did you mean "classNames"?'],
    );
  });

  test("makeDataset accepts a Dataset as its own parts", () => {
    expect(makeDataset({ ...toy, name: "copy" }).length).toBe(toy.length);
  });

  test("batchTensors { onehot }", () => {
    expectRefused(() => batchTensors(toy, [0, 1], { onehot: true } as never), TypeError, ["batchTensors", 'did you mean "oneHot"?']);
  });
});

describe("train and profile functions", () => {
  let x: tf.Tensor;
  let t: tf.Tensor;
  beforeAll(() => {
    x = tf.zeros([2, 4]);
    t = tf.tensor1d([0, 1], "int32");
  });
  afterAll(() => tf.dispose([x, t]));

  test("gradientCheck { maxEntry }", () => {
    expectRefused(() => gradientCheck(net, x, t, { maxEntry: 3 } as never), TypeError, ["gradientCheck", 'did you mean "maxEntries"?']);
  });

  test("profileLayers { repeat }", () => {
    expectRefused(() => profileLayers(net, x, t, { repeat: 2 } as never), TypeError, ["profileLayers", 'did you mean "repeats"?']);
  });

  test("accuracy, predictClasses and confusionMatrix { batchsize }", () => {
    expectRefused(() => accuracy(net, toy, { batchsize: 2 } as never), TypeError, ["accuracy", 'did you mean "batchSize"?']);
    expectRefused(() => predictClasses(net, toy, { batch: 2 } as never), TypeError, ["predictClasses", 'did you mean "batchSize"?']);
    expectRefused(() => confusionMatrix(net, toy, { labels: ["a", "b"] } as never), TypeError, [
      "confusionMatrix",
      "Valid: batchSize, classNames",
    ]);
  });

  test("svmLoss { delta }", () => {
    expectRefused(() => svmLoss(x, t, { delta: 1 } as never), TypeError, ['svmLoss: unknown option "delta"', "Valid: margin"]);
  });

  test("im2col { padding }", () => {
    const img = tf.zeros<tf.Rank.R4>([1, 1, 4, 4]);
    expectRefused(() => im2col(img, { filterH: 2, filterW: 2, padding: 1 } as never), TypeError, ["im2col", 'did you mean "pad"?']);
    img.dispose();
  });

  test("clearOutput { wiat }", () => {
    expectRefused(() => clearOutput({ wiat: true } as never), TypeError, ["clearOutput", 'did you mean "wait"?']);
  });
});

describe("figures", () => {
  const z = [
    [1, 2],
    [3, 4],
  ];
  test.each([
    ["lineChart", () => lineChart({ a: [1, 2] }, { xlabel: "x" } as never), "xLabel"],
    ["scatter", () => scatter({ x: [1], y: [2] }, { ylabel: "y" } as never), "yLabel"],
    ["heatmap", () => heatmap(z, { colorScale: "Viridis" } as never), "colorscale"],
    ["imageGrid", () => imageGrid([z], { colums: 2 } as never), "columns"],
    ["filterGrid", () => filterGrid([[z]], { colorMap: "gray" } as never), "colormap"],
    ["featureMaps", () => featureMaps([{ name: "a", tensor: [[z]] }] as never, { maxmaps: 2 } as never), "maxMaps"],
    ["trainingCurves", () => trainingCurves({ epochs: [] } as never, { logloss: true } as never), "logLoss"],
    ["confusionMatrixFigure", () => confusionMatrixFigure(z, ["a", "b"], { titel: "x" } as never), "title"],
    ["activationHistograms", () => activationHistograms({ a: [1, 2] }, { bin: 10 } as never), "bins"],
    ["gradientNorms", () => gradientNorms({ a: [1] }, { logy: true } as never), "logY"],
    ["appleGraph", () => appleGraph({ apples: 2 } as never), "apple"],
    ["netSummary", () => netSummary(net, { bytesPerVal: 4 } as never), "bytesPerValue"],
    ["convolutionStepper", () => convolutionStepper(z, [[1]], { strides: 2 } as never), "stride"],
  ])("%s", (name, make, meant) => {
    expectRefused(make, TypeError, [`${name}: unknown option`, `did you mean "${meant}"?`, "Valid:"]);
  });
});
