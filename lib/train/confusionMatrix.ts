import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import type { Net } from "../nets/net";
import { htmlTable } from "../ground/html";
import { textTable, type Align } from "../nets/table";
import { predictLabels, type EvalData } from "./predictLabels";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Samples predicted at once (default 100). */
  readonly batchSize?: number;
  /** Class names for the rows and columns (default: the Dataset's, else "0", "1", ...). */
  readonly classNames?: readonly string[];
}

const CONFUSION_MATRIX_KEYS = optionKeys<ConfusionMatrixOptions>({ batchSize: true, classNames: true });

/** Counts of (true class, predicted class) pairs. Displays itself as a table. */
export interface ConfusionMatrix {
  /** matrix[trueClass][predictedClass] = number of samples. */
  readonly matrix: number[][];
  readonly classNames: readonly string[];
  /** For each true class, the fraction predicted correctly (NaN for a class with no samples). */
  readonly perClassAccuracy: number[];
  /** Overall fraction correct. */
  readonly accuracy: number;
  [toMimeBundle](): MimeBundle;
}

/**
 * Predicts every sample (eval mode, batched) and counts true class against predicted class.
 *
 * @example
 * const cm = confusionMatrix(net, test);
 * cm.matrix[4][9]; // how many 4s were taken for 9s
 */
export function confusionMatrix(net: Net, data: EvalData, options: ConfusionMatrixOptions = {}): ConfusionMatrix {
  const where = "confusionMatrix";
  checkOptions(where, options, CONFUSION_MATRIX_KEYS);
  const { batchSize = 100, classNames } = options;
  const { predicted, labels } = predictLabels(where, net, data, batchSize);
  let k = 0;
  for (let i = 0; i < labels.length; i++) k = Math.max(k, labels[i] + 1, predicted[i] + 1);
  const fromData = (data as { classNames?: readonly string[] }).classNames;
  const names = classNames ?? fromData ?? Array.from({ length: k }, (_, i) => String(i));
  if (names.length < k) throw new RangeError(`${where}: classNames has ${names.length} names but class ${k - 1} occurs`);
  const C = names.length;
  const matrix = Array.from({ length: C }, () => new Array<number>(C).fill(0));
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    matrix[labels[i]][predicted[i]]++;
    if (labels[i] === predicted[i]) correct++;
  }
  const perClassAccuracy = matrix.map((row, c) => row[c] / row.reduce((a, b) => a + b, 0));
  const accuracyValue = correct / labels.length;
  return {
    matrix,
    classNames: [...names],
    perClassAccuracy,
    accuracy: accuracyValue,
    [toMimeBundle](): MimeBundle {
      const headers = ["true \\ predicted", ...names, "accuracy"];
      const align: Align[] = ["left", ...names.map((): Align => "right"), "right"];
      const rows = matrix.map((row, c) => [
        names[c],
        ...row.map(String),
        Number.isNaN(perClassAccuracy[c]) ? "-" : `${(100 * perClassAccuracy[c]).toFixed(1)}%`,
      ]);
      const title = `confusion matrix: ${labels.length} samples, accuracy ${(100 * accuracyValue).toFixed(2)}%`;
      return { "text/plain": `${title}\n${textTable(headers, rows, align)}`, "text/html": htmlTable(headers, rows, align, title) };
    },
  };
}
