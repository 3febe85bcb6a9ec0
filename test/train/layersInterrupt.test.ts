import * as tf from "@tensorflow/tfjs-core";
import * as tfd from "@tensorflow/tfjs-data";
import * as tfl from "@tensorflow/tfjs-layers";
import { InterruptedError, clearInterrupt, requestInterrupt } from "../../lib/host";
import { stopLayersFitOnInterrupt } from "../../lib/train/layersInterrupt";

stopLayersFitOnInterrupt();
afterEach(() => clearInterrupt());

function model(): tfl.Sequential {
  const m = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [4], units: 8, activation: "relu" }), tfl.layers.dense({ units: 3 })],
  });
  m.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  return m;
}

let xs: tf.Tensor;
let ys: tf.Tensor;
beforeAll(() => {
  xs = tf.randomUniform([64, 4], -1, 1, "float32", 1);
  ys = tf.randomUniform([64, 3], -1, 1, "float32", 2);
});
afterAll(() => tf.dispose([xs, ys]));
/** 8 batches of 8 samples an epoch. */
const fitArgs = { epochs: 20, batchSize: 8, verbose: 0 as const };

describe("stopLayersFitOnInterrupt", () => {
  test("an interrupt stops model.fit after the current batch; the weights are kept and the model trains again", async () => {
    const m = model();
    let batches = 0;
    const fit = m.fit(xs, ys, {
      ...fitArgs,
      callbacks: {
        onBatchEnd: () => {
          if (++batches === 11) requestInterrupt();
        },
      },
    });
    await expect(fit).rejects.toThrow(InterruptedError);
    expect(batches).toBe(11);
    const trained = m.getWeights()[0].dataSync().slice();
    clearInterrupt(); // the next cell
    const history = await m.fit(xs, ys, { ...fitArgs, epochs: 2 });
    expect(history.history.loss).toHaveLength(2);
    expect(m.getWeights()[0].dataSync()).not.toEqual(trained);
    m.dispose();
  });

  test("fitDataset stops the same way", async () => {
    const m = model();
    let batches = 0;
    const ds = tfd
      .zip({
        xs: tfd.array(Array.from({ length: 64 }, (_, i) => [i % 4, 1, 0, -1])),
        ys: tfd.array(Array.from({ length: 64 }, () => [0, 1, 0])),
      })
      .map((e) => {
        const { xs: x, ys: y } = e as { xs: number[]; ys: number[] };
        return { xs: tf.tensor1d(x), ys: tf.tensor1d(y) };
      })
      .batch(8);
    const fit = m.fitDataset(ds, {
      epochs: 20,
      verbose: 0,
      callbacks: {
        onBatchEnd: () => {
          if (++batches === 5) requestInterrupt();
        },
      },
    });
    await expect(fit).rejects.toThrow(InterruptedError);
    expect(batches).toBe(5);
    m.dispose();
  });

  test("a fit started while an interrupted one winds down waits for it instead of refusing", async () => {
    const m = model();
    let second: Promise<tfl.History> | undefined;
    let batches = 0;
    const first = m.fit(xs, ys, {
      ...fitArgs,
      callbacks: {
        onBatchEnd: () => {
          if (++batches !== 3) return;
          // The interrupt and the next cell arrive while this batch is still ending.
          requestInterrupt();
          clearInterrupt();
          second = m.fit(xs, ys, { ...fitArgs, epochs: 1 });
        },
      },
    });
    await expect(first).rejects.toThrow(InterruptedError);
    expect(second).toBeDefined();
    const history = await second!;
    expect(history.history.loss).toHaveLength(1);
    expect(batches).toBe(3);
    m.dispose();
  });

  test("the learner's own callback objects keep working beside the stopper", async () => {
    const m = model();
    const seen: number[] = [];
    await m.fit(xs, ys, { ...fitArgs, epochs: 2, callbacks: [new tfl.CustomCallback({ onEpochEnd: (epoch) => void seen.push(epoch) })] });
    expect(seen).toEqual([0, 1]);
    m.dispose();
  });
});
