export { numericalGradient } from "./numericalGradient";
export { gradientCheck, GradientCheckReport, type GradientCheckOptions, type ParamCheck } from "./gradientCheck";
export { accuracy, type AccuracyOptions } from "./accuracy";
export { predictClasses, type PredictClassesOptions } from "./predictClasses";
export { confusionMatrix, type ConfusionMatrix, type ConfusionMatrixOptions } from "./confusionMatrix";
export type { EvalData, LabelledTensors } from "./predictLabels";
export { History, type EpochRecord } from "./history";
export { Trainer, type TrainerOptions, type BatchInfo } from "./trainer";
