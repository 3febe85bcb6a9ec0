export type { Net, GradientResult } from "./net";
export { Sequential, type SequentialOptions, type LayerSummary } from "./sequential";
export { layerNamer } from "./layerNamer";
export { TwoLayerNet, type TwoLayerNetOptions } from "./twoLayerNet";
export { MultiLayerNet, type MultiLayerNetOptions } from "./multiLayerNet";
export { SimpleConvNet, type SimpleConvNetOptions } from "./simpleConvNet";
export { DeepConvNet, type DeepConvNetOptions } from "./deepConvNet";
export type { WeightInitKind } from "./weights";
export { tfjsDeepConvNet, type TfjsDeepConvNetOptions } from "./tfjsDeepConvNet";
