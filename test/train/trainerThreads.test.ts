import { loadMnist } from "../../lib/data/mnist";
import { NonFiniteLossError } from "../../lib/errors";
import { InterruptedError, clearInterrupt, requestInterrupt, setDisplayHost, type MimeBundle } from "../../lib/host";
import { MultiLayerNet } from "../../lib/nets/multiLayerNet";
import { SimpleConvNet } from "../../lib/nets/simpleConvNet";
import { platform, type PlatformWorker } from "../../lib/platform";
import { Trainer, type TrainerOptions } from "../../lib/train/trainer";

// The workers run the compiled library (dist/): `npm run build` first.
jest.setTimeout(180_000);
afterEach(() => clearInterrupt());

const { train, test: testSet } = loadMnist({ normalize: true, trainLimit: 2000, testLimit: 1000 });
const flat = loadMnist({ flatten: true, normalize: true, trainLimit: 600, testLimit: 200 });

function convNet(): SimpleConvNet {
  return new SimpleConvNet({ filterNum: 8, hiddenSize: 50, seed: 3 });
}

const options: TrainerOptions = { epochs: 2, batchSize: 50, optimizerParams: { lr: 0.01 }, evaluateSample: "all", verbose: false, seed: 3 };

/**
 * Watches the worker threads the platform starts from now on: `exited()` resolves once every
 * one of them has ended (their exit events, no fixed wait).
 */
function watchWorkers(): { count: () => number; exited: () => Promise<void>; restore: () => void } {
  const exits: Array<Promise<void>> = [];
  const original = platform.startWorker.bind(platform);
  const spy = jest.spyOn(platform, "startWorker").mockImplementation((module, data) => {
    const worker: PlatformWorker = original(module, data);
    exits.push(new Promise<void>((resolve) => worker.onExit(() => resolve())));
    return worker;
  });
  return { count: () => exits.length, exited: async () => void (await Promise.all(exits)), restore: () => spy.mockRestore() };
}

describe("Trainer on several threads", () => {
  test("real MNIST: 2 threads reach the accuracy of 1 thread (same seed, within noise), and the net is trained in place", async () => {
    const results: Record<number, { testAcc: number; threads: number }> = {};
    for (const threads of [1, 2]) {
      const net = convNet();
      const trainer = new Trainer(net, train, testSet, { ...options, threads });
      const history = await trainer.fit();
      expect(history.lossPerBatch).toHaveLength(80);
      expect(history.epochs).toHaveLength(2);
      // the net itself was trained: its own predictions give the recorded accuracy
      const own = new Trainer(net, train, testSet, { ...options, threads: 1 }).evaluate().testAcc;
      expect(own).toBe(history.epochs[1].testAcc);
      results[threads] = { testAcc: history.epochs[1].testAcc, threads: trainer.threads };
      trainer.dispose();
      net.dispose();
    }
    expect(results[1].threads).toBe(1);
    expect(results[2].threads).toBe(2);
    // 2,000 images, 2 epochs: this small conv net lands near 90% (both runs measured 90.3%);
    // the split sums the same gradient in another order, so the runs differ only by rounding.
    expect(results[1].testAcc).toBeGreaterThan(0.87);
    expect(results[2].testAcc).toBeGreaterThan(0.87);
    expect(Math.abs(results[2].testAcc - results[1].testAcc)).toBeLessThan(0.03);
  });

  test("a seeded run on 2 threads repeats exactly: the same params come out, bit for bit", async () => {
    const runs: Float32Array[][] = [];
    for (let run = 0; run < 2; run++) {
      const net = convNet();
      const trainer = new Trainer(net, train, testSet, { ...options, epochs: 1, evaluateSample: 100, threads: 2 });
      await trainer.fit();
      expect(trainer.threads).toBe(2);
      runs.push(Object.values(net.params()).map((p) => p.dataSync() as Float32Array));
      trainer.dispose();
      net.dispose();
    }
    // A split by measured speed would hand the threads other images when timing shifts, and
    // the sums would round differently; fixed equal shares leave nothing to timing.
    expect(runs[1]).toEqual(runs[0]);
  });

  test("uses every core by default and stops its workers when fit ends", async () => {
    const watch = watchWorkers();
    try {
      const net = convNet();
      const trainer = new Trainer(net, train, testSet, { ...options, epochs: 1, evaluateSample: 100 });
      await trainer.fit();
      expect(trainer.threads).toBe(Math.min(platform.cores?.() ?? 1, 50 / 8));
      expect(watch.count()).toBe(trainer.threads - 1);
      await watch.exited();
      net.dispose();
    } finally {
      watch.restore();
    }
  });

  test("stops its workers when fit fails (a NaN loss) or is interrupted", async () => {
    const watch = watchWorkers();
    try {
      const net = convNet();
      const nan = new Trainer(net, train, testSet, { ...options, threads: 2, optimizerParams: { lr: 1e9 } });
      await expect(nan.fit()).rejects.toThrow(NonFiniteLossError);
      const stopped = new Trainer(convNet(), train, testSet, {
        ...options,
        threads: 2,
        onBatch: ({ batch }) => {
          if (batch === 3) requestInterrupt();
        },
      });
      await expect(stopped.fit()).rejects.toThrow(InterruptedError);
      expect(stopped.history.lossPerBatch).toHaveLength(3);
      expect(watch.count()).toBe(2);
      await watch.exited();
      net.dispose();
      stopped.net.dispose();
    } finally {
      watch.restore();
    }
  });

  test("a net with BatchNormalization trains on one thread and says why, once per fit", async () => {
    const lines: string[] = [];
    const previous = setDisplayHost({
      display: (bundle: MimeBundle) => void lines.push(String(bundle["text/plain"])),
      update: () => undefined,
    });
    try {
      const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [50], outputSize: 10, useBatchNorm: true, seed: 1 });
      const trainer = new Trainer(net, flat.train, flat.test, { ...options, epochs: 2, threads: 2, verbose: true });
      await trainer.fit();
      expect(trainer.threads).toBe(1);
      expect(trainer.singleThreadReason).toBe("MultiLayerNet has BatchNormalization, whose batch statistics need the whole batch");
      const notes = lines.filter((l) => l.startsWith("Trainer: training on 1 thread"));
      expect(notes).toEqual([
        "Trainer: training on 1 thread: MultiLayerNet has BatchNormalization, whose batch statistics need the whole batch",
      ]);
      net.dispose();
    } finally {
      setDisplayHost(previous);
    }
  });

  test("threads must be an integer in [1, 64]", () => {
    const net = convNet();
    expect(() => new Trainer(net, train, testSet, { threads: 0 })).toThrow("Trainer: threads must be an integer in [1, 64], got number 0");
    net.dispose();
  });
});
