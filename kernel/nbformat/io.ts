import * as fs from "fs";
import { platform } from "../../lib/host";
import { coerceNotebook, NotebookError } from "./coerce";
import { splitMultilines } from "./multiline";
import type { Notebook } from "./types";
import { assertValidNotebook } from "./validate";

/**
 * Parses notebook JSON (nbformat 4.x) into a 4.5 notebook (see {@link coerceNotebook} for
 * what is filled in and what is an error).
 * @param source names the notebook in errors.
 * @throws NotebookError when the text is not JSON or not an nbformat 4 notebook.
 */
export function parseNotebook(text: string, source = "notebook"): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(source, `not a valid Jupyter notebook: invalid JSON (${(e as Error).message})`);
  }
  return coerceNotebook(raw, source);
}

/**
 * Reads a notebook file (see {@link parseNotebook}).
 * @throws NotebookError naming the file when it is missing, unreadable, not JSON, or not nbformat 4.
 * @example const nb = readNotebook("lessons/01.ipynb");
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const detail =
      code === "ENOENT"
        ? "no such notebook file"
        : code === "EISDIR"
          ? "is a folder, not a notebook file"
          : `cannot read the notebook (${(e as Error).message})`;
    throw new NotebookError(file, detail);
  }
  return parseNotebook(text, file);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * The notebook as Jupyter writes it: keys sorted, one-space indent, multiline strings as lists
 * of lines, trailing newline, so a notebook saved by Jupyter and by nnlab diff cleanly.
 */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(sortKeys(splitMultilines(nb)), null, 1) + "\n";
}

/**
 * Validates (nbformat 4.5 schema) and writes a notebook; an invalid notebook is never written.
 * The file is replaced atomically (write to a temporary file, then rename); a symlink is written
 * through, and a read-only file is refused (an error with code EACCES) and left as it was.
 * @throws NotebookValidationError when the notebook does not validate.
 * @example writeNotebook("out/01.ipynb", nb);
 */
export function writeNotebook(file: string, nb: Notebook): void {
  assertValidNotebook(nb, file);
  // The library's one atomic write: through a symlink, refusing a read-only file, keeping the mode.
  platform.writeFileAtomic(file, Buffer.from(serializeNotebook(nb), "utf8"));
}
