/**
 * Base64 of text, for data: URLs (an SVG in an <img>). On the web's TextEncoder and btoa, which
 * Node has too, so the renderers run unchanged in the live page.
 */

/**
 * The base64 of `text`'s UTF-8 bytes.
 *
 * @example
 * utf8ToBase64("é"); // "w6k="
 */
export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  // btoa takes one char per byte.
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
}
