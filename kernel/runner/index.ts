export * from "./findKernelSpec";
export * from "./outputRecorder";
export * from "./kernelClient";
export * from "./runNotebook";
export * from "./runCommand";
