export { Engine, typescriptVersion, codePointsToOffset, offsetToCodePoints, type ExecuteOutcome, type Completion } from "./engine";
export { instrument } from "./instrument";
export { packageRoot, patchNodeResolution, patchTypeScriptSys, mapNnlabPath } from "./nnlabModule";
