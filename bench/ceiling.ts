/**
 * The measured ceiling of the backend on one core: the GFLOP/s of a raw convolution and a raw
 * matMul, timed in the thread that calls it. A contender's training GFLOP/s divided by this
 * figure times the cores it uses says how close it runs to what the backend can do at all.
 */
import * as tf from "@tensorflow/tfjs-core";

/** GFLOP/s of the two raw kernels on one core, and the larger of them (the ceiling). */
export interface Ceiling {
  readonly convGflops: number;
  readonly matMulGflops: number;
  readonly gflopsPerCore: number;
  readonly method: string;
}

/** Median of repeated timings of `fn`, in seconds (after two warm-up calls). */
function medianSeconds(fn: () => void, reps: number): number {
  fn();
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/**
 * Times DeepConvNet's most common convolution (16 -> 16 channels, 3x3, 28x28, batch 100, NHWC,
 * as TF.js's kernels take it) and a 512x512x512 matMul. FLOPs count multiply-adds twice.
 *
 * @example
 * const { gflopsPerCore } = measureCeiling();
 */
export function measureCeiling(reps = 9): Ceiling {
  const [N, H, C, F] = [100, 28, 16, 16];
  const x = tf.randomNormal<tf.Rank.R4>([N, H, H, C]);
  const w = tf.randomNormal<tf.Rank.R4>([3, 3, C, F]);
  const a = tf.randomNormal<tf.Rank.R2>([512, 512]);
  const b = tf.randomNormal<tf.Rank.R2>([512, 512]);
  try {
    const conv = medianSeconds(() => tf.tidy(() => void tf.conv2d(x, w, 1, "same").dataSync()), reps);
    const mm = medianSeconds(() => tf.tidy(() => void tf.matMul(a, b).dataSync()), reps);
    const convGflops = (2 * N * H * H * F * C * 9) / conv / 1e9;
    const matMulGflops = (2 * 512 ** 3) / mm / 1e9;
    return {
      convGflops,
      matMulGflops,
      gflopsPerCore: Math.max(convGflops, matMulGflops),
      method: `median of ${reps}: conv2d [${N},${H},${H},${C}] * [3,3,${C},${F}] "same"; matMul 512x512x512; on the main thread`,
    };
  } finally {
    tf.dispose([x, w, a, b]);
  }
}
