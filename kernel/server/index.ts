export { startKernel } from "./kernel";
