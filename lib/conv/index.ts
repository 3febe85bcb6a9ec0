export { convOutputSize, type RoundMode } from "./outputSize";
export { im2col } from "./im2col";
export { col2im } from "./col2im";
export type { WindowOptions } from "./options";
export { registerWasmConvGradients } from "./wasmKernels";
