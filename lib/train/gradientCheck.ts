import type * as tf from "@tensorflow/tfjs-core";
import { toMimeBundle, type MimeBundle } from "../ground/displaySeam";
import type { Net } from "../nets/net";
import { htmlTable } from "../ground/html";
import { textTable, type Align } from "../nets/table";
import { numericalGradientAt } from "./numericalGradient";
import { describeValue } from "../errors";
import { checkOptions, optionKeys } from "../options/checkOptions";

/** Options of {@link gradientCheck}. */
export interface GradientCheckOptions {
  /**
   * The finite-difference step (default 3e-4). Two errors pull against each other: the loss
   * is float32, so its rounding error (~1e-7 of the loss) is divided by 2h and grows as h
   * shrinks; and a step crosses ReLU and max-pool kinks, which grow with h (a first-layer
   * conv bias moves thousands of ReLUs). 3e-4 is near the best of both for the book's nets.
   */
  readonly h?: number;
  /**
   * Largest relative error that passes (default 2e-2). In float32 a correct backward lands
   * around 1e-3 (up to ~1e-2 in the first layers of a deep conv net, from the kinks), a
   * wrong one (a missing factor, a wrong sign, a transposed product) above 1e-1; float64's
   * usual 1e-6 is out of reach.
   */
  readonly tolerance?: number;
  /**
   * A param also passes when max |a - n| <= atol (default 1e-4): its gradient is at float32
   * noise level, e.g. the bias of an Affine followed by BatchNorm, whose true gradient is 0.
   */
  readonly atol?: number;
  /** Param names to check (default: all of `net.params()`). */
  readonly params?: readonly string[];
  /**
   * Entries checked per param (default 40, evenly spread over the param): two forward passes
   * per entry, so checking every weight of a conv net would take minutes. `Infinity` checks all.
   */
  readonly maxEntries?: number;
}

const GRADIENT_CHECK_KEYS = optionKeys<GradientCheckOptions>({ h: true, tolerance: true, atol: true, params: true, maxEntries: true });

/** The result for one param. */
export interface ParamCheck {
  /** Entries compared. */
  readonly checked: number;
  /** Entries in the param. */
  readonly size: number;
  /** max |analytic - numerical| over the checked entries. */
  readonly maxAbsDiff: number;
  /**
   * max |a - n| over the checked entries / max(max |a| over the whole param, max |n|, 1e-12):
   * the worst difference measured against the size of this param's gradient, so tiny
   * entries do not blow it up.
   */
  readonly relativeError: number;
  readonly pass: boolean;
}

/**
 * What {@link gradientCheck} found: one row per param and an overall verdict. Displays itself
 * as a table with pass/fail.
 */
export class GradientCheckReport {
  constructor(
    /** One result per checked param, by name, in the net's order. */
    readonly params: Readonly<Record<string, ParamCheck>>,
    readonly tolerance: number,
    readonly h: number,
    readonly atol: number,
  ) {}

  /** True when every checked param passed. */
  get pass(): boolean {
    return Object.values(this.params).every((p) => p.pass);
  }

  /** The result for a param name (undefined when it was not checked). */
  get(name: string): ParamCheck | undefined {
    return Object.prototype.hasOwnProperty.call(this.params, name) ? this.params[name] : undefined;
  }

  [toMimeBundle](): MimeBundle {
    const headers = ["param", "checked", "max |a - n|", "relative error", "result"];
    const align: Align[] = ["left", "right", "right", "right", "left"];
    const rows = Object.entries(this.params).map(([name, p]) => [
      name,
      p.checked === p.size ? String(p.size) : `${p.checked} of ${p.size}`,
      p.maxAbsDiff.toExponential(2),
      p.relativeError.toExponential(2),
      p.pass ? "pass" : "FAIL",
    ]);
    const title = `gradient check: ${this.pass ? "PASS" : "FAIL"} (tolerance ${this.tolerance}, atol ${this.atol}, h ${this.h})`;
    return { "text/plain": `${title}\n${textTable(headers, rows, align)}`, "text/html": htmlTable(headers, rows, align, title) };
  }
}

function evenlySpread(size: number, count: number): number[] {
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < count; k++) out.push(Math.floor(((k + 0.5) * size) / count));
  return out;
}

/**
 * Compares the net's backward (`net.gradient(x, t)`) with centered differences of
 * `net.loss(x, t, { train: true })`, param by param. Train mode is used for both, so
 * BatchNorm uses batch statistics on both sides; a net with Dropout must be checked with a
 * dropout ratio of 0 (or a mask that repeats), since every forward draws a new mask.
 * The net's params and state (BatchNorm's running statistics) are restored afterwards.
 *
 * @example
 * const report = gradientCheck(net, x, t, { maxEntries: 20 });
 * report.pass; // true for a correct backward
 */
export function gradientCheck(net: Net, x: tf.Tensor, t: tf.Tensor, options: GradientCheckOptions = {}): GradientCheckReport {
  const where = "gradientCheck";
  checkOptions(where, options, GRADIENT_CHECK_KEYS);
  const { h = 3e-4, tolerance = 2e-2, atol = 1e-4, maxEntries = 40 } = options;
  if (typeof net !== "object" || net === null || typeof net.gradient !== "function" || typeof net.params !== "function") {
    throw new TypeError(`${where}: net must be a Net (gradient, loss, params), got ${describeValue(net)}`);
  }
  if (!Number.isFinite(h) || h <= 0) throw new RangeError(`${where}: h must be a finite number > 0, got ${String(h)}`);
  if (!Number.isFinite(tolerance) || tolerance <= 0)
    throw new RangeError(`${where}: tolerance must be a finite number > 0, got ${String(tolerance)}`);
  if (!Number.isFinite(atol) || atol < 0) throw new RangeError(`${where}: atol must be a finite number >= 0, got ${String(atol)}`);
  if (!(maxEntries === Infinity || (Number.isInteger(maxEntries) && maxEntries >= 1))) {
    throw new RangeError(`${where}: maxEntries must be a positive integer or Infinity, got ${String(maxEntries)}`);
  }
  const all = net.params();
  const names = options.params ?? Object.keys(all);
  for (const name of names) {
    if (!(name in all))
      throw new RangeError(`${where}: params names "${name}", which the net does not have (it has: ${Object.keys(all).join(", ")})`);
  }

  // Train-mode forwards update running statistics; the check must not change the net.
  const state = net.state();
  const savedState = Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.clone()]));
  try {
    const { grads } = net.gradient(x, t);
    const analytic = new Map<string, Float32Array>();
    for (const name of names) analytic.set(name, grads[name].dataSync().slice() as Float32Array);

    const f = () => {
      const L = net.loss(x, t, { train: true });
      const v = L.dataSync()[0];
      L.dispose();
      return v;
    };
    const rows: Record<string, ParamCheck> = {};
    for (const name of names) {
      const p = all[name];
      const indices = evenlySpread(p.size, maxEntries);
      const numerical = numericalGradientAt(f, p, indices, h);
      const a = analytic.get(name) as Float32Array;
      let maxAbsDiff = 0;
      let scale = 0;
      for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
      indices.forEach((i, k) => {
        const diff = Math.abs(a[i] - numerical[k]);
        maxAbsDiff = Number.isNaN(diff) ? NaN : Math.max(maxAbsDiff, diff);
        scale = Math.max(scale, Math.abs(numerical[k]));
      });
      const relativeError = Number.isNaN(maxAbsDiff) ? NaN : maxAbsDiff / Math.max(scale, 1e-12);
      const pass = relativeError <= tolerance || maxAbsDiff <= atol;
      rows[name] = { checked: indices.length, size: p.size, maxAbsDiff, relativeError, pass };
    }
    return new GradientCheckReport(rows, tolerance, h, atol);
  } finally {
    for (const [k, v] of Object.entries(state)) {
      v.assign(savedState[k]);
      savedState[k].dispose();
    }
  }
}
