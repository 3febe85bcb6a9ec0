export { Convolution, type ConvImpl, type ConvolutionOptions } from "./convolution";
export { Pooling, type PoolingOptions } from "./pooling";
