/**
 * `npm run bench`: DeepConvNet throughput, side by side in one run: nnlab's hand-written
 * layers (one thread, and split over worker threads with ParallelNet), the same network in
 * TF.js layers on the same backend, and PyTorch CPU where Debian's python3-torch is installed,
 * all in alternating blocks; plus the backend's measured ceiling (raw conv2d and matMul) on one
 * core and on every core at once, each contender's GFLOP/s and share of the ceiling of the cores
 * it uses, and the split bound (what independent steps on every core give: no split of a batch
 * can beat it; bench/coreScaling.ts). Writes bench/results/<date>-throughput-<backend>.json.
 *
 * `npm run bench -- --full [--epochs N] [--threads N]` trains nnlab's DeepConvNet on all
 * 60,000 MNIST training images and reports accuracy on all 10,000 test images after every
 * epoch; the Trainer splits each batch over every core unless --threads pins the count
 * (--workers N, the older spelling, means N + 1 threads).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import {
  Adam,
  DeepConvNet,
  Trainer,
  accuracy,
  backendInfo,
  batchTensors,
  initBackend,
  loadMnist,
  ParallelNet,
  tfjsDeepConvNet,
  type BackendInfo,
  type Dataset,
} from "../lib";
import { netComplexity } from "../lib/nets/complexity";
import { CEILING_KERNELS, type Ceiling } from "./ceiling";
import { measureOnEveryCore } from "./coreScaling";
import { startTorch, torchUnavailable, type TorchStepper } from "./torchContender";

interface Throughput {
  readonly trainImagesPerSecond: number;
  readonly inferImagesPerSecond: number;
}

const BATCH = 100;

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number, got "${process.argv[i + 1]}"`);
  return v;
}

function batches(ds: Dataset, count: number): Array<{ x: tf.Tensor; t: tf.Tensor }> {
  const out = [];
  for (let i = 0; i < count; i++) {
    const indices = Array.from({ length: BATCH }, (_, k) => (i * BATCH + k) % ds.length);
    out.push(batchTensors(ds, indices));
  }
  return out;
}

/** One system under test: a training step and an inference step on batch i. */
interface Contender {
  readonly name: string;
  /** Cores it computes on (for its share of the per-core ceiling). */
  readonly cores: number;
  train(i: number): Promise<void> | void;
  infer(i: number): Promise<void> | void;
  dispose(): void;
}

/** nnlab's hand-written DeepConvNet, in one thread or split over worker threads by ParallelNet. */
function nnlabContender(
  name: string,
  cores: number,
  net: DeepConvNet | ParallelNet,
  data: Array<{ x: tf.Tensor; t: tf.Tensor }>,
): Contender {
  const opt = new Adam({ lr: 0.001 });
  return {
    name,
    cores,
    train: (i) => {
      const { x, t } = data[i % data.length];
      const { grads } = net.gradient(x, t);
      opt.update(net.params(), grads);
    },
    // Inference stays on the main thread (ParallelNet splits gradients only).
    infer: (i) => void tf.tidy(() => net.predict(data[i % data.length].x, { train: false }).dataSync()),
    dispose: () => {
      net.dispose();
      opt.dispose();
    },
  };
}

function tfjsLayersContender(data: Array<{ x: tf.Tensor; t: tf.Tensor }>): Contender {
  const model = tfjsDeepConvNet({ seed: 1 });
  const labels = data.map(({ t }) => tf.cast(t, "float32"));
  return {
    name: "tf.layers",
    cores: 1,
    train: async (i) => {
      await model.trainOnBatch(data[i % data.length].x, labels[i % data.length]);
    },
    infer: (i) => void tf.tidy(() => (model.predict(data[i % data.length].x) as tf.Tensor).dataSync()),
    dispose: () => {
      labels.forEach((t) => t.dispose());
      model.dispose();
    },
  };
}

/** PyTorch in its own process, stepping on command between the TF.js contenders' blocks. */
function torchContender(torch: TorchStepper): Contender {
  return {
    name: `PyTorch ${torch.version}, ${torch.threads} threads`,
    cores: torch.threads,
    train: async () => void (await torch.steps("train", 1)),
    infer: async () => void (await torch.steps("infer", 1)),
    dispose: () => torch.close(),
  };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/**
 * Times every contender in alternating blocks of a few steps, so all of them see the same
 * machine load (the machine may be shared): each gets `steps` timed steps in all.
 */
async function race(contenders: Contender[], steps: number): Promise<Throughput[]> {
  const block = 2;
  const trainS = contenders.map(() => 0);
  const inferS = contenders.map(() => 0);
  for (const c of contenders) for (let i = 0; i < 3; i++) await c.train(i);
  for (const c of contenders) for (let i = 0; i < 3; i++) await c.infer(i);
  for (let done = 0; done < steps; done += block) {
    const n = Math.min(block, steps - done);
    for (let k = 0; k < contenders.length; k++) {
      let start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await contenders[k].train(done + i);
      trainS[k] += seconds(start);
      start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await contenders[k].infer(done + i);
      inferS[k] += seconds(start);
    }
  }
  return contenders.map((_, k) => ({
    trainImagesPerSecond: (steps * BATCH) / trainS[k],
    inferImagesPerSecond: (steps * BATCH) / inferS[k],
  }));
}

function machine(info: BackendInfo) {
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    backend: info.name,
    backendReason: info.reason,
    tfjs: tf.version_core,
  };
}

function resultsFile(kind: string): string {
  const dir = path.join(__dirname, "..", "..", "bench", "results");
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return path.join(dir, `${stamp}-${kind}-${backendInfo()?.name}.json`);
}

/** Writes a results file atomically (temp file, then rename), so a reader never sees half. */
function writeResults(kind: string, body: Record<string, unknown>, file = resultsFile(kind)): string {
  fs.writeFileSync(file + ".tmp", JSON.stringify(body, null, 2) + "\n");
  fs.renameSync(file + ".tmp", file);
  return file;
}

async function throughput(): Promise<void> {
  const info = await initBackend();
  const steps = argValue("--steps", 20);
  const cores = os.cpus().length;
  const workers = Math.max(1, cores - 1);
  const { train } = loadMnist({ trainLimit: 2000, testLimit: 100 });
  const data = batches(train, 10);
  const loadBefore = os.loadavg();
  process.stdout.write(
    `DeepConvNet, batch ${BATCH}, ${steps} steps each (interleaved), backend ${info.name}, load average ${loadBefore[0].toFixed(1)} on ${cores} cores\n`,
  );
  // The ceiling's kernels on one core, alternating with the same kernels on every core at once.
  const allConv = await measureOnEveryCore({ kind: "conv" }, { kind: "conv" }, cores, { rounds: 5, reps: 12 });
  const allMatMul = await measureOnEveryCore({ kind: "matMul" }, { kind: "matMul" }, cores, { rounds: 5, reps: 12 });
  const ceiling: Ceiling = {
    convGflops: allConv.alone / 1e9,
    matMulGflops: allMatMul.alone / 1e9,
    gflopsPerCore: Math.max(allConv.alone, allMatMul.alone) / 1e9,
    method: `median of ${allConv.rounds} rounds: ${CEILING_KERNELS}; on the main thread alone`,
  };
  const allCoresGflops = Math.max(allConv.together, allMatMul.together) / 1e9;
  process.stdout.write(
    `  ceiling (one core): conv2d ${ceiling.convGflops.toFixed(1)} GFLOP/s, matMul ${ceiling.matMulGflops.toFixed(1)} GFLOP/s\n` +
      `  ceiling (${cores} cores at once): conv2d ${(allConv.together / 1e9).toFixed(1)} GFLOP/s (${allConv.speedup.toFixed(2)}x one core), ` +
      `matMul ${(allMatMul.together / 1e9).toFixed(1)} GFLOP/s (${allMatMul.speedup.toFixed(2)}x)\n`,
  );
  // The most a split of batch 100 over the cores can give: independent steps on 100 / cores images each.
  const share = Math.ceil(BATCH / cores);
  const splitBound = await measureOnEveryCore({ kind: "step", batch: BATCH }, { kind: "step", batch: share }, cores);
  process.stdout.write(
    `  split bound: ${cores} independent DeepConvNet steps on ${share} images each train ${splitBound.speedup.toFixed(2)}x ` +
      `as many images/s as one step on ${BATCH} (no split can do better)\n`,
  );
  /** The measured ceiling of a contender on `n` cores: one core's, or every core's at once. */
  const ceilingOn = (n: number) => (n === 1 ? ceiling.gflopsPerCore : n === cores ? allCoresGflops : ceiling.gflopsPerCore * n);
  const probe = new DeepConvNet({ seed: 1 });
  // A training step costs about three forward passes: forward, dX and dW.
  const flopsPerTrainImage = 3 * netComplexity(probe).flops;
  probe.dispose();
  const torchSkipped = torchUnavailable();
  const contenders = [
    nnlabContender("nnlab", 1, new DeepConvNet({ seed: 1 }), data),
    tfjsLayersContender(data),
    nnlabContender(
      `nnlab, ${workers + 1} threads`,
      workers + 1,
      new ParallelNet({ net: "DeepConvNet", options: { seed: 1 } }, { workers }),
      data,
    ),
  ];
  if (torchSkipped === undefined) contenders.push(torchContender(await startTorch(cores)));
  let measured: Throughput[];
  try {
    measured = await race(contenders, steps);
  } finally {
    contenders.forEach((c) => c.dispose());
  }
  data.forEach(({ x, t }) => tf.dispose([x, t]));
  const results = contenders.map((c, k) => {
    const gflops = (measured[k].trainImagesPerSecond * flopsPerTrainImage) / 1e9;
    return {
      name: c.name,
      cores: c.cores,
      ...measured[k],
      gflops,
      shareOfCeiling: gflops / ceilingOn(c.cores),
      shareOfCoresTimesOneCore: gflops / (ceiling.gflopsPerCore * c.cores),
    };
  });
  for (const r of results) {
    process.stdout.write(
      `  ${r.name.padEnd(30)} train ${r.trainImagesPerSecond.toFixed(0)} img/s (${r.gflops.toFixed(1)} GFLOP/s, ` +
        `${(r.shareOfCeiling * 100).toFixed(0)}% of the measured ${r.cores}-core ceiling, ${(r.shareOfCoresTimesOneCore * 100).toFixed(0)}% of ` +
        `${r.cores} x one core), infer ${r.inferImagesPerSecond.toFixed(0)} img/s\n`,
    );
  }
  if (torchSkipped !== undefined) process.stdout.write(`  PyTorch skipped: ${torchSkipped}\n`);
  const [nnlab, layers, parallel, torch] = results;
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  const ratios: Record<string, number> = {
    trainNnlabOverTfjsLayers: ratio(nnlab.trainImagesPerSecond, layers.trainImagesPerSecond),
    inferNnlabOverTfjsLayers: ratio(nnlab.inferImagesPerSecond, layers.inferImagesPerSecond),
    trainParallelOverNnlab: ratio(parallel.trainImagesPerSecond, nnlab.trainImagesPerSecond),
    trainParallelOverTfjsLayers: ratio(parallel.trainImagesPerSecond, layers.trainImagesPerSecond),
    splitBound: ratio(splitBound.speedup, 1),
    trainParallelOverNnlabOfSplitBound: ratio(parallel.trainImagesPerSecond / nnlab.trainImagesPerSecond, splitBound.speedup),
  };
  if (torch) {
    ratios.trainNnlabOverTorch = ratio(nnlab.trainImagesPerSecond, torch.trainImagesPerSecond);
    ratios.inferNnlabOverTorch = ratio(nnlab.inferImagesPerSecond, torch.inferImagesPerSecond);
    ratios.trainParallelOverTorch = ratio(parallel.trainImagesPerSecond, torch.trainImagesPerSecond);
  }
  const file = writeResults("throughput", {
    date: new Date().toISOString(),
    machine: { ...machine(info), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
    batch: BATCH,
    steps,
    method:
      "every contender (PyTorch too, as a process that steps on command) timed in alternating blocks of 2 steps, so all see the same load",
    ceilingGflopsPerCore: ceiling.gflopsPerCore,
    ceilingGflopsAllCores: allCoresGflops,
    ceiling,
    allCores: {
      cores,
      method: "the ceiling's kernels on the main thread and cores - 1 workers at the same moment, alternating with the main thread alone",
      conv: { ...allConv, alone: allConv.alone / 1e9, together: allConv.together / 1e9, unit: "GFLOP/s" },
      matMul: { ...allMatMul, alone: allMatMul.alone / 1e9, together: allMatMul.together / 1e9, unit: "GFLOP/s" },
    },
    splitBound: {
      ...splitBound,
      unit: "images/s",
      method: `one DeepConvNet step (Adam) on ${BATCH} images alone, against ${cores} independent steps on ${share} images each at once`,
    },
    flopsPerTrainImage,
    results,
    torchSkipped: torchSkipped ?? null,
    ratios,
  });
  process.stdout.write(`ratios: ${JSON.stringify(ratios)}\nwrote ${path.relative(process.cwd(), file)}\n`);
}

async function full(): Promise<void> {
  const info = await initBackend();
  const epochs = argValue("--epochs", 8);
  const { train, test } = loadMnist();
  // The Trainer's default is every core; --threads N (or --workers N: N + 1 threads) pins it.
  const threads = process.argv.includes("--threads")
    ? argValue("--threads", 1)
    : process.argv.includes("--workers")
      ? argValue("--workers", 1) + 1
      : undefined;
  const net = new DeepConvNet({ seed: 1 });
  const perEpoch: Array<{ epoch: number; testAccuracy: number; seconds: number }> = [];
  let firstAt99: { epoch: number; seconds: number } | undefined;
  const start = Date.now();
  // Rewritten after every epoch, so a long run that is stopped early still leaves its figures.
  const file = resultsFile("full");
  const record = (done: boolean) =>
    writeResults(
      "full",
      {
        date: new Date().toISOString(),
        machine: machine(info),
        trainImages: train.length,
        testImages: test.length,
        epochs,
        epochsDone: perEpoch.length,
        complete: done,
        threads: trainer.threads,
        perEpoch,
        finalTestAccuracy: perEpoch.length ? perEpoch[perEpoch.length - 1].testAccuracy : null,
        wallSeconds: (Date.now() - start) / 1000,
        first99: firstAt99 ?? null,
      },
      file,
    );
  const trainer = new Trainer(net, train, test, {
    epochs,
    batchSize: BATCH,
    optimizer: "adam",
    optimizerParams: { lr: 0.001 },
    evaluateSample: 1000,
    seed: 1,
    ...(threads === undefined ? {} : { threads }),
    onEpoch: ({ epoch }: { epoch: number }) => {
      const testAccuracy = accuracy(net, test, { batchSize: 500 });
      const seconds = (Date.now() - start) / 1000;
      perEpoch.push({ epoch, testAccuracy, seconds });
      if (testAccuracy >= 0.99 && !firstAt99) firstAt99 = { epoch, seconds };
      process.stdout.write(
        `epoch ${epoch}: test accuracy ${(testAccuracy * 100).toFixed(2)}% on all ${test.length} test images, ${seconds.toFixed(0)} s\n`,
      );
      record(false);
    },
  });
  await trainer.fit();
  record(true);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  net.dispose();
}

(process.argv.includes("--full") ? full() : throughput()).catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
