import type { Net } from "../nets/net";
import { predictLabels, type EvalData } from "./predictLabels";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link predictClasses}. */
export interface PredictClassesOptions {
  /** Images predicted at once (default 500): memory stays bounded on any dataset size. */
  readonly batchSize?: number;
}

const PREDICT_CLASSES_KEYS = optionKeys<PredictClassesOptions>({ batchSize: true });

/**
 * The class the net predicts for every sample (eval mode), in batches; no tensor is left behind.
 *
 * @example
 * const predicted = predictClasses(net, test);   // Int32Array, one class per test image
 * const wrong = Array.from(predicted.keys()).filter((i) => predicted[i] !== test.labels[i]);
 */
export function predictClasses(net: Net, data: EvalData, options: PredictClassesOptions = {}): Int32Array {
  checkOptions("predictClasses", options, PREDICT_CLASSES_KEYS);
  const { batchSize = 500 } = options;
  return predictLabels("predictClasses", net, data, batchSize).predicted;
}
