export { Engine, typescriptVersion, codePointsToOffset, offsetToCodePoints, type ExecuteOutcome, type Completion } from "./engine";
export { instrument } from "./instrument";
export { releaseRebound, snapshotTensors, type TensorSnapshot } from "./rebinding";
export { declaredNames, expandShorthands, type ExpandedCell, type TextPos } from "./shorthand";
export { packageRoot, patchNodeResolution, patchTypeScriptSys, mapNnlabPath } from "./nnlabModule";
