/**
 * The exporter's own HTML (math, highlighted code, heading anchors) must survive the
 * sanitizer that cleans the notebook's HTML around it. It goes in as unguessable text
 * tokens, the sanitizer runs, and the tokens are swapped back: a notebook cannot forge a
 * token, because each render draws a fresh random one.
 */
/** Holds trusted HTML snippets behind text tokens for one render. */
export class Placeholders {
  // The web's crypto (Node has it too), so the renderers run unchanged in the live page.
  private readonly prefix = `nnlabph${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("")}x`;
  private readonly items: string[] = [];

  /** Stores trusted HTML and returns the text token that stands for it. */
  add(trustedHtml: string): string {
    this.items.push(trustedHtml);
    return `${this.prefix}${this.items.length - 1}x`;
  }

  /** Replaces every token in (sanitized) HTML with its snippet. */
  restore(html: string): string {
    if (this.items.length === 0) return html;
    const re = new RegExp(`${this.prefix}(\\d+)x`, "g");
    return html.replace(re, (token, i: string) => this.items[Number(i)] ?? token);
  }
}
