/**
 * Colours every builder shares: the Okabe-Ito palette (readable with the common kinds of
 * colour blindness) for lines and bars, and colormaps for pixels.
 */

/**
 * Okabe-Ito colours in the order series take them (blue, vermillion, green, purple,
 * orange, sky blue, yellow, black): the first two differ in hue and lightness, so even a
 * greyscale print keeps them apart.
 */
export const PALETTE: readonly string[] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"];

/** The colour marking mistakes and failures (Okabe-Ito vermillion). */
export const MISTAKE_COLOR = "#D55E00";
/** Forward values in the computational graph (a dark bluish green). */
export const FORWARD_COLOR = "#007A5A";
/** Backward gradients in the computational graph (a dark vermillion). */
export const GRADIENT_COLOR = "#C0392B";

/**
 * How pixel values map to colours in image grids: `gray` (low = black), `gray_r` (low =
 * white, the book's filter plots), `viridis` (perceptually uniform) or `rdbu` (diverging:
 * negative blue, zero white, positive red; values are scaled symmetrically around 0).
 */
export type Colormap = "gray" | "gray_r" | "viridis" | "rdbu";

const VIRIDIS_STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];
const RDBU_STOPS: readonly (readonly [number, number, number])[] = [
  [5, 48, 97],
  [67, 147, 195],
  [247, 247, 247],
  [214, 96, 77],
  [103, 0, 31],
];

function interpolate(stops: readonly (readonly [number, number, number])[], v: number): [number, number, number] {
  const pos = v * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(pos));
  const f = pos - i;
  const a = stops[i];
  const b = stops[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/**
 * A 256-entry RGB lookup table for a colormap (index = value scaled to 0..255).
 * `gray` and `gray_r` tables have equal channels, so images using them are stored as
 * one-channel PNGs.
 */
export function colormapTable(name: Colormap): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    let rgb: [number, number, number];
    switch (name) {
      case "gray":
        rgb = [i, i, i];
        break;
      case "gray_r":
        rgb = [255 - i, 255 - i, 255 - i];
        break;
      case "viridis":
        rgb = interpolate(VIRIDIS_STOPS, i / 255);
        break;
      case "rdbu":
        rgb = interpolate(RDBU_STOPS, i / 255);
        break;
      default:
        throw new TypeError(`colormap must be "gray", "gray_r", "viridis" or "rdbu", got ${JSON.stringify(name)}`);
    }
    lut.set(rgb, i * 3);
  }
  return lut;
}

/** True for colormaps whose colours are all grey (stored as one-channel PNG). */
export function isGrayColormap(name: Colormap): boolean {
  return name === "gray" || name === "gray_r";
}
