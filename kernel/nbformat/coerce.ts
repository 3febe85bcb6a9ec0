import { ensureCellIds } from "./cellIds";
import type { Notebook } from "./types";

/**
 * A notebook file is missing, unreadable, not JSON, or not a notebook nnlab can run or render.
 * A TypeError (the input is not what was expected), so the CLI shows its message alone.
 */
export class NotebookError extends TypeError {
  override readonly name = "NotebookError";
  constructor(
    /** The notebook, as the user named it (a path, usually). */
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
  }
}

const CELL_TYPES = new Set(["markdown", "code", "raw"]);
const OUTPUT_TYPES = new Set(["stream", "display_data", "execute_result", "error"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isMultiline(value: unknown): boolean {
  return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"));
}

/** A non-string field shown as text: JSON for objects, as itself otherwise, the fallback when missing. */
function asText(value: unknown, fallback: string): string {
  if (value === undefined || value === null) return fallback;
  if (typeof value === "object") return JSON.stringify(value);
  const primitive = value as number | boolean | bigint;
  return String(primitive);
}

/**
 * Makes parsed JSON a {@link Notebook} that the runner can run and the exporter can render,
 * or throws naming `file` and the first problem (cells and outputs count from 1, as Jupyter
 * shows them). Unlike the schema check ({@link validateNotebook}), it accepts any nbformat
 * 4 minor version and fills in what older files or other writers leave out: cell ids (the
 * notebook becomes 4.5), metadata, a missing source, outputs and execution counts, output
 * metadata, and an error output's ename/evalue written as non-strings. What a renderer or
 * runner cannot do without (a cell type, source text, an output's type and its content) is an
 * error. Mutates and returns `value`.
 *
 * @throws NotebookError naming the file and the problem.
 * @example const nb = coerceNotebook(JSON.parse(text), "lesson.ipynb");
 */
export function coerceNotebook(value: unknown, file = "notebook"): Notebook {
  const fail = (detail: string): never => {
    throw new NotebookError(file, `not a valid Jupyter notebook: ${detail}`);
  };
  if (!isObject(value))
    return fail(`expected a JSON object, got ${Array.isArray(value) ? "an array" : value === null ? "null" : typeof value}`);
  if (value.nbformat !== 4) return fail(`expected nbformat 4, got ${JSON.stringify(value.nbformat)}`);
  if (!Array.isArray(value.cells)) return fail(`"cells" must be an array, got ${JSON.stringify(value.cells)}`);
  if (value.metadata === undefined) value.metadata = {};
  else if (!isObject(value.metadata)) return fail(`"metadata" must be an object`);
  if (typeof value.nbformat_minor !== "number") value.nbformat_minor = 0;
  value.cells.forEach((cell: unknown, i) => {
    const where = `cell ${i + 1}`;
    if (!isObject(cell)) return fail(`${where} must be an object`);
    if (typeof cell.cell_type !== "string" || !CELL_TYPES.has(cell.cell_type)) {
      return fail(`${where} has cell_type ${JSON.stringify(cell.cell_type)}, expected "markdown", "code" or "raw"`);
    }
    if (cell.source === undefined) cell.source = "";
    else if (!isMultiline(cell.source)) return fail(`${where} "source" must be a string or a list of strings`);
    if (cell.metadata === undefined) cell.metadata = {};
    else if (!isObject(cell.metadata)) return fail(`${where} "metadata" must be an object`);
    if (cell.cell_type !== "code") return;
    if (typeof cell.execution_count !== "number") cell.execution_count = null;
    if (cell.outputs === undefined) cell.outputs = [];
    if (!Array.isArray(cell.outputs)) return fail(`${where} "outputs" must be an array`);
    cell.outputs.forEach((output: unknown, j) => {
      const at = `${where}, output ${j + 1}`;
      if (!isObject(output)) return fail(`${at} must be an object`);
      const type = output.output_type;
      if (typeof type !== "string" || !OUTPUT_TYPES.has(type)) return fail(`${at} has output_type ${JSON.stringify(type)}`);
      if (type === "stream") {
        if (typeof output.name !== "string" || !isMultiline(output.text)) return fail(`${at} (stream) needs a "name" and a "text"`);
      } else if (type === "error") {
        if (!Array.isArray(output.traceback) || !output.traceback.every((l) => typeof l === "string")) {
          return fail(`${at} (error) "traceback" must be a list of strings`);
        }
        if (typeof output.ename !== "string") output.ename = asText(output.ename, "Error");
        if (typeof output.evalue !== "string") output.evalue = asText(output.evalue, "");
      } else {
        if (!isObject(output.data)) return fail(`${at} (${type}) "data" must be an object`);
        if (!isObject(output.metadata)) output.metadata = {};
        if (type === "execute_result" && typeof output.execution_count !== "number") output.execution_count = null;
      }
    });
  });
  return ensureCellIds(value as unknown as Notebook);
}
