/**
 * Training keeps its promises on bad input: a stop on a non-finite loss leaves everything as
 * after the previous batch, a second fit() is refused, a diverging loss and a NaN params file
 * warn, data with more classes than the net is refused before training.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../../lib/data/dataset";
import { NonFiniteLossError } from "../../lib/errors";
import { LessonCheckError, check } from "../../lib/lesson";
import { MultiLayerNet } from "../../lib/nets";
import { Adam } from "../../lib/optimizers/adam";
import { SGD } from "../../lib/optimizers/sgd";
import { loadParams, saveParams } from "../../lib/params";
import { platform } from "../../lib/platform";
import { slowBackendWarning } from "../../lib/backend/slowBackend";
import { Trainer } from "../../lib/train";
import { LOSS_GROWTH_WARNING } from "../../lib/train/trainer";
import { captureDisplays, expectRefused, expectRejected } from "./refused";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-badtraining-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Three separable blobs in 4 dimensions; `nanAt` puts a NaN in that sample. */
function blobs(
  n: number,
  { nanAt, numClasses = 3, labelOf }: { nanAt?: number; numClasses?: number; labelOf?: (i: number) => number } = {},
): Dataset {
  const x = new Float32Array(n * 4);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = labelOf?.(i) ?? i % 3;
    labels[i] = c;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = Math.sin(i * 7.3 + j) * 0.5 + (j === c % 4 ? 2 : 0);
  }
  if (nanAt !== undefined) x[nanAt * 4] = NaN;
  return { name: "blobs", x, labels, sampleShape: [4], length: n, numClasses, classNames: Array.from({ length: numClasses }, String) };
}

function bnNet(): MultiLayerNet {
  return new MultiLayerNet({ inputSize: 4, hiddenSizes: [6, 6], outputSize: 3, useBatchNorm: true, seed: 1 });
}

function values(record: Record<string, tf.Tensor>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, v] of Object.entries(record)) out[k] = Array.from(v.dataSync());
  return out;
}

describe("a stop on a non-finite loss leaves everything as after the previous batch", () => {
  test("a MultiLayerNet with BatchNorm: params, running statistics and Adam's state kept; it still predicts numbers", async () => {
    const net = bnNet();
    const optimizer = new Adam({ lr: 0.01 });
    let afterBatch1:
      { params: Record<string, number[]>; state: Record<string, number[]>; adam: Record<string, number[]>; count: number } | undefined;
    const trainer = new Trainer(net, blobs(40, { nanAt: 15 }), blobs(12), {
      epochs: 1,
      batchSize: 10,
      shuffle: false,
      optimizer,
      verbose: false,
      threads: 1,
      onBatch: ({ batch }) => {
        if (batch === 1) {
          afterBatch1 = {
            params: values(net.params()),
            state: values(net.state()),
            adam: values(optimizer.stateTensors()),
            count: tf.memory().numTensors,
          };
        }
      },
    });
    const error = await expectRejected(() => trainer.fit(), NonFiniteLossError, [
      "loss became NaN at epoch 1, batch 2",
      "training stopped",
    ]);
    expect((error as NonFiniteLossError).batch).toBe(2);
    expect(afterBatch1).toBeDefined();
    expect(values(net.state())).toEqual(afterBatch1!.state);
    expect(values(net.params())).toEqual(afterBatch1!.params);
    expect(values(optimizer.stateTensors())).toEqual(afterBatch1!.adam);
    expect(tf.memory().numTensors).toBe(afterBatch1!.count);
    expect(trainer.history.lossPerBatch).toHaveLength(1);
    const x = tf.tensor2d([
      [2, 0, 0, 0],
      [0, 2, 0, 0],
    ]);
    const y = net.predict(x);
    expect(Array.from(y.dataSync()).every(Number.isFinite)).toBe(true);
    tf.dispose([x, y]);
    // The fit is over: another one may start (and stops at the same batch again).
    await expectRejected(() => trainer.fit(), NonFiniteLossError, ["batch 2"]);
    expect(values(net.state())).toEqual(afterBatch1!.state);
    trainer.dispose();
    optimizer.dispose();
    net.dispose();
  });
});

describe("a second fit() while one runs is refused", () => {
  test("the second rejects at once; the first trains on alone (epochs 1, 2, not 1, 1, 2, 2)", async () => {
    const net = bnNet();
    const trainer = new Trainer(net, blobs(60), blobs(12), { epochs: 2, batchSize: 20, verbose: false, threads: 1 });
    const first = trainer.fit();
    await expectRejected(() => trainer.fit(), Error, ["Trainer.fit", "this Trainer is already training", "await the first fit()"]);
    const history = await first;
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(history.lossPerBatch).toHaveLength(6);
    // Once the first is done, fit continues the same history.
    await trainer.fit();
    expect(trainer.history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    trainer.dispose();
    net.dispose();
  });
});

describe("a loss that grows past 10x its start warns once, with the learning rate to try", () => {
  test("SGD with lr 100 diverges: one warning naming lr 100 and 10", async () => {
    const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [8], outputSize: 3, seed: 2 });
    const trainer = new Trainer(net, blobs(90, { labelOf: (i) => (i * 7) % 3 }), blobs(12), {
      epochs: 3,
      batchSize: 10,
      optimizer: new SGD({ lr: 100 }),
      verbose: false,
      threads: 1,
    });
    const { texts } = await captureDisplays(() => trainer.fit());
    const warnings = texts.filter((t) => t.includes("loss grew"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`more than ${LOSS_GROWTH_WARNING}x`);
    expect(warnings[0]).toContain("lr 100 may be too large; try 10");
    expect(warnings[0]).toMatch(/at epoch \d+, batch \d+/);
    net.dispose();
  });

  test("a loss that falls gives no warning", async () => {
    const net = bnNet();
    const trainer = new Trainer(net, blobs(60), blobs(12), { epochs: 2, batchSize: 10, verbose: false, threads: 1 });
    const { texts, error } = await captureDisplays(() => trainer.fit());
    expect(error).toBeUndefined();
    expect(texts.filter((t) => t.includes("nnlab warning"))).toEqual([]);
    trainer.dispose();
    net.dispose();
  });
});

describe("data whose classes the net does not score is refused before training", () => {
  const net = bnNet();
  afterAll(() => net.dispose());

  test("trainData holding a label past the net's outputs (it trained until one appeared before)", () => {
    expectRefused(() => new Trainer(net, blobs(30, { labelOf: (i) => (i === 29 ? 4 : i % 3), numClasses: 3 }), blobs(6)), RangeError, [
      'Trainer: trainData "blobs" holds label 4',
      'the net "MultiLayerNet" scores 3 classes',
      "build the net with 5 outputs",
    ]);
  });

  test("trainData of 10 classes for a 3-class net", () => {
    expectRefused(() => new Trainer(net, blobs(30, { numClasses: 10 }), blobs(6)), RangeError, [
      "trainData",
      "has numClasses 10",
      "scores 3 classes",
    ]);
  });

  test("testData with more classes", () => {
    expectRefused(() => new Trainer(net, blobs(30), blobs(6, { numClasses: 4, labelOf: (i) => i % 4 })), RangeError, [
      'testData "blobs" holds label 3',
      "scores 3 classes",
    ]);
  });
});

describe("BatchNorm nets and batches of one", () => {
  test("batchSize 1 is refused up front, naming the layer", () => {
    const net = bnNet();
    expectRefused(() => new Trainer(net, blobs(30), blobs(6), { batchSize: 1 }), RangeError, [
      "Trainer: batchSize must be >= 2",
      '"BatchNorm1"',
      "got batchSize 1",
    ]);
    net.dispose();
  });

  test("an epoch's last lone sample joins the batch before it", async () => {
    const net = bnNet();
    const sizes: number[] = [];
    const trainer = new Trainer(net, blobs(41), blobs(6), { epochs: 1, batchSize: 10, verbose: false, threads: 1, shuffle: false });
    expect(trainer.batchesPerEpoch).toBe(4);
    await trainer.fit();
    expect(trainer.history.lossPerBatch).toHaveLength(4);
    trainer.dispose();
    net.dispose();
    // Without BatchNorm a batch of one is fine and stays its own.
    const plain = new MultiLayerNet({ inputSize: 4, hiddenSizes: [6], outputSize: 3, seed: 1 });
    const t2 = new Trainer(plain, blobs(41), blobs(6), {
      epochs: 1,
      batchSize: 10,
      verbose: false,
      threads: 1,
      onBatch: (b) => void sizes.push(b.batch),
    });
    expect(t2.batchesPerEpoch).toBe(5);
    await t2.fit();
    expect(sizes).toEqual([1, 2, 3, 4, 5]);
    t2.dispose();
    plain.dispose();
  });
});

describe("loadParams warns about NaN and Infinity", () => {
  function savedWith(value: number, file: string): void {
    const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [6], outputSize: 3, seed: 1 });
    const W = net.params()["Affine2.W"];
    const broken = tf.tidy(() => tf.where(tf.equal(tf.range(0, W.size).reshape(W.shape), 3), tf.fill(W.shape, value), W));
    W.assign(broken);
    broken.dispose();
    saveParams(net, file);
    net.dispose();
  }

  test.each([
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
  ])("a file holding %s loads with one warning naming the tensor", async (_what, value) => {
    const file = path.join(tmp, `broken-${String(value)}.nnparams`);
    savedWith(value, file);
    const net = new MultiLayerNet({ inputSize: 4, hiddenSizes: [6], outputSize: 3, seed: 5 });
    const { texts, error } = await captureDisplays(() => loadParams(net, file));
    expect(error).toBeUndefined();
    expect(texts).toHaveLength(1);
    expect(texts[0]).toContain("nnlab warning: loadParams");
    expect(texts[0]).toContain("holds NaN or Infinity in Affine2.W");
    expect(texts[0]).not.toContain("Affine1.W");
    expect(net.params()["Affine2.W"].dataSync()[3]).toBe(value);
    net.dispose();
  });

  test("a finite file loads without a word", async () => {
    const file = path.join(tmp, "fine.nnparams");
    const source = bnNet();
    saveParams(source, file);
    source.dispose();
    const net = bnNet();
    const { texts } = await captureDisplays(() => loadParams(net, file));
    expect(texts).toEqual([]);
    net.dispose();
  });
});

describe("check() without a claim", () => {
  test("check(false) says what happened and what to add, not 'undefined'", () => {
    const error = expectRefused(() => check(false), LessonCheckError, [
      "lesson check failed: the condition was false",
      "give check a second argument",
    ]);
    expect(error.message).not.toContain("undefined");
  });

  test("an empty claim is no claim", () => {
    expectRefused(() => check(false, ""), LessonCheckError, ["the condition was false"]);
  });

  test("check(true) without a claim prints that the check passed", () => {
    const spy = jest.spyOn(platform, "writeStdout").mockImplementation(() => {});
    try {
      check(true);
      expect(spy).toHaveBeenCalledWith("✔ check passed\n");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the slow cpu backend without initBackend() is noticed", () => {
  test("a plain script that forgets initBackend() is warned once (dist/, built by npm run build)", () => {
    const root = path.resolve(__dirname, "../..");
    const script = [
      'const nn = require("./dist/lib/index.js");',
      'const tf = require("@tensorflow/tfjs-core");',
      "const net = new nn.MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, seed: 1 });",
      "const x = tf.ones([2, 4]);",
      "for (let i = 0; i < 3; i++) net.predict(x).dispose();",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8", env: { ...process.env, NNLAB_BACKEND: "" } });
    const warnings = out.split("\n").filter((l) => l.startsWith("nnlab warning:"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('slow "cpu" backend because initBackend() was not awaited');
  });

  test("a script that awaits initBackend() is not warned", () => {
    const root = path.resolve(__dirname, "../..");
    const script = [
      'const nn = require("./dist/lib/index.js");',
      'const tf = require("@tensorflow/tfjs-core");',
      "nn.initBackend().then(() => {",
      "  const net = new nn.MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, seed: 1 });",
      "  net.predict(tf.ones([2, 4])).dispose();",
      "});",
    ].join("\n");
    const out = execFileSync(process.execPath, ["-e", script], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, NNLAB_QUIET_BACKEND: "1" },
    });
    expect(out).not.toContain("nnlab warning");
  });

  test("cpu and initBackend() never finished: a warning that says what to add", () => {
    const warning = slowBackendWarning("cpu", false);
    expect(warning).toContain('slow "cpu" backend');
    expect(warning).toContain("await initBackend();");
  });

  test.each([
    ["wasm", false],
    ["cpu", true],
    ["tensorflow", false],
  ] as const)("%s (initialized %s): nothing to say", (backend, initialized) => {
    expect(slowBackendWarning(backend, initialized)).toBeUndefined();
  });
});
