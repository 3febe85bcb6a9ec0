export type { Dataset } from "./dataset";
export { makeDataset, type DatasetParts } from "./makeDataset";
export { parseIdx, readIdx, clearIdxCache, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, type IdxFile } from "./idx";
export type { LoadMnistOptions, TrainTest } from "./idxDataset";
export { loadMnist, mnistDataDir, MNIST_CLASS_NAMES } from "./mnist";
export { loadFashionMnist, fashionMnistDir, FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_SYSTEM_DIR } from "./fashionMnist";
export { batchTensors, type BatchOptions } from "./batchTensors";
export { subset, take } from "./subset";
export * from "./augment";
