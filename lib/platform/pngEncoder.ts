/**
 * A PNG encoder in plain TypeScript for the browser side of the platform seam: filter 0 on
 * every row and zlib "stored" (uncompressed) deflate blocks. The files are larger than
 * pngjs's compressed ones but decode to the same pixels, and it needs no Node module.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the longest run for which the sums cannot overflow before the modulo (zlib's NMAX).
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(i + 5552, bytes.length);
    for (; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored deflate blocks (at most 65,535 bytes each) holding `raw`. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  const view = new DataView(out.buffer);
  out[0] = 0x78; // deflate, 32K window
  out[1] = 0x01; // no preset dictionary, fastest; (0x78 << 8 | 0x01) % 31 === 0
  let p = 2;
  for (let k = 0; k < blocks; k++) {
    const chunk = raw.subarray(k * 65535, Math.min(raw.length, (k + 1) * 65535));
    out[p] = k === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00 = stored
    view.setUint16(p + 1, chunk.length, true);
    view.setUint16(p + 3, ~chunk.length & 0xffff, true);
    out.set(chunk, p + 5);
    p += 5 + chunk.length;
  }
  view.setUint32(p, adler32(raw), false);
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, false);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length), false);
  return out;
}

/**
 * PNG bytes of 8-bit grey (colorType 0) or RGB (colorType 2) pixels, row-major. The caller
 * checks the arguments (lib/ground/png.ts does).
 *
 * @example
 * const png = encodePngStored(new Uint8Array([0, 255, 255, 0]), 2, 2, 0); // a 2x2 checkerboard
 */
export function encodePngStored(pixels: Uint8Array, width: number, height: number, colorType: 0 | 2): Uint8Array {
  const channels = colorType === 0 ? 1 : 3;
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1); // filter byte 0 = none
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width, false);
  view.setUint32(4, height, false);
  header[8] = 8; // bit depth
  header[9] = colorType; // compression, filter and interlace methods stay 0
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibStored(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
