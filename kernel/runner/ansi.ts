// CSI sequences (colours, cursor moves) and OSC sequences (titles, links), as tracebacks carry them.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;

/**
 * Text without ANSI escape sequences, for a terminal that should not be coloured or a log file.
 * @example stripAnsi("\u001b[31mValueError\u001b[0m") // "ValueError"
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}
