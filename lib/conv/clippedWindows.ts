import type { WindowGeometry } from "./options";

/**
 * Where ceil-rounded windows reach past the padded input (Caffe's pooling): per output
 * position, how many taps lie inside the padded input, and a mask with -Infinity on the taps
 * that do not. Undefined when every window fits (always the case with floor rounding).
 *
 * @internal
 */
export interface ClippedWindows {
  /** [OH * OW] row-major: taps inside the padded input (the divisor of a clipped average). */
  readonly counts: Float32Array;
  /** [OH * OW * FH * FW]: 0 inside, -Infinity outside, taps in (fh, fw) order (added before a max). */
  readonly mask: Float32Array;
}

/** The clipped windows of geometry g over an H x W input, or undefined when none is clipped. @internal */
export function clippedWindows(g: WindowGeometry, H: number, W: number): ClippedWindows | undefined {
  const { FH, FW, S, P, D, OH, OW } = g;
  const Hp = H + 2 * P;
  const Wp = W + 2 * P;
  if ((OH - 1) * S + D * (FH - 1) + 1 <= Hp && (OW - 1) * S + D * (FW - 1) + 1 <= Wp) return undefined;
  const K = FH * FW;
  const counts = new Float32Array(OH * OW);
  const mask = new Float32Array(OH * OW * K);
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      let n = 0;
      for (let fh = 0; fh < FH; fh++) {
        for (let fw = 0; fw < FW; fw++) {
          const inside = oh * S + fh * D < Hp && ow * S + fw * D < Wp;
          if (inside) n++;
          else mask[(oh * OW + ow) * K + fh * FW + fw] = -Infinity;
        }
      }
      counts[oh * OW + ow] = n;
    }
  }
  return { counts, mask };
}
