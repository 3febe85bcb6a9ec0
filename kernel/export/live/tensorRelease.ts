/**
 * Tensors behave like values in a live page, as in the kernel: a tensor nothing reaches has its
 * memory released without dispose() or tf.tidy. The kernel's collector (kernel/engine/
 * tensorCollector.ts) is not platform-neutral (it forces full V8 collections through node:v8),
 * so this is the small worker version: every tensor TF.js tracks is registered with a
 * FinalizationRegistry, and when the worker's garbage collector finds it unreachable, its data
 * is disposed through the engine. A tensor disposed the usual way is unregistered first, so
 * nothing is disposed twice.
 *
 * When: a worker cannot call gc(), so collection happens when V8 collects on its own; V8 does
 * not see wasm or GPU memory, so a loop that makes large tensors and few JavaScript objects can
 * run ahead of it. Variables stay registered with TF.js (as in plain TF.js) and are not released.
 */
import * as tf from "@tensorflow/tfjs-core";

interface Held {
  dataId: object;
  dtype: tf.DataType;
  size: number;
}

interface TrackingEngine {
  trackTensor(a: tf.Tensor, backend: unknown): void;
  disposeTensor(a: Pick<tf.Tensor, "dataId" | "dtype" | "size">): void;
}

let installed = false;

/**
 * Hooks TF.js's engine once; later calls do nothing.
 *
 * @example
 * installTensorRelease(); // after the backend is set
 */
export function installTensorRelease(): void {
  if (installed) return;
  installed = true;
  const engine = tf.engine() as unknown as TrackingEngine;
  const registry = new FinalizationRegistry<Held>((held) => engine.disposeTensor(held));
  const track = engine.trackTensor.bind(engine);
  const dispose = engine.disposeTensor.bind(engine);
  engine.trackTensor = (a, backend) => {
    track(a, backend);
    if (!(a instanceof tf.Variable)) registry.register(a, { dataId: a.dataId, dtype: a.dtype, size: a.size }, a);
  };
  engine.disposeTensor = (a) => {
    if (a instanceof tf.Tensor) registry.unregister(a);
    dispose(a);
  };
}
