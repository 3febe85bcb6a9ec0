/** How a window count that does not come out whole is rounded: "floor" drops the windows that do not fit (convolution everywhere, pooling by default); "ceil" adds a last window clipped to the padded input (Caffe's pooling). */
export type RoundMode = "floor" | "ceil";

/**
 * The output side of a convolution or pooling window sliding over one input side:
 * `OH = floor((H + 2P - D*(FH-1) - 1) / S) + 1` (with dilation D = 1 this is the book's
 * `(H + 2P - FH) / S + 1`, rounded down). Rounding down is what the book's im2col, PyTorch,
 * TensorFlow and Caffe's convolution do: the windows that do not fit are simply not taken.
 *
 * With `roundMode` "ceil" (Caffe's pooling) the count rounds up instead, so the last window
 * may reach past the padded input and is clipped to it; as in Caffe, a last window that would
 * start in the padding only is dropped.
 *
 * @example
 * convOutputSize(28, 3, 1, 1);            // 28
 * convOutputSize(28, 3, 2, 1);            // 14: (28 + 2*1 - 3) / 2 + 1 = 14.5, rounded down
 * convOutputSize(28, 3, 2);               // 13: 13.5 rounded down
 * convOutputSize(28, 3, 2, 0, 1, "ceil"); // 14
 */
export function convOutputSize(
  inputSize: number,
  filterSize: number,
  stride = 1,
  pad = 0,
  dilation = 1,
  roundMode: RoundMode = "floor",
): number {
  const where = "convOutputSize";
  checkInt(where, "inputSize", inputSize, 1);
  checkInt(where, "filterSize", filterSize, 1);
  checkInt(where, "stride", stride, 1);
  checkInt(where, "pad", pad, 0);
  checkInt(where, "dilation", dilation, 1);
  if (roundMode !== "floor" && roundMode !== "ceil")
    throw new RangeError(`${where}: roundMode must be "floor" or "ceil", got ${JSON.stringify(roundMode)}`);
  const span = dilation * (filterSize - 1) + 1;
  const formula =
    dilation === 1
      ? `(${inputSize} + 2*${pad} - ${filterSize}) / ${stride} + 1`
      : `(${inputSize} + 2*${pad} - ${dilation}*(${filterSize}-1) - 1) / ${stride} + 1`;
  const exact = (inputSize + 2 * pad - span) / stride + 1;
  if (exact < 1) {
    throw new RangeError(
      `${where}: the filter (size ${filterSize}, dilation ${dilation}, spanning ${span}) does not fit the ` +
        `input of size ${inputSize} with pad ${pad}: ${formula} = ${exact}, expected at least 1`,
    );
  }
  if (roundMode === "floor") return Math.floor(exact);
  let out = Math.ceil(exact);
  // Caffe's rule: the last window must start inside the image or the leading pad.
  if (pad > 0 && (out - 1) * stride >= inputSize + pad) out--;
  return out;
}

/** Throws a RangeError unless `value` is an integer >= min. Shared by the conv helpers. */
export function checkInt(where: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}
