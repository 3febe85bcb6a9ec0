import type { Tensor } from "@tensorflow/tfjs-core";

type Numeric = Tensor | ArrayLike<number> | number;

function toArray(v: Numeric): { values: Float64Array; shape?: number[] } {
  if (typeof v === "number") return { values: Float64Array.of(v) };
  if (typeof (v as Tensor).dataSync === "function") {
    const t = v as Tensor;
    return { values: Float64Array.from(t.dataSync() as Float32Array), shape: t.shape };
  }
  return { values: Float64Array.from(v as ArrayLike<number>) };
}

/**
 * Asserts |actual - expected| <= atol + rtol * |expected| elementwise, and equal shapes when
 * both sides are tensors. The message names the worst element and both values.
 */
export function expectClose(actual: Numeric, expected: Numeric, { atol = 1e-5, rtol = 1e-4 }: { atol?: number; rtol?: number } = {}): void {
  const a = toArray(actual);
  const e = toArray(expected);
  if (a.shape && e.shape && a.shape.join(",") !== e.shape.join(",")) {
    throw new Error(`expectClose: shapes differ, [${a.shape.join(", ")}] != [${e.shape.join(", ")}]`);
  }
  if (a.values.length !== e.values.length) {
    throw new Error(`expectClose: lengths differ, ${a.values.length} != ${e.values.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < a.values.length; i++) {
    const diff = Math.abs(a.values[i] - e.values[i]);
    const excess = diff - (atol + rtol * Math.abs(e.values[i]));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(
      `expectClose: element ${worst} is ${a.values[worst]}, expected ${e.values[worst]} ` +
        `(atol ${atol}, rtol ${rtol}; ${a.values.length} elements)`,
    );
  }
}
