export { ParallelNet, type ParallelNetOptions } from "./parallelNet";
