/**
 * Traces a line of a cell's compiled JavaScript back to the line of the cell. tslab's compiler
 * options are sealed inside its converter (no source maps), so before compiling, each line end of
 * the cell that is outside strings, templates and comments gets a comment `/*@L<n>*\/`; the
 * compiler keeps trailing comments, and a stack frame's line is read from the nearest marker.
 * Markers only go after a line's code, so diagnostics' lines and columns are unchanged.
 */
import type * as TS from "@tslab/typescript-for-tslab";

const MARKER = /\/\*@L(\d+)\*\//g;

/** Appends a line marker at the end of every line whose end is outside a literal or comment. */
export function markLines(ts: typeof TS, code: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, code);
  const ends: number[] = [];
  // Brace depth inside each open template `${ ... }`, to rescan the template's continuation.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.NewLineTrivia) {
      ends.push(scanner.getTokenPos());
    } else if (kind === ts.SyntaxKind.TemplateHead) {
      templates.push(0);
    } else if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0) {
      templates[templates.length - 1]++;
    } else if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      if (templates[templates.length - 1] === 0) {
        const next = scanner.reScanTemplateToken(false);
        if (next === ts.SyntaxKind.TemplateTail) templates.pop();
      } else {
        templates[templates.length - 1]--;
      }
    }
  }
  let out = "";
  let at = 0;
  for (const pos of ends) {
    // pos is the "\n" (or "\r" of "\r\n"): the line number is the count of newlines before it + 1.
    const line = lineNumberAt(code, pos);
    out += code.slice(at, pos) + ` /*@L${line}*/`;
    at = pos;
  }
  // The last line has no newline after it; mark it at the end (inside a trailing // comment the
  // marker is simply lost).
  return out + code.slice(at) + (code.length > 0 ? ` /*@L${lineNumberAt(code, code.length)}*/` : "");
}

function lineNumberAt(code: string, pos: number): number {
  let n = 1;
  for (let i = code.indexOf("\n"); i >= 0 && i < pos; i = code.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * The cell line (1-based) of a line (1-based) of compiled code: the marker on that line, else
 * the next marker below it (the end of the statement the line belongs to). The cell's last
 * expression is recompiled without its marker: a line after every marker maps to the first
 * non-blank cell line after the last marker. Undefined if nothing fits.
 */
export function cellLineOf(compiled: readonly string[], line: number, cellLines: readonly string[]): number | undefined {
  const markerOn = (i: number) => {
    const found = [...(compiled[i] ?? "").matchAll(MARKER)];
    return found.length > 0 ? Number(found[found.length - 1][1]) : undefined;
  };
  for (let i = line - 1; i < compiled.length; i++) {
    const n = markerOn(i);
    if (n !== undefined) return n;
  }
  for (let i = line - 2; i >= 0; i--) {
    const n = markerOn(i);
    if (n === undefined) continue;
    let next = n + 1;
    while (next <= cellLines.length && cellLines[next - 1].trim() === "") next++;
    return next <= cellLines.length ? next : undefined;
  }
  return undefined;
}

/** Removes the markers (for showing compiled code or declarations). */
export function stripMarkers(text: string): string {
  return text.replace(/ ?\/\*@L\d+\*\//g, "");
}
