export { softmax } from "./softmax";
export { crossEntropyError, CROSS_ENTROPY_DELTA } from "./crossEntropyError";
export { svmLoss } from "./svmLoss";
export type { SvmLossOptions } from "./svmLoss";
export { sigmoid } from "./sigmoid";
