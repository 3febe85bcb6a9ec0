import { joinMultiline, type Output } from "../nbformat";
import { stripAnsi } from "./ansi";

/**
 * The last non-empty line a cell has printed so far (stdout or stderr), without ANSI colours;
 * undefined before it prints. A headless run of a long cell shows it, so a user watching
 * `nnlab run` sees the Trainer's progress line instead of only "still running".
 */
export function lastStreamLine(outputs: readonly Output[]): string | undefined {
  for (let i = outputs.length - 1; i >= 0; i--) {
    const out = outputs[i];
    if (out.output_type !== "stream") continue;
    const lines = stripAnsi(joinMultiline(out.text)).split(/\r?\n|\r/);
    for (let j = lines.length - 1; j >= 0; j--) {
      const line = lines[j].trim();
      if (line !== "") return line;
    }
  }
  return undefined;
}
