/**
 * Numbers layer names per kind, the way the book names them: the first Affine is "Affine1",
 * the second "Affine2"; Relu1, Conv1, Pool1, BatchNorm1, Dropout1 likewise.
 *
 * @example
 * const name = layerNamer();
 * name("Affine"); // "Affine1"
 * name("Relu");   // "Relu1"
 * name("Affine"); // "Affine2"
 */
export function layerNamer(): (kind: string) => string {
  const counts = new Map<string, number>();
  return (kind) => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    return `${kind}${n}`;
  };
}
