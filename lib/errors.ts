/**
 * The error classes nnlab throws where a caller may want to catch one kind specifically.
 * Everything else uses the built-in classes by meaning (TypeError, RangeError).
 */

/** Formats a shape the way messages show it: `[2, 1, 28, 28]`. */
export function formatShape(shape: readonly (number | null | string)[]): string {
  return `[${shape.map((d) => (d === null ? "?" : String(d))).join(", ")}]`;
}

/**
 * A tensor had the wrong shape for the layer or function that received it.
 *
 * @example
 * throw new ShapeError('Convolution "Conv1" forward', "input", "rank 4 [N, C, H, W]", [2, 28, 28]);
 * // Convolution "Conv1" forward: input must be rank 4 [N, C, H, W], got shape [2, 28, 28]
 */
export class ShapeError extends RangeError {
  override readonly name = "ShapeError";
  constructor(
    /** Who checked, e.g. `Convolution "Conv1" forward`. */
    readonly where: string,
    /** Which argument, e.g. `input`. */
    readonly argument: string,
    /** What was expected, in words or as a shape. */
    readonly expected: string,
    /** The shape that arrived. */
    readonly actual: readonly number[],
  ) {
    super(`${where}: ${argument} must be ${expected}, got shape ${formatShape(actual)}`);
  }
}

/** A data file (IDX, parameters) is missing, truncated or not what it claims to be. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** A parameter file does not fit the net it is loaded into; the net was left unchanged. */
export class ParamsMismatchError extends Error {
  override readonly name = "ParamsMismatchError";
  constructor(
    readonly file: string,
    readonly differences: readonly string[],
  ) {
    super(`${file} does not match the net (nothing was loaded, the net is unchanged):\n` + differences.map((d) => `  - ${d}`).join("\n"));
  }
}

/** Training produced a NaN or infinite loss; training stopped there. */
export class NonFiniteLossError extends Error {
  override readonly name = "NonFiniteLossError";
  constructor(
    readonly loss: number,
    readonly epoch: number,
    readonly batch: number,
  ) {
    super(
      `loss became ${loss} at epoch ${epoch}, batch ${batch}: training stopped. ` +
        `Try a smaller learning rate, check the inputs for NaN, or use a weight initialization with a smaller scale.`,
    );
  }
}
