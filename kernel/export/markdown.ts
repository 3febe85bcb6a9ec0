/**
 * Markdown cells (and text/markdown outputs) to safe HTML: markdown-it with raw HTML
 * allowed as Jupyter allows it, math rendered by KaTeX, code highlighted, headings given
 * anchor ids for the table of contents; then the whole result sanitized as untrusted, with
 * the exporter's own HTML put back through placeholders.
 */
import MarkdownIt from "markdown-it";
import { escapeHtml } from "../../lib/host";
import { highlightCode } from "./highlight";
import { mathPlugin, renderMath } from "./math";
import { Placeholders } from "./placeholders";
import { sanitizeUntrusted, type Attachments } from "./sanitize";
import { Slugger } from "./slugger";

/** A heading of the page, for the table of contents. */
export interface Heading {
  readonly level: number;
  readonly id: string;
  /** The heading as plain text (math as its TeX source). */
  readonly text: string;
}

/** A rendered markdown source. */
export interface RenderedMarkdown {
  readonly html: string;
  readonly headings: readonly Heading[];
  /** The first top-level paragraph, rendered (for the index page's summary). */
  readonly firstParagraph?: string;
  /** The list under a "What you will learn" heading, rendered. */
  readonly learnList?: string;
}

/** Where ids come from (one Slugger per page keeps ids unique across cells) and images. */
export interface MarkdownOptions {
  readonly slugger: Slugger;
  readonly attachments?: Attachments;
}

interface Env {
  ph: Placeholders;
  slugger: Slugger;
  headings: Heading[];
  openIds: string[];
  [key: string | symbol]: unknown;
}

/** markdown-it hands renderer rules the env given to parse/render as an untyped value. */
const envOf = (e: unknown): Env => e as Env;

type Token = MarkdownIt.Token;

const LEARN_HEADING = /what\s+you(?:'|’|\s+wi)ll\s+learn/i;

/** Heading text as plain text: inline text, code and math source, breaks as spaces. */
function plainText(children: readonly Token[] | null): string {
  let text = "";
  for (const t of children ?? []) {
    if (t.type === "text" || t.type === "code_inline") text += t.content;
    else if (t.type === "math_inline") text += t.content;
    else if (t.type === "softbreak" || t.type === "hardbreak") text += " ";
    else if (t.type === "image") text += plainText(t.children);
  }
  return text.trim();
}

function createMarkdownIt(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(mathPlugin);
  const rules = md.renderer.rules;
  rules.math_inline = (tokens, idx, _o, e) => envOf(e).ph.add(renderMath(tokens[idx].content, Boolean(tokens[idx].meta?.display)));
  rules.math_block = (tokens, idx, _o, e) =>
    envOf(e).ph.add(`<div class="nnlab-math">${renderMath(tokens[idx].content, true)}</div>`) + "\n";
  const code = (content: string, info: string, env: Env): string => {
    const lang = info.trim().split(/\s+/)[0] ?? "";
    const cls = lang ? ` language-${escapeHtml(lang)}` : "";
    return env.ph.add(`<pre class="nnlab-code"><code class="hljs${cls}">${highlightCode(content, lang || undefined)}</code></pre>`) + "\n";
  };
  rules.fence = (tokens, idx, _o, e) => code(tokens[idx].content, tokens[idx].info, envOf(e));
  rules.code_block = (tokens, idx, _o, e) => code(tokens[idx].content, "", envOf(e));
  // Heading tags are placeholders, so the sanitizer (which drops every id) keeps ours.
  rules.heading_open = (tokens, idx, _o, e) => {
    const token = tokens[idx];
    const text = plainText(tokens[idx + 1]?.children ?? null);
    const id = envOf(e).slugger.slug(text);
    envOf(e).headings.push({ level: Number(token.tag.slice(1)), id, text });
    envOf(e).openIds.push(id);
    return envOf(e).ph.add(`<${token.tag} id="${id}">`);
  };
  rules.heading_close = (tokens, idx, _o, e) => {
    const id = envOf(e).openIds.pop() ?? "";
    return envOf(e).ph.add(`<a class="nnlab-anchor" href="#${id}" aria-label="Link to this section">#</a></${tokens[idx].tag}>`) + "\n";
  };
  return md;
}

const md = createMarkdownIt();

/** The index of the token closing the block opened at `open` (same level, matching type). */
function closingIndex(tokens: readonly Token[], open: number): number {
  const closeType = tokens[open].type.replace(/_open$/, "_close");
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i].type === closeType && tokens[i].level === tokens[open].level) return i;
  }
  return tokens.length - 1;
}

function renderTokens(tokens: Token[], env: Env, attachments: Attachments | undefined): string {
  const raw = md.renderer.render(tokens, md.options, env);
  return env.ph.restore(sanitizeUntrusted(raw, attachments));
}

/**
 * Renders markdown to sanitized HTML with math, highlighted code and heading anchors.
 *
 * @example
 * const { html, headings } = renderMarkdown("# Backprop\n\n$y = Wx + b$", { slugger: new Slugger() });
 */
export function renderMarkdown(source: string, options: MarkdownOptions): RenderedMarkdown {
  const env: Env = { ph: new Placeholders(), slugger: options.slugger, headings: [], openIds: [] };
  const tokens = md.parse(source, env);
  const html = renderTokens(tokens, env, options.attachments);

  const fragment = (from: number, to: number) => {
    const scratch: Env = { ph: new Placeholders(), slugger: new Slugger(), headings: [], openIds: [] };
    return renderTokens(tokens.slice(from, to + 1), scratch, options.attachments).trim();
  };
  let firstParagraph: string | undefined;
  let learnList: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (firstParagraph === undefined && t.type === "paragraph_open" && t.level === 0) {
      firstParagraph = fragment(i, closingIndex(tokens, i));
    }
    // The list may sit under a heading ("## What you will learn") or a lead-in paragraph
    // ("What you will learn:"), as the lessons write it.
    const leadIn = t.type === "heading_open" || (t.type === "paragraph_open" && t.level === 0);
    const leadText = leadIn ? plainText(tokens[i + 1]?.children ?? null) : "";
    if (learnList === undefined && leadIn && LEARN_HEADING.test(leadText) && leadText.length <= 40) {
      const list = tokens.findIndex((u: Token, j: number) => j > i && u.level === 0 && /^(bullet|ordered)_list_open$/.test(u.type));
      const nextHeading = tokens.findIndex((u: Token, j: number) => j > i + 2 && u.type === "heading_open");
      if (list > 0 && (nextHeading < 0 || list < nextHeading)) learnList = fragment(list, closingIndex(tokens, list));
    }
  }
  return { html, headings: env.headings, firstParagraph, learnList };
}
