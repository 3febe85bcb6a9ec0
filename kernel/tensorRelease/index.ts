export { installTensorRelease, type ReleaseTrigger, type TensorRelease } from "./tensorRelease";
export { createMemoryShadow, memoryShadowTrigger, type MemoryShadow } from "./memoryShadow";
export { weakVariableRegistry, type VariableMap } from "./weakVariables";
