/**
 * The part of nbformat 4 the exporter reads, and a reader that checks a file is a notebook
 * before anything is rendered, so a bad file fails with its name and the reason.
 */
import { readFileSync } from "fs";

/** A multiline string as nbformat stores it: one string, or lines to concatenate. */
export type MultilineString = string | string[];

/** A MIME bundle in a notebook output: MIME type -> data (JSON types stay objects). */
export type NotebookMimeBundle = Record<string, unknown>;

/** One output of a code cell (nbformat 4). */
export type NotebookOutput =
  | { output_type: "stream"; name: string; text: MultilineString }
  | {
      output_type: "display_data";
      data: NotebookMimeBundle;
      metadata?: Record<string, unknown>;
    }
  | {
      output_type: "execute_result";
      data: NotebookMimeBundle;
      metadata?: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

interface CellBase {
  id?: string;
  source: MultilineString;
  metadata?: Record<string, unknown> & { tags?: string[] };
}

/** A notebook cell (nbformat 4). */
export type NotebookCell =
  | (CellBase & { cell_type: "markdown"; attachments?: Record<string, NotebookMimeBundle> })
  | (CellBase & { cell_type: "raw" })
  | (CellBase & {
      cell_type: "code";
      outputs: NotebookOutput[];
      execution_count: number | null;
    });

/** A notebook (nbformat 4). */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NotebookCell[];
}

/** A notebook file is missing, not JSON, or not an nbformat 4 notebook. */
export class NotebookError extends Error {
  override readonly name = "NotebookError";
  constructor(
    /** The file, as the user named it. */
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

/** Joins nbformat's multiline strings. */
export function joinSource(value: MultilineString | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join("") : value;
}

const OUTPUT_TYPES = new Set(["stream", "display_data", "execute_result", "error"]);
const CELL_TYPES = new Set(["markdown", "code", "raw"]);

function isMultiline(value: unknown): value is MultilineString {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks that `value` (parsed JSON) is an nbformat 4 notebook, naming `file` and the first
 * problem found (cell and output numbers count from 1, as Jupyter shows them).
 *
 * @example
 * const nb = validateNotebook("lesson.ipynb", JSON.parse(text));
 */
export function validateNotebook(file: string, value: unknown): Notebook {
  const fail = (detail: string): never => {
    throw new NotebookError(file, `not a valid Jupyter notebook: ${detail}`);
  };
  if (!isObject(value)) return fail(`expected a JSON object, got ${Array.isArray(value) ? "an array" : typeof value}`);
  if (value.nbformat !== 4) return fail(`expected nbformat 4, got ${JSON.stringify(value.nbformat)}`);
  if (!Array.isArray(value.cells)) return fail(`"cells" must be an array, got ${typeof value.cells}`);
  if (value.metadata !== undefined && !isObject(value.metadata)) return fail(`"metadata" must be an object`);
  value.cells.forEach((cell, i) => {
    const where = `cell ${i + 1}`;
    if (!isObject(cell)) return fail(`${where} must be an object`);
    if (typeof cell.cell_type !== "string" || !CELL_TYPES.has(cell.cell_type)) {
      return fail(`${where} has cell_type ${JSON.stringify(cell.cell_type)}, expected "markdown", "code" or "raw"`);
    }
    if (!isMultiline(cell.source)) return fail(`${where} "source" must be a string or a list of strings`);
    if (cell.metadata !== undefined && !isObject(cell.metadata)) return fail(`${where} "metadata" must be an object`);
    if (cell.cell_type !== "code") return;
    if (cell.outputs === undefined) cell.outputs = [];
    if (!Array.isArray(cell.outputs)) return fail(`${where} "outputs" must be an array`);
    cell.outputs.forEach((output, j) => {
      const at = `${where}, output ${j + 1}`;
      if (!isObject(output)) return fail(`${at} must be an object`);
      const type = output.output_type;
      if (typeof type !== "string" || !OUTPUT_TYPES.has(type)) {
        return fail(`${at} has output_type ${JSON.stringify(type)}`);
      }
      if (type === "stream") {
        if (typeof output.name !== "string" || !isMultiline(output.text)) {
          return fail(`${at} (stream) needs a "name" and a "text"`);
        }
      } else if (type === "error") {
        if (!Array.isArray(output.traceback) || !output.traceback.every((l) => typeof l === "string")) {
          return fail(`${at} (error) "traceback" must be a list of strings`);
        }
        if (typeof output.ename !== "string") output.ename = asText(output.ename, "Error");
        if (typeof output.evalue !== "string") output.evalue = asText(output.evalue, "");
      } else if (!isObject(output.data)) {
        return fail(`${at} (${type}) "data" must be an object`);
      }
    });
  });
  return {
    nbformat: 4,
    nbformat_minor: typeof value.nbformat_minor === "number" ? value.nbformat_minor : 0,
    metadata: value.metadata ?? {},
    cells: value.cells as NotebookCell[],
  };
}

/**
 * Reads and validates a notebook file; throws {@link NotebookError} naming the file when it
 * is missing, unreadable, not JSON, or not nbformat 4.
 */
export function readNotebook(file: string): Notebook {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const detail =
      code === "ENOENT" ? "no such notebook file" : code === "EISDIR" ? "is a folder, not a notebook file" : String((err as Error).message);
    throw new NotebookError(file, detail);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new NotebookError(file, `not a valid Jupyter notebook: invalid JSON (${(err as Error).message})`);
  }
  return validateNotebook(file, value);
}

/** A non-string field shown as text: JSON for objects, as itself otherwise, the fallback when missing. */
function asText(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "object") return JSON.stringify(value);
  const primitive = value as number | boolean | bigint;
  return String(primitive);
}
