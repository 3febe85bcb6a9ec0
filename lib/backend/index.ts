export { initBackend, backendInfo } from "./backend";
export type { BackendInfo, BackendName } from "./backend";
