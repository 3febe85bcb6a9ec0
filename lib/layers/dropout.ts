import * as tf from "@tensorflow/tfjs-core";
import type { Tensor, Variable } from "@tensorflow/tfjs-core";
import { checkDout, checkFloatTensor, noForwardError } from "./checks";
import type { ForwardOptions, Layer } from "./layer";
import { checkOptions, optionKeys } from "../options/checkOptions";
import { mulberry32 } from "../random/mulberry32";
import { checkForwardOptions } from "./layer";

/** Options of {@link Dropout}. */
export interface DropoutOptions {
  /** The probability of dropping a unit in training, in [0, 1) (default 0.5). */
  readonly ratio?: number;
  /**
   * Makes the masks repeatable: two Dropout layers built with the same seed draw the same
   * sequence of masks. Without one, masks differ from run to run.
   */
  readonly seed?: number;
  /** The layer's name in its net (default "Dropout"). */
  readonly name?: string;
}

// The option names of DropoutOptions, listed once: checkOptions makes a misspelt one an error instead of a silent default.
const DROPOUT_KEYS = optionKeys<DropoutOptions>({ ratio: true, seed: true, name: true });

/**
 * Dropout, the book's variant: in training (`{ train: true }`) each unit is kept with
 * probability `1 - ratio` and zeroed otherwise, without rescaling; in evaluation (the
 * default) every unit is kept and scaled by `1 - ratio`, so the expected output matches
 * training. Backward multiplies dout by the same mask (training) or by `1 - ratio`
 * (evaluation).
 *
 * @example
 * const drop = new Dropout({ ratio: 0.5, seed: 42 });
 * const yTrain = drop.forward(x, { train: true });  // about half the units zeroed
 * const yEval = drop.forward(x);                    // x * 0.5
 */
export class Dropout implements Layer {
  readonly name: string;
  readonly ratio: number;
  readonly seed: number | undefined;
  readonly params: Readonly<Record<string, Variable>> = Object.freeze({});
  readonly grads: Readonly<Record<string, Tensor>> = Object.freeze({});
  readonly state: Readonly<Record<string, Variable>> = Object.freeze({});
  /** The train-mode mask (1 keep, 0 drop), or the eval scale with the output shape. */
  private last?: { mask: Tensor } | { scale: number; shape: number[] };
  /** The seeded generator that hands each forward its own mask seed (none when unseeded). */
  private readonly nextMaskSeed: (() => number) | undefined;
  private readonly whereForward: string;
  private readonly whereBackward: string;

  constructor(options: DropoutOptions = {}) {
    checkOptions("Dropout", options, DROPOUT_KEYS);
    const { ratio = 0.5, seed, name = "Dropout" } = options;
    const where = `Dropout "${name}" constructor`;
    if (typeof ratio !== "number" || !(ratio >= 0 && ratio < 1)) {
      throw new RangeError(`${where}: ratio must be a number in [0, 1), got ${String(ratio)}`);
    }
    if (seed !== undefined && !Number.isInteger(seed)) {
      throw new TypeError(`${where}: seed must be an integer, got ${String(seed)}`);
    }
    this.name = name;
    this.ratio = ratio;
    this.seed = seed;
    this.nextMaskSeed = seed === undefined ? undefined : mulberry32(seed);
    this.whereForward = `Dropout "${name}" forward`;
    this.whereBackward = `Dropout "${name}" backward`;
  }

  /** The mask of the last train-mode forward (1 kept, 0 dropped); owned by the layer. */
  get mask(): Tensor | undefined {
    return this.last !== undefined && "mask" in this.last ? this.last.mask : undefined;
  }

  forward(x: Tensor, opts: ForwardOptions = {}): Tensor {
    checkForwardOptions(this.whereForward, opts);
    const { train = false } = opts;
    checkFloatTensor(this.whereForward, "input", x);
    this.disposeMask();
    if (!train) {
      const scale = 1 - this.ratio;
      this.last = { scale, shape: x.shape.slice() };
      return tf.mul(x, scale);
    }
    const [y, mask] = tf.tidy(() => {
      const u = tf.randomUniform(x.shape, 0, 1, "float32", this.nextMaskSeed?.());
      const mask = tf.cast(tf.greater(u, this.ratio), "float32");
      return [tf.mul(x, mask), mask];
    });
    this.last = { mask: tf.keep(mask) };
    return y;
  }

  backward(dout: Tensor): Tensor {
    const last = this.last;
    if (last === undefined) throw noForwardError(this.whereBackward);
    if ("mask" in last) {
      checkDout(this.whereBackward, dout, last.mask.shape);
      return tf.mul(dout, last.mask);
    }
    checkDout(this.whereBackward, dout, last.shape);
    return tf.mul(dout, last.scale);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  dispose(): void {
    this.disposeMask();
  }

  private disposeMask(): void {
    if (this.last !== undefined && "mask" in this.last) this.last.mask.dispose();
    this.last = undefined;
  }
}
