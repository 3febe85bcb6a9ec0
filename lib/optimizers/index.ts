export { type Optimizer, BaseOptimizer, checkUpdateArgs } from "./optimizer";
export { SGD, type SGDOptions } from "./sgd";
export { Momentum, type MomentumOptions } from "./momentum";
export { Nesterov, type NesterovOptions } from "./nesterov";
export { AdaGrad, type AdaGradOptions } from "./adaGrad";
export { RMSprop, type RMSpropOptions } from "./rmsprop";
export { Adam, type AdamOptions } from "./adam";
export { createOptimizer, type OptimizerName, type OptimizerParams } from "./createOptimizer";
