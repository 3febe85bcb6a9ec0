/**
 * The error classes nnlab throws where a caller may want to catch one kind specifically.
 * Everything else uses the built-in classes by meaning (TypeError, RangeError).
 */

/** Formats a shape the way messages show it: `[2, 1, 28, 28]`. */
export function formatShape(shape: readonly (number | null | string)[]): string {
  return `[${shape.map((d) => (d === null ? "?" : String(d))).join(", ")}]`;
}

/**
 * Describes a value that arrived where something else was expected, for error messages:
 * `null`, `an array of length 3`, `a Tensor of shape [2, 3]`, `an object (Foo)`, `the string "x"`,
 * `number 1.5`.
 *
 * @example
 * throw new TypeError(`Trainer: net must be a Net, got ${describeValue(net)}`);
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "..." : value)}`;
  if (typeof value === "object") {
    const shape = (value as { shape?: unknown }).shape;
    const isTensor = Array.isArray(shape) && typeof (value as { dtype?: unknown }).dtype === "string";
    if (isTensor) return `a Tensor of shape ${formatShape(shape as number[])}`;
    return `an object (${(value.constructor as { name?: string } | undefined)?.name ?? "Object"})`;
  }
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (typeof value === "symbol") return `a symbol (${value.description ?? ""})`;
  // What is left is a number, a boolean or a bigint, which print as themselves.
  const primitive = value as number | boolean | bigint;
  return `${typeof value} ${String(primitive)}`;
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
