export { initBackend, backendInfo, onBackendSet } from "./backend";
export type { BackendInfo, BackendName } from "./backend";
// Registers nnlab's wasm convolution-gradient kernels as a backend hook before any backend is picked.
import "../conv/wasmKernels";
