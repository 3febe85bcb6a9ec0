/**
 * `node dist/bench/parallelBreakdown.js [--steps N] [--threads N] [--batch N]`: where a split DeepConvNet
 * step (batch 100 by default, Adam) spends its time, next to the same step on one thread and split in fixed
 * equal shares (the Trainer's reproducible split), in alternating
 * blocks so both run under the same load: the ratio, then ParallelNet's breakdown per step
 * (broadcast, the main thread's share, its wait for the workers, the gradient sum, the
 * optimizer update on the main thread, each worker's share). Prints only; writes nothing.
 */
import * as os from "os";
import * as tf from "@tensorflow/tfjs-core";
import { Adam, DeepConvNet, ParallelNet, initBackend, loadMnist } from "../lib";

function argValue(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

async function main(): Promise<void> {
  await initBackend();
  const steps = argValue("--steps", 20);
  const threads = argValue("--threads", os.availableParallelism());
  const BATCH = argValue("--batch", 100);
  const { train } = loadMnist({ trainLimit: BATCH });
  const x = tf.tensor(train.x, [BATCH, 1, 28, 28]);
  const t = tf.tensor1d(Array.from(train.labels), "int32");
  const one = new DeepConvNet({ seed: 1 });
  const split = new ParallelNet(new DeepConvNet({ seed: 1 }), { workers: threads - 1 });
  const equal = new ParallelNet(new DeepConvNet({ seed: 1 }), { workers: threads - 1, shares: "equal" });
  const contenders = [
    { name: "1 thread", net: one as DeepConvNet | ParallelNet, opt: new Adam({ lr: 0.001 }), ms: 0, updateMs: 0 },
    { name: `${threads} threads`, net: split as DeepConvNet | ParallelNet, opt: new Adam({ lr: 0.001 }), ms: 0, updateMs: 0 },
    { name: `${threads} threads, equal shares`, net: equal as DeepConvNet | ParallelNet, opt: new Adam({ lr: 0.001 }), ms: 0, updateMs: 0 },
  ];
  const step = (c: (typeof contenders)[number], timed: boolean) => {
    const t0 = performance.now();
    const { grads } = c.net.gradient(x, t);
    const t1 = performance.now();
    c.opt.update(c.net.params(), grads);
    const t2 = performance.now();
    if (timed) {
      c.ms += t2 - t0;
      c.updateMs += t2 - t1;
    }
  };
  for (const c of contenders) for (let i = 0; i < 3; i++) step(c, false); // warm-up: kernels compiled, shares learnt
  split.resetTimings();
  for (let done = 0; done < steps; done += 2) for (const c of contenders) for (let i = 0; i < 2; i++) step(c, true);
  const perStep = (c: (typeof contenders)[number]) => c.ms / steps;
  for (const c of contenders) {
    process.stdout.write(`${c.name}: ${perStep(c).toFixed(1)} ms/step, ${((BATCH * 1000) / perStep(c)).toFixed(0)} img/s\n`);
  }
  const [a, b, c] = contenders;
  process.stdout.write(`ratio ${threads} threads / 1 thread: ${(perStep(a) / perStep(b)).toFixed(3)}\n`);
  process.stdout.write(`ratio equal shares / balanced: ${(perStep(b) / perStep(c)).toFixed(3)}\n`);
  const tm = split.timings();
  const f = (v: number) => v.toFixed(1).padStart(6);
  process.stdout.write(
    `ParallelNet per step (ms): broadcast ${f(tm.broadcastMs)}  main share (${tm.mainShare} img) ${f(tm.mainMs)}  ` +
      `wait ${f(tm.waitMs)}  sum ${f(tm.sumMs)}  update ${f(b.updateMs / steps)}  ` +
      `workers ${tm.workerMs.map(f).join(" ")}  total ${f(perStep(b))}\n` +
      `1 thread per step (ms): gradient ${f(perStep(a) - a.updateMs / steps)}  update ${f(a.updateMs / steps)}\n`,
  );
  for (const p of [split, equal]) {
    p.dispose();
    p.net.dispose();
  }
  one.dispose();
  tf.dispose([x, t]);
}

main().catch((e) => {
  process.stderr.write(`parallelBreakdown failed: ${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
