/**
 * The kernels of the backend's measured ceiling: a raw convolution and a raw matMul. Their
 * GFLOP/s on one core and on every core at once (bench/coreScaling.ts times them) say how close
 * a contender's training GFLOP/s runs to what the backend can do at all.
 */
import * as tf from "@tensorflow/tfjs-core";

/** GFLOP/s of the two raw kernels, and the larger of them (the ceiling). */
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
