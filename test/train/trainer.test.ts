import * as tf from "@tensorflow/tfjs-core";
import type { Dataset } from "../../lib/data/dataset";
import { NonFiniteLossError } from "../../lib/errors";
import {
  InterruptedError,
  clearInterrupt,
  requestInterrupt,
  setDisplayHost,
  toMimeBundle,
  type DisplayHost,
  type MimeBundle,
} from "../../lib/host";
import { Affine } from "../../lib/layers/affine";
import { Relu } from "../../lib/layers/relu";
import { SoftmaxWithLoss } from "../../lib/layers/softmaxWithLoss";
import { MultiLayerNet } from "../../lib/nets/multiLayerNet";
import { Sequential } from "../../lib/nets/sequential";
import { SGD } from "../../lib/optimizers/sgd";
import { platform } from "../../lib/platform";
import { Trainer } from "../../lib/train/trainer";
import { trainingCurves } from "../../lib/viz/trainingCurves";
import { seededArray } from "../helpers/numericalGradient";

/** Three well-separated Gaussian blobs in 4 dimensions: a net must learn them quickly. */
function blobs(n: number, seed: number, name: string): Dataset {
  const noise = seededArray(n * 4, seed, -0.5, 0.5);
  const x = new Float32Array(n * 4);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels[i] = c;
    for (let j = 0; j < 4; j++) x[i * 4 + j] = noise[i * 4 + j] + (j === c ? 2 : 0);
  }
  return { name, x, labels, sampleShape: [4], length: n, numClasses: 3, classNames: ["a", "b", "c"] };
}

function net(): Sequential {
  const W1 = tf.tensor2d(Float32Array.from(seededArray(4 * 8, 31, -0.3, 0.3)), [4, 8]);
  const W2 = tf.tensor2d(Float32Array.from(seededArray(8 * 3, 32, -0.3, 0.3)), [8, 3]);
  const b1 = tf.zeros([8]);
  const b2 = tf.zeros([3]);
  const out = new Sequential([new Affine(W1, b1, "Affine1"), new Relu("Relu1"), new Affine(W2, b2, "Affine2")], new SoftmaxWithLoss(), {
    name: "Blobs",
    inputShape: [4],
  });
  tf.dispose([W1, W2, b1, b2]);
  return out;
}

const trainSet = blobs(300, 1, "blobs train");
const testSet = blobs(90, 2, "blobs test");

afterEach(() => clearInterrupt());

describe("Trainer", () => {
  test("learns, records a loss per batch and a row per epoch, and leaks no tensor over many steps", async () => {
    const n = net();
    const counts: number[] = [];
    const trainer = new Trainer(n, trainSet, testSet, {
      epochs: 3,
      batchSize: 32,
      optimizer: "adam",
      optimizerParams: { lr: 0.01 },
      evaluateSample: "all",
      verbose: false,
      seed: 3,
      onBatch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    const history = await trainer.fit();
    expect(trainer.batchesPerEpoch).toBe(10);
    expect(history.lossPerBatch).toHaveLength(30);
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // after the first step (optimizer state, layer caches) the count never moves
    expect(new Set(counts.slice(1))).toEqual(new Set([counts[1]]));
    const last = history.epochs[2];
    expect(last.testAcc).toBeGreaterThan(0.95);
    expect(last.trainAcc).toBeGreaterThan(0.95);
    expect(last.loss).toBeLessThan(history.epochs[0].loss);
    expect(last.imagesPerSecond).toBeGreaterThan(0);
    const text = history[toMimeBundle]()["text/plain"] as string;
    expect(text.split("\n")[0]).toMatch(/^training history: 3 epochs, 30 batches; final train acc \d+\.\d\d%, test acc \d+\.\d\d%$/);
    expect(text).toMatch(/^\s+3\s+\d\.\d{4}\s+\d+\.\d\d%/m);
    // the viz builder draws the history as it is
    expect(trainingCurves(history).kind).toBe("plotly");
    // a second fit continues the epochs and the history
    await trainer.fit();
    expect(trainer.history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    trainer.dispose();
    n.dispose();
  });

  test("a net with batch norm and dropout keeps the tensor count flat across epochs and evaluations", async () => {
    const n = new MultiLayerNet({
      inputSize: 4,
      hiddenSizes: [8, 8],
      outputSize: 3,
      useBatchNorm: true,
      useDropout: true,
      dropoutRatio: 0.2,
      seed: 9,
    });
    const counts: number[] = [];
    const trainer = new Trainer(n, trainSet, testSet, {
      epochs: 3,
      batchSize: 40,
      optimizer: "momentum",
      verbose: false,
      onBatch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    await trainer.fit();
    expect(counts).toHaveLength(24);
    expect(new Set(counts.slice(1)).size).toBe(1);
    trainer.dispose();
    n.dispose();
  });

  test("the same seed gives the same run; shuffle off changes it", async () => {
    const run = async (seed: number, shuffle = true) => {
      const n = net();
      const h = await new Trainer(n, trainSet, testSet, {
        epochs: 1,
        batchSize: 50,
        optimizer: new SGD({ lr: 0.1 }),
        verbose: false,
        seed,
        shuffle,
      }).fit();
      n.dispose();
      return h.lossPerBatch;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(5, false)).not.toEqual(a);
  });

  test("a NaN loss raises NonFiniteLossError naming epoch and batch; the bad update is not applied", async () => {
    const n = net();
    const bad = blobs(100, 4, "poisoned");
    bad.x[250 * 1] = NaN; // sample 62, in some batch of epoch 1
    const seen: number[] = [];
    const trainer = new Trainer(n, bad, testSet, {
      epochs: 2,
      batchSize: 10,
      optimizer: new SGD({ lr: 0.1 }),
      shuffle: false,
      verbose: false,
      onBatch: () => {
        seen.push(n.params()["Affine1.W"].dataSync()[0]);
      },
    });
    const error = await trainer.fit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    expect([e.epoch, e.batch]).toEqual([1, 7]);
    expect(e.message).toMatch(/^loss became NaN at epoch 1, batch 7/);
    expect(trainer.history.lossPerBatch).toHaveLength(6);
    // the params are those after batch 6, all finite
    expect(n.params()["Affine1.W"].dataSync()[0]).toBe(seen[5]);
    for (const v of Object.values(n.params())) expect(Array.from(v.dataSync()).every(Number.isFinite)).toBe(true);
    n.dispose();
  });

  test("an exploding learning rate is caught as NonFiniteLossError", async () => {
    const n = net();
    const trainer = new Trainer(n, trainSet, testSet, {
      epochs: 3,
      batchSize: 30,
      optimizer: "sgd",
      optimizerParams: { lr: 1e6 },
      verbose: false,
    });
    await expect(trainer.fit()).rejects.toThrow(NonFiniteLossError);
    n.dispose();
  });

  test("an interrupt from onBatch stops fit with InterruptedError and keeps the trained params", async () => {
    const n = net();
    const start = Array.from(n.params()["Affine1.W"].dataSync());
    const trainer = new Trainer(n, trainSet, testSet, {
      epochs: 5,
      batchSize: 30,
      optimizer: new SGD({ lr: 0.1 }),
      verbose: false,
      onBatch: ({ epoch, batch }) => {
        if (epoch === 2 && batch === 4) requestInterrupt();
      },
    });
    await expect(trainer.fit()).rejects.toThrow(InterruptedError);
    expect(trainer.history.lossPerBatch).toHaveLength(14);
    expect(trainer.history.epochs).toHaveLength(1);
    expect(Array.from(n.params()["Affine1.W"].dataSync())).not.toEqual(start);
    n.dispose();
  });

  test("an interrupt cleared by the next cell's start before the fit looked still stops it for good", async () => {
    // The kernel's race: the interrupt and the next cell's clearInterrupt both run while the
    // abandoned fit waits between batches; a plain flag would be cleared before the fit saw it.
    const n = net();
    const trainer = new Trainer(n, trainSet, testSet, {
      epochs: 5,
      batchSize: 30,
      optimizer: new SGD({ lr: 0.1 }),
      verbose: false,
      onBatch: ({ iteration }) => {
        if (iteration === 3) {
          requestInterrupt();
          clearInterrupt();
        }
      },
    });
    await expect(trainer.fit()).rejects.toThrow(InterruptedError);
    expect(trainer.history.lossPerBatch).toHaveLength(3);
    // A fit started after the clear (the next cell's) is not stopped by the old interrupt.
    const next = new Trainer(n, trainSet, testSet, { epochs: 1, batchSize: 30, optimizer: new SGD({ lr: 0.1 }), verbose: false });
    await expect(next.fit()).resolves.toBe(next.history);
    expect(next.history.lossPerBatch).toHaveLength(10);
    n.dispose();
  });

  test("one interrupt stops every running fit, and a fit started while it is pending stops at once", async () => {
    const n = net();
    let steps = 0;
    const make = () =>
      new Trainer(n, trainSet, testSet, {
        epochs: 50,
        batchSize: 30,
        optimizer: new SGD({ lr: 0.01 }),
        verbose: false,
        onBatch: () => {
          if (++steps === 7) requestInterrupt();
        },
      });
    const [a, b] = [make(), make()];
    const results = await Promise.allSettled([a.fit(), b.fit()]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(steps).toBeLessThanOrEqual(8);
    const late = make();
    await expect(late.fit()).rejects.toThrow(InterruptedError);
    expect(late.history.lossPerBatch).toHaveLength(0);
    n.dispose();
  });

  test("verbose progress: one display, then throttled in-place updates, plus a line per epoch", async () => {
    const calls: { kind: string; bundle: MimeBundle; id?: string }[] = [];
    const host: DisplayHost = {
      display: (bundle, id) => calls.push({ kind: "display", bundle, id }),
      update: (bundle, id) => calls.push({ kind: "update", bundle, id }),
    };
    const previous = setDisplayHost(host);
    const n = net();
    try {
      await new Trainer(n, trainSet, testSet, { epochs: 2, batchSize: 10, optimizer: new SGD({ lr: 0.1 }) }).fit();
    } finally {
      setDisplayHost(previous);
      n.dispose();
    }
    const progress = calls.filter((c) => c.id !== undefined);
    const ids = new Set(progress.map((c) => c.id));
    expect(ids.size).toBe(1);
    expect(progress[0].kind).toBe("display");
    expect(progress.slice(1).every((c) => c.kind === "update")).toBe(true);
    // 60 batches; the fast run is throttled to a handful of updates (forced at each epoch end)
    expect(progress.length).toBeLessThan(30);
    expect(progress[progress.length - 1].bundle["text/plain"]).toMatch(
      /^epoch 2\/2 {2}batch 30\/30 {2}loss \d+\.\d{4} {2}\d+ images\/s {2}ETA \d+s$/,
    );
    // A hand-built Sequential cannot be split: on a machine of several cores a note says so first.
    const lines = calls.filter((c) => c.id === undefined).map((c) => String(c.bundle["text/plain"]));
    const epochLines = lines.filter((l) => !l.startsWith("Trainer: training on 1 thread: "));
    expect(lines.length - epochLines.length).toBe((platform.cores?.() ?? 1) > 1 ? 1 : 0);
    expect(epochLines).toHaveLength(2);
    expect(epochLines[1]).toMatch(/^epoch 2\/2: loss \d\.\d{4}, train acc \d+\.\d\d%, test acc \d+\.\d\d%, \d+\.\ds \(\d+ images\/s\)$/);
  });

  test("bad arguments are clear errors", () => {
    const n = net();
    expect(() => new Trainer(n, trainSet, testSet, { epochs: 0 })).toThrow("Trainer: epochs must be a positive integer, got 0");
    expect(() => new Trainer(n, trainSet, testSet, { batchSize: 2.5 })).toThrow(/batchSize must be a positive integer/);
    expect(() => new Trainer(n, trainSet, testSet, { evaluateSample: 0 })).toThrow(/evaluateSample must be a positive integer or "all"/);
    expect(() => new Trainer(n, trainSet, testSet, { optimizer: "lbfgs" as never })).toThrow(/createOptimizer: name must be one of/);
    const wrong: Dataset = { ...trainSet, sampleShape: [2, 2] };
    expect(() => new Trainer(n, wrong, testSet)).toThrow(
      'Trainer: trainData "blobs train" samples must be [4] (the net\'s inputShape), got shape [2, 2]',
    );
    n.dispose();
  });
});
