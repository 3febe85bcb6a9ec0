/**
 * Code highlighting at export time with highlight.js (only the grammars lessons use, so the
 * exporter loads fast); the page needs no script for it.
 */
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import bash from "highlight.js/lib/languages/bash";
import python from "highlight.js/lib/languages/python";
import xml from "highlight.js/lib/languages/xml";
import plaintext from "highlight.js/lib/languages/plaintext";
import { escapeHtml } from "../../lib/host";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);
hljs.registerLanguage("json", json);
hljs.registerLanguage("bash", bash);
hljs.registerLanguage("python", python);
hljs.registerLanguage("xml", xml);
hljs.registerLanguage("plaintext", plaintext);

/** The grammar name highlight.js knows for a notebook or fence language, or undefined. */
export function resolveLanguage(lang: string | undefined): string | undefined {
  if (!lang) return undefined;
  const name = lang.trim().toLowerCase().split(/\s+/)[0];
  return hljs.getLanguage(name) ? name : undefined;
}

/**
 * Highlighted, escaped HTML for a piece of code (the inside of a <code> element); unknown
 * languages come back escaped without highlighting.
 *
 * @example
 * highlightCode("const x = 1;", "typescript"); // '<span class="hljs-keyword">const</span> x = ...'
 */
export function highlightCode(code: string, lang: string | undefined): string {
  const language = resolveLanguage(lang);
  if (language === undefined) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
