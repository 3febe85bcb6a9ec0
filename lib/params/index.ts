export { saveParams } from "./saveParams";
export { loadParams } from "./loadParams";
export { readParamsFile } from "./readParamsFile";
export type { ParamsOwner } from "./netTensors";
export { PARAMS_FORMAT, PARAMS_MAGIC, PARAMS_VERSION, type ParamsFile, type ParamsHeader, type ParamsTensorEntry } from "./format";
