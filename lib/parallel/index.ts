export { ParallelNet, type ParallelNetOptions } from "./parallelNet";
export { buildNet, NET_SPEC_NAMES, type NetSpec } from "./netSpec";
