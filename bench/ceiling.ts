/**
 * The measured ceiling of the backend on one core: the GFLOP/s of a raw convolution and a raw
 * matMul, timed in the thread that calls it. A contender's training GFLOP/s divided by this
 * figure times the cores it uses says how close it runs to what the backend can do at all
 * (bench/coreScaling.ts measures the same kernels on every core at once).
 */
import * as tf from "@tensorflow/tfjs-core";

/** GFLOP/s of the two raw kernels on one core, and the larger of them (the ceiling). */
export interface Ceiling {
  readonly convGflops: number;
  readonly matMulGflops: number;
  readonly gflopsPerCore: number;
  readonly method: string;
}

/** One raw kernel of the ceiling: a call that computes it once, and the FLOPs of that call. */
export interface CeilingKernel {
  readonly run: () => void;
  readonly flops: number;
}

/** The ceiling's two kernels on tensors of their own; `dispose` frees those. */
export interface CeilingKernels {
  readonly conv: CeilingKernel;
  readonly matMul: CeilingKernel;
  dispose(): void;
}

const [N, H, C, F] = [100, 28, 16, 16];
const MM = 512;

/** What {@link ceilingKernels} computes, for the results file. */
export const CEILING_KERNELS = `conv2d [${N},${H},${H},${C}] * [3,3,${C},${F}] "same"; matMul ${MM}x${MM}x${MM}`;

/**
 * DeepConvNet's most common convolution (16 -> 16 channels, 3x3, 28x28, batch 100, NHWC,
 * as TF.js's kernels take it) and a 512x512x512 matMul, each read back so it really ran.
 * FLOPs count multiply-adds twice.
 */
export function ceilingKernels(): CeilingKernels {
  const x = tf.randomNormal<tf.Rank.R4>([N, H, H, C]);
  const w = tf.randomNormal<tf.Rank.R4>([3, 3, C, F]);
  const a = tf.randomNormal<tf.Rank.R2>([MM, MM]);
  const b = tf.randomNormal<tf.Rank.R2>([MM, MM]);
  return {
    conv: { run: () => tf.tidy(() => void tf.conv2d(x, w, 1, "same").dataSync()), flops: 2 * N * H * H * F * C * 9 },
    matMul: { run: () => tf.tidy(() => void tf.matMul(a, b).dataSync()), flops: 2 * MM ** 3 },
    dispose: () => tf.dispose([x, w, a, b]),
  };
}

/** Median of repeated timings of `fn`, in seconds (after two warm-up calls). */
export function medianSeconds(fn: () => void, reps: number): number {
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
 * Times the ceiling's kernels on the calling thread.
 *
 * @example
 * const { gflopsPerCore } = measureCeiling();
 */
export function measureCeiling(reps = 9): Ceiling {
  const kernels = ceilingKernels();
  try {
    const convGflops = kernels.conv.flops / medianSeconds(kernels.conv.run, reps) / 1e9;
    const matMulGflops = kernels.matMul.flops / medianSeconds(kernels.matMul.run, reps) / 1e9;
    return {
      convGflops,
      matMulGflops,
      gflopsPerCore: Math.max(convGflops, matMulGflops),
      method: `median of ${reps}: ${CEILING_KERNELS}; on the main thread`,
    };
  } finally {
    kernels.dispose();
  }
}
