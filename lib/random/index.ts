export { Rng } from "./rng";
export { defaultRng, setSeed } from "./defaultRng";
