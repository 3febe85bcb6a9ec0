/**
 * Terminal text as Jupyter sends it (ANSI colours in tracebacks, "\r" progress lines,
 * backspaces), reduced to what a terminal would show. The runner, which records streams chunk
 * by chunk, and the exporter, which renders finished outputs, share these.
 */
/* eslint-disable no-control-regex -- this module's subject is control characters: ESC, BEL, "\r" and backspace (\x08) */

/**
 * ANSI escape sequences: CSI (ESC [ params intermediates final; groups 1-3 are those three
 * parts, so a caller can read SGR colours), OSC (ESC ] ... BEL or ESC \, also when cut off), and
 * the other two-byte escapes (a lone ESC too).
 */
export const ANSI_ESCAPES = /\x1b\[([0-?]*)([ -/]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;

/**
 * The text without ANSI escape sequences (colours, cursor moves, titles, links).
 *
 * @example
 * stripAnsi("\x1b[31mValueError\x1b[0m"); // "ValueError"
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPES, "");
}

/**
 * How {@link collapseCarriageReturns} treats a "\r" that nothing follows on its line:
 * - "streaming": text still growing (a stream recorded chunk by chunk). A "\r" at the end or
 *   before "\n" is kept, so the next chunk, appended and collapsed again, still overwrites
 *   the line the way a terminal would.
 * - "final": finished text (an output being exported). "\r\n" is a newline, and a line keeps
 *   only what its last "\r" left.
 */
export type CarriageReturnMode = "streaming" | "final";

/**
 * The text a terminal would show (nbconvert's rules): "\r" returns to the start of the line,
 * so progress lines overwrite themselves; a backspace (\x08) erases the character before it.
 *
 * @example
 * collapseCarriageReturns("10%\r50%\r100%\ndone\n", "final"); // "100%\ndone\n"
 * collapseCarriageReturns("epoch 1\r", "streaming");          // "epoch 1\r" (the next chunk overwrites it)
 */
export function collapseCarriageReturns(text: string, mode: CarriageReturnMode): string {
  const out =
    mode === "streaming"
      ? text.replace(/[^\n]*\r(?=[^\n])/g, "")
      : text
          .replace(/\r+\n/g, "\n")
          .split("\n")
          .map((line) => line.slice(line.lastIndexOf("\r") + 1))
          .join("\n");
  return applyBackspaces(out);
}

// Each pass erases one character per backspace; "ab\x08\x08" needs two. A backspace at the start
// of a line erases nothing (a terminal's cursor stops there) and is dropped.
function applyBackspaces(text: string): string {
  let out = text;
  while (/[^\n\x08]\x08/.test(out)) out = out.replace(/[^\n\x08]\x08/g, "");
  return out.replace(/\x08/g, "");
}

/**
 * The text without control characters other than tab, newline and carriage return: they have
 * no meaning in a web page or a notebook file.
 */
export function stripControlChars(text: string): string {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "");
}
