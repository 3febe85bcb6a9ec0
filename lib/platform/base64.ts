/**
 * Base64 of bytes with the web's btoa (which takes one char per byte), in slices so that large
 * images do not overflow the argument list. Works in Node, pages and workers alike.
 *
 * @example
 * bytesToBase64(new Uint8Array([104, 105])); // "aGk="
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
