export { profileLayers } from "./profileLayers";
export type { LayerProfile, LayerTiming, ProfileOptions, ProfiledNet } from "./profileLayers";
