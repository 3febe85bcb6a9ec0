import { Rng, defaultRng, setSeed } from "../../lib/random";
import { stats } from "../helpers/stats";

describe("Rng", () => {
  test("the same seed gives the same stream; different seeds differ", () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const c = new Rng(124);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    const sb = Array.from({ length: 20 }, () => b.nextUint32());
    const sc = Array.from({ length: 20 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(new Set(sa).size).toBe(20);
  });

  test("seeds 0, negative and above 2^32 work and differ", () => {
    const firsts = [0, 1, -1, 2 ** 32, 2 ** 32 + 1].map((s) => new Rng(s).uniform());
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  test("uniform is in [0, 1) with mean 1/2 and variance 1/12", () => {
    const r = new Rng(1);
    const xs = r.uniformArray(20000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, std } = stats(xs);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(std - Math.sqrt(1 / 12)) / Math.sqrt(1 / 12)).toBeLessThan(0.02);
    const ys = Array.from({ length: 1000 }, () => r.uniform(-3, 5));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...ys)).toBeLessThan(5);
  });

  test("normal has mean 0, std 1, and about 68% within one std", () => {
    const xs = new Rng(2).normalArray(20000);
    const { mean, std } = stats(xs);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    const within = xs.filter((x) => Math.abs(x) < 1).length / xs.length;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.015);
    const shifted = new Rng(2).normalArray(20000, 3, 0.5);
    const s2 = stats(shifted);
    expect(Math.abs(s2.mean - 3)).toBeLessThan(0.02);
    expect(Math.abs(s2.std - 0.5)).toBeLessThan(0.02);
  });

  test("int covers 0..n-1 evenly", () => {
    const r = new Rng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) counts[r.int(7)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(r.int(1)).toBe(0);
  });

  test("permutation holds each index once; shuffle keeps the elements", () => {
    const p = new Rng(4).permutation(100);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const arr = ["a", "b", "c", "d", "e"];
    const out = new Rng(5).shuffle(arr);
    expect(out).toBe(arr);
    expect([...arr].sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(Array.from(new Rng(9).permutation(10))).toEqual(Array.from(new Rng(9).permutation(10)));
  });

  test("errors name the method and the value", () => {
    expect(() => new Rng(1.5)).toThrow("Rng: seed must be a safe integer, got number 1.5");
    expect(() => new Rng("7" as unknown as number)).toThrow(TypeError);
    expect(() => new Rng(1).int(0)).toThrow("Rng.int: n must be an integer in [1, 2^32], got number 0");
    expect(() => new Rng(1).permutation(-1)).toThrow(RangeError);
    expect(() => new Rng(1).uniform(2, 1)).toThrow("lo 2, hi 1");
    expect(() => new Rng(1).normal(0, -1)).toThrow(RangeError);
  });
});

describe("setSeed / defaultRng", () => {
  test("setSeed makes the default stream repeat exactly", () => {
    setSeed(42);
    const a = [defaultRng().uniform(), defaultRng().normal(), defaultRng().int(1000)];
    setSeed(42);
    const b = [defaultRng().uniform(), defaultRng().normal(), defaultRng().int(1000)];
    expect(a).toEqual(b);
    expect(a[0]).toBe(new Rng(42).uniform());
  });

  test("setSeed rejects a non-integer", () => {
    expect(() => setSeed(NaN)).toThrow("seed must be a safe integer, got number NaN");
  });
});
