export type { Net, GradientResult } from "./net";
export { Sequential, type SequentialOptions, type LayerSummary } from "./sequential";
export { layerNamer } from "./layerNamer";
