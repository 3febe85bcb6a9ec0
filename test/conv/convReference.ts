/**
 * Plain-loop float64 convolution in the book's layout (x [N, C, H, W], W [FN, C, FH, FW]),
 * with its exact gradients: the oracle the convolution tests compare with.
 */
export interface RefSpec {
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
  OH: number;
  OW: number;
}

/** Square stride/pad/dilation as a RefSpec, output size from the usual formula. */
export function refSpec(H: number, W: number, FH: number, FW: number, S: number, P: number, D: number): RefSpec {
  const OH = Math.floor((H + 2 * P - D * (FH - 1) - 1) / S) + 1;
  const OW = Math.floor((W + 2 * P - D * (FW - 1) - 1) / S) + 1;
  return { sh: S, sw: S, dh: D, dw: D, top: P, left: P, OH, OW };
}

type Shape4 = readonly [number, number, number, number];

function visit(xShape: Shape4, wShape: Shape4, s: RefSpec, f: (xi: number, wi: number, yi: number) => void): void {
  const [N, C, H, W] = xShape;
  const [FN, , FH, FW] = wShape;
  for (let n = 0; n < N; n++)
    for (let k = 0; k < FN; k++)
      for (let oh = 0; oh < s.OH; oh++)
        for (let ow = 0; ow < s.OW; ow++) {
          const yi = ((n * FN + k) * s.OH + oh) * s.OW + ow;
          for (let c = 0; c < C; c++)
            for (let fh = 0; fh < FH; fh++) {
              const h = oh * s.sh + fh * s.dh - s.top;
              if (h < 0 || h >= H) continue;
              for (let fw = 0; fw < FW; fw++) {
                const w = ow * s.sw + fw * s.dw - s.left;
                if (w < 0 || w >= W) continue;
                f(((n * C + c) * H + h) * W + w, ((k * C + c) * FH + fh) * FW + fw, yi);
              }
            }
        }
}

/** y = conv(x, w) + b, [N, FN, OH, OW]. */
export function convRef(
  x: ArrayLike<number>,
  xShape: Shape4,
  w: ArrayLike<number>,
  wShape: Shape4,
  b: ArrayLike<number> | null,
  s: RefSpec,
): Float64Array {
  const [N] = xShape;
  const [FN] = wShape;
  const y = new Float64Array(N * FN * s.OH * s.OW);
  if (b) for (let i = 0; i < y.length; i++) y[i] = b[Math.floor(i / (s.OH * s.OW)) % FN];
  visit(xShape, wShape, s, (xi, wi, yi) => {
    y[yi] += x[xi] * w[wi];
  });
  return y;
}

/** dx and dW of sum(conv(x, w) * dy). */
export function convRefGrads(
  x: ArrayLike<number>,
  xShape: Shape4,
  w: ArrayLike<number>,
  wShape: Shape4,
  dy: ArrayLike<number>,
  s: RefSpec,
): { dx: Float64Array; dW: Float64Array } {
  const dx = new Float64Array(xShape.reduce((a, d) => a * d, 1));
  const dW = new Float64Array(wShape.reduce((a, d) => a * d, 1));
  visit(xShape, wShape, s, (xi, wi, yi) => {
    dx[xi] += w[wi] * dy[yi];
    dW[wi] += x[xi] * dy[yi];
  });
  return { dx, dW };
}
