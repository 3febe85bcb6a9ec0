import type { MultilineString, Notebook } from "./types";

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

const JSON_MIME = /^application\/(.*\+)?json$/;

/**
 * A copy of the notebook with sources, stream texts and text MIME data as lists of lines, the
 * way Jupyter writes them to disk (JSON MIME data stays JSON).
 */
export function splitMultilines(nb: Notebook): Notebook {
  const split = (v: MultilineString): string[] => splitLines(joinMultiline(v));
  return {
    ...nb,
    cells: nb.cells.map((cell) => {
      const source = split(cell.source);
      if (cell.cell_type !== "code") return { ...cell, source };
      return {
        ...cell,
        source,
        outputs: cell.outputs.map((out) => {
          if (out.output_type === "stream") return { ...out, text: split(out.text) };
          if (out.output_type === "error") return out;
          const data: Record<string, unknown> = {};
          for (const [mime, value] of Object.entries(out.data)) {
            data[mime] =
              !JSON_MIME.test(mime) && (typeof value === "string" || Array.isArray(value)) ? split(value as MultilineString) : value;
          }
          return { ...out, data };
        }),
      };
    }),
  };
}
