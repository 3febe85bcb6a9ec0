import { joinMultiline, type Output } from "../nbformat";
import { stripAnsi } from "../terminal";

/**
 * The last non-empty line of text a cell has shown so far: what it printed, or the text/plain
 * form of its latest display (the Trainer's progress line is a display updated in place);
 * without ANSI colours, undefined before any text. A headless run of a long cell shows it, so
 * a user watching `nnlab run` sees the training progress instead of only "still running".
 */
export function lastTextLine(outputs: readonly Output[]): string | undefined {
  for (let i = outputs.length - 1; i >= 0; i--) {
    const out = outputs[i];
    let text: string | undefined;
    if (out.output_type === "stream") text = joinMultiline(out.text);
    else if (out.output_type === "display_data" || out.output_type === "execute_result") {
      const plain = out.data["text/plain"];
      if (plain !== undefined) text = joinMultiline(plain as string | string[]);
    }
    if (text === undefined) continue;
    const lines = stripAnsi(text).split(/\r?\n|\r/);
    for (let j = lines.length - 1; j >= 0; j--) {
      const line = lines[j].trim();
      if (line !== "") return line;
    }
  }
  return undefined;
}
