import * as fs from "fs";
import * as path from "path";
import { PNG } from "pngjs";

/** The logo as SVG: three layers of nodes joined by edges, "TS" below. */
export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="10" fill="#3178c6"/>
<g stroke="#ffffff" stroke-width="1.5" opacity="0.8">
<line x1="14" y1="16" x2="32" y2="22"/><line x1="14" y1="28" x2="32" y2="22"/><line x1="14" y1="16" x2="32" y2="34"/>
<line x1="14" y1="28" x2="32" y2="34"/><line x1="32" y1="22" x2="50" y2="28"/><line x1="32" y1="34" x2="50" y2="28"/>
</g>
<g fill="#ffffff"><circle cx="14" cy="16" r="4"/><circle cx="14" cy="28" r="4"/><circle cx="32" cy="22" r="4"/><circle cx="32" cy="34" r="4"/><circle cx="50" cy="28" r="4"/></g>
<text x="32" y="57" font-family="sans-serif" font-size="15" font-weight="bold" fill="#ffffff" text-anchor="middle">nn</text>
</svg>
`;

/** A raster of the same picture (circles and lines, no text) at `size` pixels. */
export function logoPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const s = size / 64;
  const nodes = [
    [14, 16],
    [14, 28],
    [32, 22],
    [32, 34],
    [50, 28],
  ];
  const edges = [
    [0, 2],
    [1, 2],
    [0, 3],
    [1, 3],
    [2, 4],
    [3, 4],
  ];
  const distToSegment = (px: number, py: number, [ax, ay]: number[], [bx, by]: number[]) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / s;
      const py = (y + 0.5) / s;
      const corner = Math.max(0, Math.hypot(Math.max(10 - px, 0, px - 54), Math.max(10 - py, 0, py - 54)) - 10);
      let white = nodes.some(([cx, cy]) => Math.hypot(px - cx, py - cy) <= 4);
      white ||= edges.some(([a, b]) => distToSegment(px, py, nodes[a], nodes[b]) <= 0.9);
      const i = (y * size + x) * 4;
      png.data[i] = white ? 255 : 0x31;
      png.data[i + 1] = white ? 255 : 0x78;
      png.data[i + 2] = white ? 255 : 0xc6;
      png.data[i + 3] = corner > 0 ? 0 : 255;
    }
  }
  return PNG.sync.write(png);
}

/** Writes logo-32x32.png, logo-64x64.png and logo-svg.svg into a kernelspec directory. */
export function writeLogos(dir: string): void {
  fs.writeFileSync(path.join(dir, "logo-32x32.png"), logoPng(32));
  fs.writeFileSync(path.join(dir, "logo-64x64.png"), logoPng(64));
  fs.writeFileSync(path.join(dir, "logo-svg.svg"), LOGO_SVG);
}
