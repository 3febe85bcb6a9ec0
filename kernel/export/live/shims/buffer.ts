/**
 * The one use of Node's Buffer in the export's renderers (outputs.ts: an SVG's text to base64
 * for an <img>), for the page bundle, where esbuild injects this in place of the global.
 */
export const Buffer = {
  from(text: string, _encoding: "utf8") {
    const bytes = new TextEncoder().encode(text);
    return {
      toString(_as: "base64"): string {
        let binary = "";
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(binary);
      },
    };
  },
};
