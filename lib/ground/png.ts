import { platform } from "../platform";

/**
 * Encodes 8-bit pixels as a PNG (base64, no data: prefix): with pngjs in Node, with a
 * small stored-block encoder in a browser (lib/platform).
 * `channels` 1 stores a greyscale PNG (a third of the RGB size), 3 an RGB one;
 * `pixels` is row-major, `channels` bytes per pixel.
 *
 * @example
 * const b64 = encodePng(new Uint8Array([0, 255, 255, 0]), 2, 2, 1); // a 2x2 checkerboard
 */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): string {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng: width and height must be positive integers, got ${width} x ${height}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`encodePng: channels must be 1 or 3, got ${channels as number}`);
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: pixels must be a Uint8Array of ${width}*${height}*${channels} = ${width * height * channels} bytes, ` +
        `got ${pixels instanceof Uint8Array ? pixels.length + " bytes" : typeof pixels}`,
    );
  }
  return platform.encodePngBase64(pixels, width, height, channels === 1 ? 0 : 2);
}
