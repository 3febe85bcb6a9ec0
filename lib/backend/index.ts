export { initBackend, backendInfo, onBackendSet } from "./backend";
export type { BackendInfo, BackendName } from "./backend";
