export { checkOptions, optionKeys, type CheckOptionsWording } from "./checkOptions";
export { nearestName } from "./nearestName";
