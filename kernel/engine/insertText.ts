/** A piece of text to put into compiled code at an offset. */
export interface Insertion {
  readonly pos: number;
  readonly text: string;
}

/**
 * The text with each insertion put at its offset; `inserts` must be sorted by offset (the
 * cell rewriters collect them while walking the syntax tree, so offsets stay those of the
 * original text).
 *
 * @example
 * insertText("a;b;", [{ pos: 2, text: "c();" }]); // "a;c();b;"
 */
export function insertText(text: string, inserts: readonly Insertion[]): string {
  let out = "";
  let at = 0;
  for (const ins of inserts) {
    out += text.slice(at, ins.pos) + ins.text;
    at = ins.pos;
  }
  return out + text.slice(at);
}
