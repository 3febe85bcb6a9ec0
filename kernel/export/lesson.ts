/**
 * One notebook rendered to the parts of a lesson page: the cells as HTML, the headings for
 * its table of contents, and the title and summary the index shows.
 */
import { basename } from "path";
import { escapeHtml } from "../../lib/display/html";
import { highlightCode, resolveLanguage } from "./highlight";
import { renderMarkdown, type Heading } from "./markdown";
import { joinSource, type Notebook, type NotebookCell } from "./notebook";
import type { Output } from "../nbformat/types";
import { renderOutputs, type OutputContext } from "./outputs";
import { sanitizeUntrusted } from "./sanitize";
import { Slugger } from "./slugger";

/** A rendered lesson, ready to be put in a page. */
export interface Lesson {
  /** The notebook file it came from. */
  readonly file: string;
  /** The page's file name in the site ("01-backprop.html"). */
  readonly href: string;
  /** The first H1 (or first heading, or the file name), as plain text. */
  readonly title: string;
  /** The "What you will learn" list, else the first paragraph, as sanitized HTML ("" if none). */
  readonly summaryHtml: string;
  readonly headings: readonly Heading[];
  /** The cells, as HTML. */
  readonly bodyHtml: string;
  /** Whether the page uses KaTeX (it then needs the KaTeX stylesheet). */
  readonly hasMath: boolean;
  /** How many Plotly charts the page draws (it needs Plotly's script when > 0). */
  readonly plotCount: number;
}

function tagsOf(cell: NotebookCell): Set<string> {
  const tags = cell.metadata?.tags;
  return new Set(Array.isArray(tags) ? tags.filter((t): t is string => typeof t === "string") : []);
}

function notebookLanguage(nb: Notebook): string {
  const info = nb.metadata.language_info as { name?: unknown } | undefined;
  const spec = nb.metadata.kernelspec as { language?: unknown } | undefined;
  for (const name of [info?.name, spec?.language]) {
    if (typeof name === "string" && resolveLanguage(name)) return name;
  }
  return "typescript";
}

/**
 * Renders a notebook's cells. Cells tagged "remove-cell" are left out, "remove-input" /
 * "hide-input" show only outputs, "remove-output" / "hide-output" only the code (the
 * Jupyter Book tags lesson authors already use).
 *
 * @example
 * const lesson = renderLesson(readNotebook("notebooks/01-backprop.ipynb"), "notebooks/01-backprop.ipynb", "01-backprop.html");
 */
export function renderLesson(nb: Notebook, file: string, href: string): Lesson {
  const slugger = new Slugger();
  let plotCount = 0;
  const ctx: OutputContext = { slugger, nextPlotId: () => `nnlab-plot-${++plotCount}` };
  const language = notebookLanguage(nb);
  const headings: Heading[] = [];
  let title: string | undefined;
  let firstHeading: string | undefined;
  let learnList: string | undefined;
  let firstParagraph: string | undefined;
  const parts: string[] = [];

  nb.cells.forEach((cell, i) => {
    const tags = tagsOf(cell);
    if (tags.has("remove-cell")) return;
    const source = joinSource(cell.source);
    const cellId = `nnlab-cell-${i + 1}`;
    if (cell.cell_type === "markdown") {
      const md = renderMarkdown(source, { slugger, attachments: cell.attachments });
      headings.push(...md.headings);
      title ??= md.headings.find((h) => h.level === 1)?.text;
      firstHeading ??= md.headings[0]?.text;
      learnList ??= md.learnList;
      firstParagraph ??= md.firstParagraph;
      parts.push(`<div class="nnlab-cell nnlab-markdown-cell" id="${cellId}">\n${md.html}</div>`);
    } else if (cell.cell_type === "code") {
      const showInput = !tags.has("remove-input") && !tags.has("hide-input") && source.trim() !== "";
      const showOutput = !tags.has("remove-output") && !tags.has("hide-output") && cell.outputs.length > 0;
      if (!showInput && !showOutput) return;
      const n = cell.execution_count;
      const prompt = `In [${n === null || n === undefined ? " " : Number(n)}]:`;
      const input = showInput
        ? `<div class="nnlab-input"><div class="nnlab-prompt">${prompt}</div>` +
          `<pre class="nnlab-code"><code class="hljs language-${escapeHtml(language)}">${highlightCode(source, language)}</code></pre></div>`
        : "";
      // The renderers take kernel/nbformat's outputs; this reader's are looser (any stream name,
      // metadata optional), which the renderers tolerate. The cast goes when export reads
      // through kernel/nbformat (issue 20, one notebook model).
      const nbOutputs = cell.outputs as readonly Output[];
      const outputs = showOutput ? `<div class="nnlab-outputs">\n${renderOutputs(nbOutputs, ctx)}\n</div>` : "";
      parts.push(`<div class="nnlab-cell nnlab-code-cell" id="${cellId}">\n${input}${outputs}</div>`);
    } else {
      // Raw cells reach an HTML export only when meant for it (nbconvert's rule), and sanitized.
      const declared = cell.metadata?.format ?? cell.metadata?.raw_mimetype;
      const format = typeof declared === "string" ? declared : "";
      if (format === "text/html") parts.push(`<div class="nnlab-cell nnlab-raw-cell" id="${cellId}">${sanitizeUntrusted(source)}</div>`);
      else if (format === "text/markdown") {
        parts.push(`<div class="nnlab-cell nnlab-raw-cell" id="${cellId}">${renderMarkdown(source, { slugger }).html}</div>`);
      }
    }
  });

  const bodyHtml = parts.join("\n");
  return {
    file,
    href,
    title: title ?? firstHeading ?? basename(file).replace(/\.ipynb$/i, ""),
    summaryHtml: learnList ?? firstParagraph ?? "",
    headings,
    bodyHtml,
    hasMath: bodyHtml.includes('class="katex'),
    plotCount,
  };
}
