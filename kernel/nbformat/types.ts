/**
 * nbformat 4.5 notebook types (the JSON on disk). Multiline strings may be a string or a list
 * of lines, as in the schema's `multiline_string`.
 */

/** A string or a list of lines that concatenate to it. */
export type MultilineString = string | string[];

/** A MIME bundle as stored in a notebook output: text types as multiline strings, JSON types as JSON. */
export type NotebookMimeBundle = Record<string, unknown>;

/** A `stream` output. */
export interface StreamOutput {
  output_type: "stream";
  /** "stdout" or "stderr" as Jupyter writes them; the schema allows any name. */
  name: string;
  text: MultilineString;
}

/** A `display_data` output. */
export interface DisplayDataOutput {
  output_type: "display_data";
  data: NotebookMimeBundle;
  metadata: Record<string, unknown>;
}

/** An `execute_result` output. */
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: NotebookMimeBundle;
  metadata: Record<string, unknown>;
}

/** An `error` output. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any output of a code cell. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** A code cell. */
export interface CodeCell {
  id: string;
  cell_type: "code";
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
}

/** A markdown cell. */
export interface MarkdownCell {
  id: string;
  cell_type: "markdown";
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, NotebookMimeBundle>;
}

/** A raw cell. */
export interface RawCell {
  id: string;
  cell_type: "raw";
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, NotebookMimeBundle>;
}

/** Any cell. */
export type Cell = CodeCell | MarkdownCell | RawCell;

/** A notebook. */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: {
    kernelspec?: { name: string; display_name: string; [key: string]: unknown };
    language_info?: { name: string; [key: string]: unknown };
    [key: string]: unknown;
  };
  cells: Cell[];
}
