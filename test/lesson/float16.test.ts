import { roundToFloat16 } from "../../lib/lesson/float16";

describe("roundToFloat16", () => {
  it("keeps numbers float16 can hold exactly", () => {
    const exact = [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, 3 * 2 ** -24, 1 + 2 ** -10, -1000.5];
    expect(Array.from(roundToFloat16(exact))).toEqual(exact);
  });

  it("rounds to the nearest float16 with 10 mantissa bits", () => {
    // Between 1 and 2 float16 steps are 2^-10: 0.1 lies between two steps of 2^-14 there.
    const [r] = roundToFloat16([0.1]);
    const step = 2 ** -14;
    expect(Math.abs(r - 0.1)).toBeLessThanOrEqual(step / 2);
    expect(r / step).toBe(Math.round(r / step));
    expect(r).not.toBe(Math.fround(0.1));
  });

  it("breaks ties to the even mantissa", () => {
    const ulp = 2 ** -10;
    const out = roundToFloat16([1 + ulp / 2, 1 + 3 * (ulp / 2), 2 ** -24 * 1.5, 2 ** -24 * 2.5]);
    expect(Array.from(out)).toEqual([1, 1 + 2 * ulp, 2 * 2 ** -24, 2 * 2 ** -24]);
  });

  it("overflows to infinity and underflows to signed zero", () => {
    const out = roundToFloat16([65520, -1e6, 2 ** -26, -(2 ** -26)]);
    expect(out[0]).toBe(Infinity);
    expect(out[1]).toBe(-Infinity);
    expect(Object.is(out[2], 0)).toBe(true);
    expect(Object.is(out[3], -0)).toBe(true);
  });

  it("keeps NaN and infinities", () => {
    const out = roundToFloat16([NaN, Infinity, -Infinity]);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(Infinity);
    expect(out[2]).toBe(-Infinity);
  });

  it("has a relative error of at most 2^-11 over the normal range", () => {
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.fround((i + 1) * 0.0137 - 6.7));
    const out = roundToFloat16(values);
    values.forEach((v, i) => expect(Math.abs(out[i] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11 + 2 ** -25));
  });

  it("rejects what is not an array of numbers", () => {
    expect(() => roundToFloat16("abc" as unknown as number[])).toThrow(/roundToFloat16: values must be a Float32Array/);
  });
});
