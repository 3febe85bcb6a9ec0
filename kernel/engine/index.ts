export { typescriptVersion } from "./tslabCompiler";
export { Engine, codePointsToOffset, offsetToCodePoints, type ExecuteOutcome, type Completion } from "./engine";
export { instrument } from "./instrument";
export { fullGc, fullGcTrigger, settledFullGc } from "./fullGc";
export { declaredNames, expandShorthands, type ExpandedCell, type TextPos } from "./shorthand";
export { packageRoot, patchNodeResolution, patchTypeScriptSys, mapNnlabPath } from "./nnlabModule";
