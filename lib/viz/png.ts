import { PNG } from "pngjs";

/**
 * Encodes 8-bit pixels as a PNG (base64, no data: prefix) with pngjs.
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
    throw new RangeError(`encodePng: channels must be 1 or 3, got ${channels}`);
  }
  if (!(pixels instanceof Uint8Array) || pixels.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: pixels must be a Uint8Array of ${width}*${height}*${channels} = ${width * height * channels} bytes, ` +
        `got ${pixels instanceof Uint8Array ? pixels.length + " bytes" : typeof pixels}`,
    );
  }
  const colorType = channels === 1 ? 0 : 2;
  // pngjs passes the bytes through untouched when input and output colour types agree.
  const meta = { width, height, data: Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength) } as unknown as PNG;
  return PNG.sync.write(meta, { colorType, inputColorType: colorType, inputHasAlpha: false }).toString("base64");
}
