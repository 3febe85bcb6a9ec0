/**
 * `npm run bench`: DeepConvNet throughput, side by side in one run: nnlab's hand-written
 * layers (one thread, and split over worker threads with ParallelNet), the same network in
 * TF.js layers on the same backend, and PyTorch CPU where
 * Debian's python3-torch is installed. Writes bench/results/<date>-<backend>.json.
 *
 * `npm run bench -- --full [--epochs N] [--workers N]` trains nnlab's DeepConvNet on all
 * 60,000 MNIST training images and reports accuracy on all 10,000 test images after every
 * epoch; with --workers, each gradient is split over that many worker threads plus the main one.
 */
import { execFileSync } from "child_process";
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

interface Throughput {
  readonly trainImagesPerSecond: number;
  readonly inferImagesPerSecond: number;
  readonly note?: string;
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
  train(i: number): Promise<void> | void;
  infer(i: number): void;
  dispose(): void;
}

/** nnlab's hand-written DeepConvNet, in one thread or split over worker threads by ParallelNet. */
function nnlabContender(name: string, net: DeepConvNet | ParallelNet, data: Array<{ x: tf.Tensor; t: tf.Tensor }>): Contender {
  const opt = new Adam({ lr: 0.001 });
  return {
    name,
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
  for (const c of contenders) for (let i = 0; i < 3; i++) c.infer(i);
  for (let done = 0; done < steps; done += block) {
    const n = Math.min(block, steps - done);
    for (let k = 0; k < contenders.length; k++) {
      let start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await contenders[k].train(done + i);
      trainS[k] += seconds(start);
      start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) contenders[k].infer(done + i);
      inferS[k] += seconds(start);
    }
  }
  return contenders.map((_, k) => ({
    trainImagesPerSecond: (steps * BATCH) / trainS[k],
    inferImagesPerSecond: (steps * BATCH) / inferS[k],
  }));
}

function benchTorch(steps: number): Throughput | { skipped: string } {
  const script = path.join(__dirname, "..", "..", "bench", "torch_deepconvnet.py");
  try {
    execFileSync("/usr/bin/python3", ["-c", "import torch"], { stdio: "ignore" });
  } catch {
    return { skipped: "Debian's python3-torch is not installed (apt-get install python3-torch)" };
  }
  const out = execFileSync("/usr/bin/python3", [script, "--threads", String(os.cpus().length), "--steps", String(steps)], {
    encoding: "utf8",
  });
  const r = JSON.parse(out.trim().split("\n").pop() as string);
  return {
    trainImagesPerSecond: r.trainImagesPerSecond,
    inferImagesPerSecond: r.inferImagesPerSecond,
    note: `PyTorch ${r.torch}, ${r.threads} threads`,
  };
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
  const workers = Math.max(1, os.cpus().length - 1);
  const { train } = loadMnist({ trainLimit: 2000, testLimit: 100 });
  const data = batches(train, 10);
  const loadBefore = os.loadavg();
  process.stdout.write(
    `DeepConvNet, batch ${BATCH}, ${steps} steps each (interleaved), backend ${info.name}, load average ${loadBefore[0].toFixed(1)} on ${os.cpus().length} cores\n`,
  );
  const contenders = [
    nnlabContender("nnlab", new DeepConvNet({ seed: 1 }), data),
    tfjsLayersContender(data),
    nnlabContender(`nnlab, ${workers + 1} threads`, new ParallelNet({ net: "DeepConvNet", options: { seed: 1 } }, { workers }), data),
  ];
  let measured: Throughput[];
  try {
    measured = await race(contenders, steps);
  } finally {
    contenders.forEach((c) => c.dispose());
  }
  const [nnlab, layers, parallel] = measured;
  const row = (name: string, r: Throughput) =>
    process.stdout.write(
      `  ${name.padEnd(18)} train ${r.trainImagesPerSecond.toFixed(0)} img/s, infer ${r.inferImagesPerSecond.toFixed(0)} img/s\n`,
    );
  row("nnlab", nnlab);
  row("tf.layers", layers);
  row(`nnlab, ${workers + 1} threads`, parallel);
  const torch = benchTorch(steps);
  if ("skipped" in torch) process.stdout.write(`  PyTorch            skipped: ${torch.skipped}\n`);
  else
    process.stdout.write(
      `  PyTorch CPU        train ${torch.trainImagesPerSecond.toFixed(0)} img/s, infer ${torch.inferImagesPerSecond.toFixed(0)} img/s (${torch.note}, run after the others)\n`,
    );
  data.forEach(({ x, t }) => (x.dispose(), t.dispose()));
  const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
  const ratios: Record<string, number> = {
    trainNnlabOverTfjsLayers: ratio(nnlab.trainImagesPerSecond, layers.trainImagesPerSecond),
    inferNnlabOverTfjsLayers: ratio(nnlab.inferImagesPerSecond, layers.inferImagesPerSecond),
    trainParallelOverNnlab: ratio(parallel.trainImagesPerSecond, nnlab.trainImagesPerSecond),
    trainParallelOverTfjsLayers: ratio(parallel.trainImagesPerSecond, layers.trainImagesPerSecond),
  };
  if (!("skipped" in torch)) {
    ratios.trainNnlabOverTorch = ratio(nnlab.trainImagesPerSecond, torch.trainImagesPerSecond);
    ratios.inferNnlabOverTorch = ratio(nnlab.inferImagesPerSecond, torch.inferImagesPerSecond);
    ratios.trainParallelOverTorch = ratio(parallel.trainImagesPerSecond, torch.trainImagesPerSecond);
  }
  const file = writeResults("throughput", {
    date: new Date().toISOString(),
    machine: { ...machine(info), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
    batch: BATCH,
    steps,
    method: "nnlab, tf.layers and nnlab with worker threads timed in alternating blocks of 2 steps (same load for all); PyTorch afterwards",
    results: { nnlab, tfjsLayers: layers, [`nnlab${workers + 1}Threads`]: parallel, torch },
    ratios,
  });
  process.stdout.write(`ratios: ${JSON.stringify(ratios)}\nwrote ${path.relative(process.cwd(), file)}\n`);
}

async function full(): Promise<void> {
  const info = await initBackend();
  const epochs = argValue("--epochs", 8);
  const { train, test } = loadMnist();
  // --workers N: gradients split over N worker threads plus the main thread (ParallelNet).
  const workers = process.argv.includes("--workers") ? argValue("--workers", 1) : 0;
  const net = workers > 0 ? new ParallelNet({ net: "DeepConvNet", options: { seed: 1 } }, { workers }) : new DeepConvNet({ seed: 1 });
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
        threads: workers + 1,
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
