/**
 * The worker side of {@link ParallelNet}: builds a replica of the net from its spec on its
 * own TF.js backend, and for each job loads the main thread's params, computes the gradient
 * of its share of the batch, and writes loss and grads into shared memory.
 *
 * @internal
 */
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend";
import type { Sequential } from "../nets/sequential";
import { platform } from "../platform";
import { buildNet, type NetSpec } from "../nets/netSpec";
import { SLOT_DONE, SLOT_FAILED, SLOT_READY, writeMessage, type GradientJob, type WorkerInit } from "./protocol";

const context = platform.workerContext();
if (context === undefined) throw new Error("gradientWorker: load it as a worker thread (ParallelNet starts it), not as a module");
const init = context.data as WorkerInit;
const control = new Int32Array(init.control);
const result = new Float32Array(init.result);
const sharedParams = new Float32Array(init.params);
const sharedState = new Float32Array(init.state);

function signal(slot: number, value: number): void {
  Atomics.store(control, slot, value);
  Atomics.notify(control, slot);
}

function failed(e: unknown): void {
  writeMessage(init.message, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
}

function finish(id: number, ok: boolean): void {
  Atomics.store(control, SLOT_FAILED, ok ? 0 : 1);
  signal(SLOT_DONE, id);
}

/** Copies a flat array into the variables, in name order. */
function load(vars: tf.Variable[], flat: Float32Array): void {
  let offset = 0;
  for (const v of vars) {
    // A copy: the shared buffer changes under a backend that keeps the array it was given (cpu).
    v.assign(tf.tensor(flat.slice(offset, offset + v.size), v.shape));
    offset += v.size;
  }
}

function ordered(record: Record<string, tf.Variable>): tf.Variable[] {
  return Object.keys(record)
    .sort()
    .map((k) => record[k]);
}

async function start(): Promise<Sequential> {
  platform.setEnv("NNLAB_BACKEND", init.backend);
  // The main thread already said which backend it picked; a worker's repeat of that line would
  // show up in the learner's cell at every fit.
  platform.setEnv("NNLAB_QUIET_BACKEND", "1");
  await initBackend();
  return buildNet(init.spec as NetSpec);
}

const ready = start().then(
  (net) => {
    signal(SLOT_READY, 1);
    return net;
  },
  (e) => {
    failed(e);
    signal(SLOT_READY, 2);
    return undefined;
  },
);

context.onMessage(async (message) => {
  const job = message as GradientJob;
  const net = await ready;
  if (net === undefined) return finish(job.id, false); // the message already says why
  const started = platform.now();
  try {
    tf.tidy(() => {
      load(ordered(net.params()), sharedParams);
      load(ordered(net.state()), sharedState);
    });
    const x = tf.tensor(job.x, job.xShape);
    const t = tf.tensor(job.t, job.tShape, job.tDtype);
    try {
      const { loss, grads } = net.gradient(x, t);
      result[0] = loss;
      let offset = 1;
      for (const name of Object.keys(grads).sort()) {
        const g = grads[name].dataSync() as Float32Array;
        result.set(g, offset);
        offset += g.length;
      }
      result[result.length - 1] = platform.now() - started;
    } finally {
      tf.dispose([x, t]);
    }
    finish(job.id, true);
  } catch (e) {
    failed(e);
    finish(job.id, false);
  }
});
