import type { MultilineString } from "./types";

/**
 * The text of a multiline string (a string or a list of lines).
 * @example joinMultiline(["a\n", "b"]) // "a\nb"
 */
export function joinMultiline(value: MultilineString | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join("") : value;
}

/**
 * Splits text into lines that keep their "\n", the way Jupyter stores multiline strings on
 * disk (so diffs are per line).
 * @example splitLines("a\nb") // ["a\n", "b"]
 */
export function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}
