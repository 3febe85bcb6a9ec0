export { he } from "./he";
export { xavier } from "./xavier";
export { normalStd } from "./normalStd";
export { zeros } from "./zeros";
export { weightInit, type WeightInit } from "./weightInit";
