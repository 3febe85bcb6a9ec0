import type { Net } from "../nets/net";
import { predictLabels, type EvalData } from "./predictLabels";

/** Options of {@link predictClasses}. */
export interface PredictClassesOptions {
  /** Images predicted at once (default 500): memory stays bounded on any dataset size. */
  readonly batchSize?: number;
}

/**
 * The class the net predicts for every sample (eval mode), in batches; no tensor is left behind.
 *
 * @example
 * const predicted = predictClasses(net, test);   // Int32Array, one class per test image
 * const wrong = Array.from(predicted.keys()).filter((i) => predicted[i] !== test.labels[i]);
 */
export function predictClasses(net: Net, data: EvalData, { batchSize = 500 }: PredictClassesOptions = {}): Int32Array {
  return predictLabels("predictClasses", net, data, batchSize).predicted;
}
