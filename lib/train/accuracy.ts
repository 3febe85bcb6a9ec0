import type { Net } from "../nets/net";
import { predictLabels, type EvalData } from "./predictLabels";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link accuracy}. */
export interface AccuracyOptions {
  /** Samples predicted at once (default 100). */
  readonly batchSize?: number;
}

const ACCURACY_KEYS = optionKeys<AccuracyOptions>({ batchSize: true });

/**
 * The fraction of samples (0..1) whose highest score is the true class, predicted in eval
 * mode (no dropout, BatchNorm's running statistics) in batches; frees every tensor it makes.
 *
 * @example
 * accuracy(net, test);                // a Dataset
 * accuracy(net, { x, t }, { batchSize: 50 }); // tensors, t as labels or one-hot
 */
export function accuracy(net: Net, data: EvalData, options: AccuracyOptions = {}): number {
  checkOptions("accuracy", options, ACCURACY_KEYS);
  const { batchSize = 100 } = options;
  const { predicted, labels } = predictLabels("accuracy", net, data, batchSize);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}
