/**
 * A labelled data set held as flat typed arrays, so a 60,000-image set costs one buffer and
 * batches are made as tensors only when they are used.
 */
export interface Dataset {
  /** A short name for messages: "MNIST train". */
  readonly name: string;
  /** All samples, row-major: sample i occupies [i * sampleSize, (i + 1) * sampleSize). */
  readonly x: Float32Array;
  /** Integer class labels, one per sample. */
  readonly labels: Uint8Array;
  /** The shape of one sample: [1, 28, 28] for NCHW images, [784] when flattened. */
  readonly sampleShape: readonly number[];
  /** Number of samples. */
  readonly length: number;
  /** Number of classes (10 for MNIST). */
  readonly numClasses: number;
  /** Class names for captions (Fashion-MNIST: "T-shirt/top", ...). */
  readonly classNames: readonly string[];
  /**
   * The label form `batchTensors` makes when not told: one-hot [n, classes] when true,
   * integer labels [n] when false or absent (`loadMnist({ oneHot: true })` sets it, like the
   * book's `one_hot_label`). The labels array itself is always integer.
   */
  readonly oneHot?: boolean;
}
