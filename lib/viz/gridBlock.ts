import { ShapeError } from "../errors";
import { colormapTable, isGrayColormap, MISTAKE_COLOR, type Colormap } from "./palette";
import { encodePng } from "../ground/png";
import { escapeXml } from "./text";

/**
 * How image values become grey levels: `"each"` stretches every image to its own min..max
 * (filters, feature maps), `"all"` uses one min..max over the whole grid (digits, so
 * brightness stays comparable), or a fixed `[min, max]`.
 */
export type Normalize = "each" | "all" | readonly [number, number];

/** One caption under a tile; `mistake` draws it (and a border) in the mistake colour. */
export interface TileCaption {
  readonly text: string;
  readonly mistake?: boolean;
}

/** Images and how to draw them as one block of a grid figure. @internal */
export interface GridBlockSpec {
  /** Pixels [N, C, H, W] row-major, C = 1 or 3. */
  readonly data: Float64Array;
  readonly N: number;
  readonly C: 1 | 3;
  readonly H: number;
  readonly W: number;
  readonly columns: number;
  readonly scale: number;
  readonly normalize: Normalize;
  readonly colormap: Colormap;
  readonly captions?: readonly TileCaption[];
  /** A heading drawn above the block (a layer name in featureMaps). */
  readonly heading?: string;
}

/** A rendered block: its display size and an SVG fragment to place at (x, y). @internal */
export interface GridBlock {
  readonly width: number;
  readonly height: number;
  readonly pngBytes: number;
  svg(x: number, y: number): string;
}

const CAPTION_PX = 14;
const HEADING_PX = 22;
const GAP_PX = 4;

/** Renders images into one PNG (tiles, gaps, caption strips) plus SVG captions. @internal */
export function gridBlock(where: string, spec: GridBlockSpec): GridBlock {
  const { data, N, C, H, W, columns, scale, captions } = spec;
  if (N < 1) throw new ShapeError(where, "images", "at least one image", [N, C, H, W]);
  const cols = Math.min(columns, N);
  const rows = Math.ceil(N / cols);
  const gap = Math.max(1, Math.ceil(GAP_PX / scale));
  const capRows = captions ? Math.ceil(CAPTION_PX / scale) : 0;
  const cellW = W + gap;
  const cellH = H + capRows + gap;
  const pw = cols * cellW + gap;
  const ph = rows * cellH + gap;
  if (pw * ph > 16e6) {
    throw new RangeError(`${where}: the grid would be ${pw} x ${ph} pixels; show fewer or smaller images`);
  }
  const gray = C === 1 && isGrayColormap(spec.colormap);
  const outC = gray ? 1 : 3;
  const pixels = new Uint8Array(pw * ph * outC).fill(255);
  const lut = colormapTable(spec.colormap);
  const diverging = spec.colormap === "rdbu";
  const size = C * H * W;
  const range = (lo: number, hi: number): [number, number] => {
    if (diverging) {
      const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
      return [-m, m];
    }
    // A constant image (a dead ReLU map, an empty digit) shows as the lowest colour.
    return hi > lo ? [lo, hi] : [lo, lo + 1];
  };
  const minMax = (from: number, to: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return [lo, hi];
  };
  const global = spec.normalize === "all" ? range(...minMax(0, data.length)) : undefined;
  for (let n = 0; n < N; n++) {
    const fixed = spec.normalize;
    const [lo, hi]: [number, number] =
      fixed === "each" ? range(...minMax(n * size, (n + 1) * size)) : (global ?? [Number(fixed[0]), Number(fixed[1])]);
    const k = 255 / (hi - lo || 1);
    const x0 = gap + (n % cols) * cellW;
    const y0 = gap + Math.floor(n / cols) * cellH;
    for (let h = 0; h < H; h++) {
      for (let w = 0; w < W; w++) {
        const at = ((y0 + h) * pw + x0 + w) * outC;
        if (C === 3) {
          for (let c = 0; c < 3; c++) {
            const v = (data[n * size + (c * H + h) * W + w] - lo) * k;
            pixels[at + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
          }
        } else {
          const v = (data[n * size + h * W + w] - lo) * k;
          const i = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
          if (gray) pixels[at] = lut[i * 3];
          else pixels.set(lut.subarray(i * 3, i * 3 + 3), at);
        }
      }
    }
  }
  const png = encodePng(pixels, pw, ph, outC);
  const headH = spec.heading ? HEADING_PX : 0;
  const width = pw * scale;
  const height = ph * scale + headH;
  const maxChars = Math.max(3, Math.floor((cellW * scale) / 6.6));
  return {
    width,
    height,
    pngBytes: Math.floor((png.length * 3) / 4),
    svg(x: number, y: number): string {
      const parts: string[] = [];
      if (spec.heading) {
        parts.push(`<text x="${x + 2}" y="${y + 15}" font-size="13" font-weight="bold" fill="#222">${escapeXml(spec.heading)}</text>`);
      }
      const iy = y + headH;
      parts.push(
        `<image x="${x}" y="${iy}" width="${width}" height="${ph * scale}" preserveAspectRatio="none" ` +
          `style="image-rendering:crisp-edges;image-rendering:pixelated" xlink:href="data:image/png;base64,${png}"/>`,
      );
      captions?.forEach((cap, n) => {
        if (n >= N) return;
        const tx = x + (gap + (n % cols) * cellW) * scale;
        const ty = iy + (gap + Math.floor(n / cols) * cellH) * scale;
        const color = cap.mistake ? MISTAKE_COLOR : "#222";
        if (cap.mistake) {
          parts.push(
            `<rect x="${tx - 1.5}" y="${ty - 1.5}" width="${W * scale + 3}" height="${H * scale + 3}" fill="none" ` +
              `stroke="${MISTAKE_COLOR}" stroke-width="3"/>`,
          );
        }
        const full = cap.text;
        const shown = full.length > maxChars ? full.slice(0, maxChars - 1) + "\u2026" : full;
        parts.push(
          `<text x="${tx + (W * scale) / 2}" y="${ty + H * scale + 12}" text-anchor="middle" font-size="11" fill="${color}"` +
            `${cap.mistake ? ' font-weight="bold"' : ""}>${shown === full ? "" : `<title>${escapeXml(full)}</title>`}${escapeXml(shown)}</text>`,
        );
      });
      return parts.join("");
    },
  };
}

/** Wraps blocks in one SVG document, stacked top to bottom, with an optional title. @internal */
export function stackBlocks(
  title: string | undefined,
  blocks: readonly GridBlock[],
  note?: string,
): { svg: string; width: number; height: number } {
  const titleH = title ? 26 : 0;
  const noteH = note ? 16 : 0;
  const spacing = 8;
  const width = Math.max(160, ...blocks.map((b) => b.width));
  let y = titleH + noteH;
  const body: string[] = [];
  for (const b of blocks) {
    body.push(b.svg(0, y));
    y += b.height + spacing;
  }
  const height = y - spacing;
  const head =
    (title ? `<text x="2" y="18" font-size="15" font-weight="bold" fill="#222">${escapeXml(title)}</text>` : "") +
    (note ? `<text x="2" y="${titleH + 12}" font-size="11" fill="#555">${escapeXml(note)}</text>` : "");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="Helvetica, Arial, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${head}${body.join("")}</svg>`;
  return { svg, width, height };
}
