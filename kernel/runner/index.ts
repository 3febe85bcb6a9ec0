export * from "./kernelspec";
export * from "./ansi";
export * from "./outputRecorder";
export * from "./kernelClient";
export * from "./runNotebook";
export * from "./runCommand";
