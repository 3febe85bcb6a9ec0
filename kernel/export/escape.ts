/**
 * Escaping for the two places the exporter puts text into HTML: element text/attribute
 * values, and JSON inside a <script> element.
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<img alt="x">'); // "&lt;img alt=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">`: every `<`, `>` and `&` is a
 * JSON escape, so no "</script>" or "<!--" can end or confuse the element; U+2028/2029 are
 * escaped too, so the text is also a valid JavaScript literal.
 *
 * @example
 * jsonForScript({ name: "</script><script>alert(1)</script>" });
 * // '{"name":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`jsonForScript: value must be JSON-serializable, got ${typeof value}`);
  return json.replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/**
 * JavaScript source (a library such as plotly.min.js) made safe to inline in a <script>
 * element: "</script" and "<!--" only occur inside strings, regexes or comments of minified
 * code, where "<\/script" and "<\!--" mean the same thing.
 */
export function scriptForInline(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}
