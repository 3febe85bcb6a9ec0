import * as tf from "@tensorflow/tfjs-core";

/** Mean and population standard deviation of a tensor's values or of plain numbers. */
export function stats(values: tf.Tensor | ArrayLike<number>): { mean: number; std: number } {
  const xs = values instanceof tf.Tensor ? values.dataSync() : values;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  const mean = s / xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length) };
}

/** Population standard deviation of a tensor's values. */
export function std(t: tf.Tensor): number {
  return stats(t).std;
}
