/**
 * The output side of a convolution or pooling window sliding over one input side:
 * `OH = (H + 2P - D*(FH-1) - 1) / S + 1` (with dilation D = 1 this is the book's
 * `(H + 2P - FH) / S + 1`).
 *
 * Combinations that do not tile the padded input exactly are rejected rather than rounded,
 * so a lesson sees the mistake instead of a silently cropped image.
 *
 * @example
 * convOutputSize(28, 3, 1, 1); // 28
 * convOutputSize(28, 2, 2);    // 14
 * convOutputSize(28, 3, 2);    // RangeError: (28 + 2*0 - 3) / 2 + 1 = 13.5 is not an integer
 */
export function convOutputSize(inputSize: number, filterSize: number, stride = 1, pad = 0, dilation = 1): number {
  const where = "convOutputSize";
  checkInt(where, "inputSize", inputSize, 1);
  checkInt(where, "filterSize", filterSize, 1);
  checkInt(where, "stride", stride, 1);
  checkInt(where, "pad", pad, 0);
  checkInt(where, "dilation", dilation, 1);
  const span = dilation * (filterSize - 1) + 1;
  const formula =
    dilation === 1
      ? `(${inputSize} + 2*${pad} - ${filterSize}) / ${stride} + 1`
      : `(${inputSize} + 2*${pad} - ${dilation}*(${filterSize}-1) - 1) / ${stride} + 1`;
  const out = (inputSize + 2 * pad - span) / stride + 1;
  if (out < 1) {
    throw new RangeError(
      `${where}: the filter (size ${filterSize}, dilation ${dilation}, spanning ${span}) does not fit the ` +
        `input of size ${inputSize} with pad ${pad}: ${formula} = ${out}, expected at least 1`,
    );
  }
  if (!Number.isInteger(out)) {
    throw new RangeError(
      `${where}: input size ${inputSize}, filter size ${filterSize}, stride ${stride}, pad ${pad}` +
        (dilation === 1 ? "" : `, dilation ${dilation}`) +
        ` do not fit: ${formula} = ${out} is not an integer`,
    );
  }
  return out;
}

/** Throws a RangeError unless `value` is an integer >= min. Shared by the conv helpers. */
export function checkInt(where: string, name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${where}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}
