import { createOptimizer, type OptimizerName } from "../optimizers/createOptimizer";
import type { Optimizer } from "../optimizers/optimizer";
import { Fields, toMessage } from "./fields";
import { SOLVER_SCHEMA, checkSchemaFields } from "./schemaFields";
import type { PrototxtMessage } from "./prototxt";

/** A solver spec: how to train a net, as Caffe's solver.prototxt says it (fields in camelCase). */
export interface SolverSpec {
  /** The net's schema file (`net:`), when given. */
  readonly net?: string;
  /** "SGD" (with momentum when momentum > 0), "Nesterov", "AdaGrad", "RMSProp" or "Adam". */
  readonly type: string;
  readonly baseLr: number;
  readonly momentum: number;
  /** Adam's second beta (`momentum2`, default 0.999). */
  readonly momentum2: number;
  /** "fixed", "step" (lr x gamma^floor(iter / stepsize)), "exp" (lr x gamma^iter) or "inv" (lr x (1 + gamma iter)^-power). */
  readonly lrPolicy: "fixed" | "step" | "exp" | "inv";
  readonly gamma: number;
  readonly stepsize: number;
  readonly power: number;
  /** L2 weight decay lambda. */
  readonly weightDecay: number;
  /** Training iterations (mini-batches). */
  readonly maxIter: number;
  /** Save the params every this many iterations (0: never). */
  readonly snapshot: number;
  readonly snapshotPrefix: string;
  /** Report the loss every this many iterations (0: never). */
  readonly display: number;
  /** Test every this many iterations (0: never), on testIter batches. */
  readonly testInterval: number;
  readonly testIter: number;
}

const TYPES: Record<string, OptimizerName> = { sgd: "sgd", nesterov: "nesterov", adagrad: "adagrad", rmsprop: "rmsprop", adam: "adam" };

/**
 * Parses a solver in Caffe's solver.prototxt format.
 *
 * @example
 * const s = parseSolver('base_lr: 0.01 momentum: 0.9 lr_policy: "step" gamma: 0.1 stepsize: 100 max_iter: 300');
 * learningRateAt(s, 150); // 0.001
 */
export function parseSolver(spec: string | PrototxtMessage): SolverSpec {
  const where = "parseSolver";
  const msg = toMessage(where, spec);
  checkSchemaFields(where, msg, SOLVER_SCHEMA, "the solver");
  const f = new Fields(where, msg);
  const type = f.string("type", f.string("solver_type", "SGD"));
  if (!(type.toLowerCase() in TYPES)) throw new RangeError(`${where}: type must be SGD, Nesterov, AdaGrad, RMSProp or Adam, got "${type}"`);
  const lrPolicy = f.string("lr_policy", "fixed");
  if (lrPolicy !== "fixed" && lrPolicy !== "step" && lrPolicy !== "exp" && lrPolicy !== "inv") {
    throw new RangeError(`${where}: lr_policy must be "fixed", "step", "exp" or "inv", got "${lrPolicy}"`);
  }
  const baseLr = f.number("base_lr");
  if (!(baseLr > 0)) throw new RangeError(`${where}: base_lr must be > 0, got ${baseLr}`);
  const s: SolverSpec = {
    net: f.msg.net === undefined ? undefined : f.string("net"),
    type,
    baseLr,
    momentum: f.number("momentum", 0),
    momentum2: f.number("momentum2", 0.999),
    lrPolicy,
    gamma: f.number("gamma", lrPolicy === "fixed" ? 1 : NaN),
    stepsize: f.int("stepsize", lrPolicy === "step" ? undefined : 1, 1),
    power: f.number("power", lrPolicy === "inv" ? NaN : 1),
    weightDecay: f.number("weight_decay", 0),
    maxIter: f.int("max_iter", undefined, 1),
    snapshot: f.int("snapshot", 0),
    snapshotPrefix: f.string("snapshot_prefix", "snapshot"),
    display: f.int("display", 0),
    testInterval: f.int("test_interval", 0),
    testIter: f.int("test_iter", 1, 1),
  };
  if (Number.isNaN(s.gamma)) throw new TypeError(`${where}: lr_policy "${lrPolicy}" needs gamma`);
  if (Number.isNaN(s.power)) throw new TypeError(`${where}: lr_policy "inv" needs power`);
  if (s.momentum < 0 || s.momentum >= 1) throw new RangeError(`${where}: momentum must be in [0, 1), got ${s.momentum}`);
  if (s.weightDecay < 0) throw new RangeError(`${where}: weight_decay must be >= 0, got ${s.weightDecay}`);
  return s;
}

/**
 * The learning rate at a 0-based iteration under the solver's lr_policy.
 *
 * @example
 * learningRateAt({ ...solver, lrPolicy: "step", baseLr: 0.01, gamma: 0.5, stepsize: 100 }, 250); // 0.0025
 */
export function learningRateAt(s: SolverSpec, iter: number): number {
  if (!Number.isInteger(iter) || iter < 0) throw new RangeError(`learningRateAt: iter must be a non-negative integer, got ${iter}`);
  switch (s.lrPolicy) {
    case "fixed":
      return s.baseLr;
    case "step":
      return s.baseLr * s.gamma ** Math.floor(iter / s.stepsize);
    case "exp":
      return s.baseLr * s.gamma ** iter;
    case "inv":
      return s.baseLr * (1 + s.gamma * iter) ** -s.power;
  }
}

/**
 * The optimizer a solver asks for, at base_lr: SGD becomes Momentum when momentum > 0;
 * Adam takes momentum and momentum2 as its betas.
 */
export function solverOptimizer(s: SolverSpec): Optimizer {
  const name = TYPES[s.type.toLowerCase()];
  if (name === "sgd")
    return s.momentum > 0 ? createOptimizer("momentum", { lr: s.baseLr, momentum: s.momentum }) : createOptimizer("sgd", { lr: s.baseLr });
  if (name === "nesterov") return createOptimizer("nesterov", { lr: s.baseLr, momentum: s.momentum || 0.9 });
  if (name === "adam") return createOptimizer("adam", { lr: s.baseLr, beta1: s.momentum || 0.9, beta2: s.momentum2 });
  return createOptimizer(name, { lr: s.baseLr });
}
