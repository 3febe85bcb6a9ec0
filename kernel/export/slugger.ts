/**
 * Heading ids for one page: readable, unique, and never the id of an element the page
 * template owns (those all start with "nnlab-").
 */

/** Makes unique anchor ids from heading text. */
export class Slugger {
  private readonly used = new Set<string>();

  /**
   * A unique id for the text.
   *
   * @example
   * const s = new Slugger();
   * s.slug("The chain rule"); // "the-chain-rule"
   * s.slug("The chain rule"); // "the-chain-rule-1"
   */
  slug(text: string): string {
    let base = text
      .toLowerCase()
      .normalize("NFKC")
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .trim()
      .replace(/\s+/g, "-")
      .slice(0, 80);
    if (base === "" || base.startsWith("nnlab-")) base = `section${base === "" ? "" : "-" + base}`;
    let id = base;
    for (let n = 1; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
