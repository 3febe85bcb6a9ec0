/**
 * Escaping for what the exporter puts inside a <script> element: JSON and inlined libraries.
 * Element text and attribute values go through lib/ground/html.ts's escapeHtml, the one the
 * library's own tables use.
 */

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
