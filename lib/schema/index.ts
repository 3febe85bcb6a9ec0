export { parsePrototxt, PrototxtSyntaxError, type PrototxtMessage, type PrototxtValue } from "./prototxt";
export { netFromSchema, SCHEMA_LAYER_TYPES, type NetFromSchemaOptions } from "./netFromSchema";
export { parseSolver, learningRateAt, solverOptimizer, type SolverSpec } from "./solver";
export { copyMatchingParams } from "./copyMatchingParams";
export { solve, snapshotFiles, type SolveOptions, type SolveResult } from "./solve";
