import * as tf from "@tensorflow/tfjs-core";
import { formatShape } from "../errors";

/**
 * An optimizer updates a net's params in place from their gradients (the book's
 * `optimizer.update(params, grads)`). State (velocities, squared-gradient sums) is kept per
 * param name, so one optimizer serves one net.
 */
export interface Optimizer {
  /** "SGD", "Adam", ... */
  readonly name: string;
  /** The learning rate; may be changed between updates (learning-rate decay). */
  lr: number;
  /**
   * Assigns new values to every param. `grads` must hold a tensor of the same shape under
   * every param name, and nothing else. The grads are read, not disposed.
   */
  update(params: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void;
  /** Frees the per-param state; the next update starts from scratch. */
  dispose(): void;
}

/** Throws a RangeError unless value is a finite number in the given range. */
export function checkHyper(
  where: string,
  argument: string,
  value: number,
  min: number,
  max: number,
  openMin = false,
  openMax = false,
): void {
  const ok =
    typeof value === "number" && Number.isFinite(value) && (openMin ? value > min : value >= min) && (openMax ? value < max : value <= max);
  if (!ok) {
    const lo = openMin ? `> ${min}` : `>= ${min}`;
    const hi = max === Infinity ? "" : openMax ? ` and < ${max}` : ` and <= ${max}`;
    throw new RangeError(`${where}: ${argument} must be a finite number ${lo}${hi}, got ${String(value)}`);
  }
}

/**
 * Checks that params and grads pair up by name and shape; the message names both sides.
 * Shared by every optimizer so they fail the same way.
 */
export function checkUpdateArgs(
  where: string,
  params: Readonly<Record<string, tf.Variable>>,
  grads: Readonly<Record<string, tf.Tensor>>,
): void {
  if (typeof params !== "object" || params === null)
    throw new TypeError(`${where}: params must be an object of tf.Variable by name, got ${String(params)}`);
  if (typeof grads !== "object" || grads === null)
    throw new TypeError(`${where}: grads must be an object of tf.Tensor by name, got ${String(grads)}`);
  for (const key of Object.keys(grads)) {
    if (!(key in params)) {
      throw new RangeError(`${where}: grad "${key}" has no param of that name (params: ${Object.keys(params).join(", ") || "none"})`);
    }
  }
  for (const [key, p] of Object.entries(params)) {
    if (!(p instanceof tf.Variable)) throw new TypeError(`${where}: param "${key}" must be a tf.Variable, got ${typeof p}`);
    if (p.isDisposed) throw new Error(`${where}: param "${key}" was disposed (the net was disposed); build a new net to train`);
    const g = grads[key];
    if (g === undefined) throw new RangeError(`${where}: param "${key}" has no grad (grads: ${Object.keys(grads).join(", ") || "none"})`);
    if (!(g instanceof tf.Tensor)) throw new TypeError(`${where}: grad "${key}" must be a tf.Tensor, got ${typeof g}`);
    if (g.isDisposed) throw new Error(`${where}: grad "${key}" was already disposed`);
    if (g.shape.length !== p.shape.length || g.shape.some((d, i) => d !== p.shape[i])) {
      throw new RangeError(
        `${where}: grad "${key}" has shape ${formatShape(g.shape)} but param "${key}" has shape ${formatShape(p.shape)}`,
      );
    }
  }
}

/**
 * The shared part of the book's optimizers: argument checks, per-param state variables
 * created lazily as zeros, and freeing them. Subclasses write `step` with the update rule.
 */
export abstract class BaseOptimizer implements Optimizer {
  abstract readonly name: string;
  lr: number;
  /** State variables by slot ("v", "h", "m") and then param name. */
  private readonly slots = new Map<string, Map<string, tf.Variable>>();
  private updates = 0;

  protected constructor(lr: number) {
    this.lr = lr;
  }

  update(params: Readonly<Record<string, tf.Variable>>, grads: Readonly<Record<string, tf.Tensor>>): void {
    const where = `${this.name}.update`;
    checkUpdateArgs(where, params, grads);
    checkHyper(where, "lr", this.lr, 0, Infinity, true);
    this.beforeStep();
    this.updates++;
    for (const [key, p] of Object.entries(params)) {
      const g = grads[key];
      tf.tidy(() => this.step(key, p, g));
    }
  }

  /** Called once per update before the per-param steps (Adam counts iterations here). */
  protected beforeStep(): void {}

  /** Applies the rule to one param (runs inside tf.tidy; assign the results). */
  protected abstract step(key: string, p: tf.Variable, g: tf.Tensor): void;

  /** The state variable `slot` of param `key`, created as zeros of p's shape on first use. */
  protected slot(slot: string, key: string, p: tf.Variable): tf.Variable {
    let bySlot = this.slots.get(slot);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.slots.set(slot, bySlot);
    }
    let v = bySlot.get(key);
    if (v !== undefined && v.shape.some((d, i) => d !== p.shape[i])) {
      throw new RangeError(
        `${this.name}.update: param "${key}" has shape ${formatShape(p.shape)} but this optimizer's state for it has shape ` +
          `${formatShape(v.shape)}; use a new optimizer for a new net`,
      );
    }
    if (v === undefined) {
      // tf.variable shares the zeros' buffer; tidy frees the temporary tensor handle.
      v = tf.tidy(() => tf.variable(tf.zeros(p.shape), false));
      bySlot.set(key, v);
    }
    return v;
  }

  /** Current state tensors by "slot/param", for inspection and tests (shared, do not dispose). */
  stateTensors(): Record<string, tf.Variable> {
    const out: Record<string, tf.Variable> = {};
    for (const [slot, bySlot] of this.slots) for (const [key, v] of bySlot) out[`${slot}/${key}`] = v;
    return out;
  }

  dispose(): void {
    for (const bySlot of this.slots.values()) for (const v of bySlot.values()) v.dispose();
    this.slots.clear();
    this.updates = 0;
    this.reset();
  }

  /** Updates made since the state was last dropped (Adam's t); a solver snapshot saves it. */
  get updateCount(): number {
    return this.updates;
  }

  /**
   * Replaces the state with copies of saved tensors ("slot/param", as {@link stateTensors}
   * names them) and the update count, so training resumes where a solver snapshot left it.
   */
  restoreState(state: Readonly<Record<string, tf.Tensor>>, updateCount: number): void {
    if (!Number.isInteger(updateCount) || updateCount < 0)
      throw new RangeError(`${this.name}.restoreState: updateCount must be an integer >= 0, got ${updateCount}`);
    this.dispose();
    for (const [name, t] of Object.entries(state)) {
      const cut = name.indexOf("/");
      if (cut <= 0) throw new RangeError(`${this.name}.restoreState: state names are "slot/param", got "${name}"`);
      const slot = name.slice(0, cut);
      if (!this.slots.has(slot)) this.slots.set(slot, new Map());
      this.slots.get(slot)!.set(name.slice(cut + 1), tf.variable(t, false));
    }
    this.updates = updateCount;
    this.restoreCount(updateCount);
  }

  /** Sets counters kept beside the state (Adam's t) when a snapshot is restored. */
  protected restoreCount(_updateCount: number): void {}

  /** Clears counters when the state is dropped. */
  protected reset(): void {}
}
