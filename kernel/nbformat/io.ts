import * as fs from "fs";
import { platform } from "../../lib/platform";
import { ensureCellIds } from "./cellIds";
import { splitMultilines } from "./multiline";
import type { Cell, Notebook } from "./types";
import { assertValidNotebook } from "./validate";

/**
 * Parses notebook JSON (nbformat 4.x), filling in what older 4.x minors may lack (cell ids,
 * metadata, outputs) so the result is a 4.5 notebook.
 * @param source names the notebook in errors.
 * @throws TypeError when the text is not JSON or not an nbformat 4 notebook.
 */
export function parseNotebook(text: string, source = "notebook"): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new TypeError(`${source}: not a notebook, the file is not JSON (${(e as Error).message})`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new TypeError(`${source}: not a notebook, expected a JSON object`);
  }
  const nb = raw as Partial<Notebook> & { nbformat?: unknown };
  if (nb.nbformat !== 4) {
    throw new TypeError(`${source}: expected nbformat 4, got nbformat ${JSON.stringify(nb.nbformat)}`);
  }
  if (!Array.isArray(nb.cells)) throw new TypeError(`${source}: "cells" must be a list, got ${JSON.stringify(nb.cells)}`);
  nb.metadata ??= {};
  if (typeof nb.nbformat_minor !== "number") nb.nbformat_minor = 5;
  nb.cells.forEach((cell: Partial<Cell>, i) => {
    if (cell === null || typeof cell !== "object" || !["code", "markdown", "raw"].includes(String(cell.cell_type))) {
      throw new TypeError(
        `${source}: cell ${i + 1} has no valid cell_type (code, markdown or raw), got ${JSON.stringify(cell?.cell_type)}`,
      );
    }
    cell.metadata ??= {};
    cell.source ??= "";
    if (cell.cell_type === "code") {
      cell.outputs ??= [];
      if (cell.execution_count === undefined) cell.execution_count = null;
    }
  });
  return ensureCellIds(nb as Notebook);
}

/**
 * Reads a notebook file (see {@link parseNotebook}).
 * @example const nb = readNotebook("lessons/01.ipynb");
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new TypeError(`${file}: cannot read the notebook (${(e as Error).message})`);
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
