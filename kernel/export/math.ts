/**
 * LaTeX math to HTML at export time with KaTeX, so pages need no math script: the
 * delimiters Jupyter understands ($...$, $$...$$, \(...\), \[...\]) as a markdown-it plugin,
 * and text/latex outputs.
 */
import katex from "katex";
import type MarkdownIt from "markdown-it";
import { escapeHtml } from "../../lib/host";

/**
 * KaTeX HTML for one formula. Errors render as the source in red with the message as its
 * title (KaTeX's throwOnError: false), never as an exception; `trust: false` keeps \href and
 * friends from making links or loading anything.
 *
 * @example
 * renderMath("\\frac{\\partial L}{\\partial x}", false); // '<span class="katex">...'
 */
export function renderMath(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, {
      displayMode,
      throwOnError: false,
      trust: false,
      strict: "ignore",
      output: "htmlAndMathml",
      maxExpand: 1000,
      maxSize: 100,
    });
  } catch (err) {
    // throwOnError: false still throws for non-ParseErrors (e.g. too many expansions).
    return `<span class="katex-error" title="${escapeHtml(String((err as Error).message))}">${escapeHtml(tex)}</span>`;
  }
}

/**
 * The content of a text/latex output rendered as display math: the surrounding $$...$$,
 * $...$ or \[...\] delimiters are removed; a bare environment (\begin{align}...) is kept.
 */
export function renderLatexOutput(latex: string): string {
  let tex = latex.trim();
  for (const [open, close] of [
    ["$$", "$$"],
    ["\\[", "\\]"],
    ["$", "$"],
    ["\\(", "\\)"],
  ]) {
    if (tex.startsWith(open) && tex.endsWith(close) && tex.length >= open.length + close.length) {
      tex = tex.slice(open.length, tex.length - close.length);
      break;
    }
  }
  return renderMath(tex, true);
}

function findClose(src: string, from: number, close: string, end: number): number {
  for (let i = from; i <= end - close.length; i++) {
    if (src.charCodeAt(i) === 0x5c /* \ */ && close === "$") {
      i++; // \$ inside $...$ is an escaped dollar, not the end
      continue;
    }
    if (src.startsWith(close, i)) return i;
  }
  return -1;
}

function mathInline(state: MarkdownIt.StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  let open: string;
  let close: string;
  let display: boolean;
  if (src.startsWith("$$", pos)) [open, close, display] = ["$$", "$$", true];
  else if (src.startsWith("$", pos)) [open, close, display] = ["$", "$", false];
  else if (src.startsWith("\\(", pos)) [open, close, display] = ["\\(", "\\)", false];
  else if (src.startsWith("\\[", pos)) [open, close, display] = ["\\[", "\\]", true];
  else return false;

  const start = pos + open.length;
  let end: number;
  if (open === "$") {
    // Pandoc's rule, which keeps "it costs $5 and $10" as text: no space after the opening $,
    // none before the closing $, and no digit right after it.
    if (start >= posMax || /\s/.test(src[start])) return false;
    let from = start;
    for (;;) {
      end = findClose(src, from, "$", posMax);
      if (end < 0) return false;
      const before = src[end - 1];
      const after = src[end + 1];
      // A backtick in between means a code span starts there, and code spans bind first.
      if (src.slice(start, end).includes("`")) return false;
      if (end > start && !/\s/.test(before) && !(after !== undefined && /[0-9]/.test(after))) break;
      from = end + 1;
    }
  } else {
    end = src.indexOf(close, start);
    if (end < 0 || end + close.length > posMax) return false;
  }
  const content = src.slice(start, end);
  if (content.trim() === "") return false;
  if (!silent) {
    const token = state.push("math_inline", "math", 0);
    token.content = content;
    token.markup = open;
    token.meta = { display };
  }
  state.pos = end + close.length;
  return true;
}

function mathBlock(state: MarkdownIt.StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (line: number) => state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
  if (state.sCount[startLine] - state.blkIndent >= 4) return false; // an indented code block
  const first = lineText(startLine);
  let close: string;
  if (first.startsWith("$$")) close = "$$";
  else if (first.startsWith("\\[")) close = "\\]";
  else return false;
  const rest = first.slice(2);
  let content: string;
  let last = startLine;
  const sameLine = rest.indexOf(close);
  if (sameLine >= 0) {
    // "$$ x $$" alone on its line; anything after the close is a paragraph's inline math.
    if (rest.slice(sameLine + close.length).trim() !== "") return false;
    content = rest.slice(0, sameLine);
  } else {
    const lines = [rest];
    let found = false;
    for (let line = startLine + 1; line < endLine; line++) {
      const text = lineText(line);
      const trimmed = text.trimEnd();
      if (trimmed.endsWith(close)) {
        lines.push(trimmed.slice(0, trimmed.length - close.length));
        last = line;
        found = true;
        break;
      }
      lines.push(text);
    }
    if (!found) return false;
    content = lines.join("\n");
  }
  if (content.trim() === "") return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content;
  token.markup = close === "$$" ? "$$" : "\\[";
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/**
 * The markdown-it plugin: math tokens ("math_inline", "math_block") whose rendering is left
 * to the caller's renderer rules (the exporter renders them with {@link renderMath}).
 * Inline math is parsed before backslash escapes, so \( and \\ inside formulas survive.
 */
export function mathPlugin(md: InstanceType<typeof MarkdownIt>): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
}
