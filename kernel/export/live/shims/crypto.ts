/**
 * The one part of Node's crypto the export renderers use in the page (placeholders.ts: random
 * hex tokens), on the web's crypto.getRandomValues.
 */

/** Random bytes whose toString("hex") gives hex, like a Node Buffer's. */
export function randomBytes(n: number): { toString(encoding: "hex"): string } {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return { toString: () => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") };
}
