import type {
  ClearOutputContent,
  DisplayDataContent,
  ErrorContent,
  ExecuteResultContent,
  JupyterMessage,
  StreamContent,
} from "../protocol";
import type { NotebookMimeBundle, Output } from "../nbformat";
import { joinMultiline } from "../nbformat";
import { collapseCarriageReturns } from "../terminal";

const JSON_MIME = /^application\/(.*\+)?json$/;

/**
 * A MIME bundle as nbformat stores it: JSON types stay JSON, everything else becomes text
 * (the schema requires strings there).
 */
export function toNotebookBundle(data: Record<string, unknown> | undefined): NotebookMimeBundle {
  const out: NotebookMimeBundle = {};
  for (const [mime, value] of Object.entries(data ?? {})) {
    if (JSON_MIME.test(mime)) out[mime] = value;
    else if (typeof value === "string") out[mime] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[mime] = value.join("");
    else out[mime] = JSON.stringify(value);
  }
  return out;
}

/**
 * Turns iopub messages into notebook outputs the way Jupyter and nbconvert record them:
 * consecutive stream messages of one name are merged; update_display_data replaces the data of
 * every earlier output with the same display_id (in any cell this recorder has seen);
 * clear_output clears now, or with wait=true just before the next output arrives.
 * One recorder serves one notebook run; call {@link startCell} before each cell.
 */
export class OutputRecorder {
  private outputs: Output[] = [];
  private clearBeforeNext = false;
  /** display_id -> outputs showing it (objects are shared with the cells' output lists). */
  private readonly displays = new Map<string, Set<Output>>();
  /** The execution_count seen in execute_input/execute_result for the current cell. */
  executionCount: number | null = null;

  /** Starts recording into a new cell's output list (which it returns). */
  startCell(outputs: Output[] = []): Output[] {
    this.outputs = outputs;
    this.clearBeforeNext = false;
    this.executionCount = null;
    return outputs;
  }

  /** The current cell's outputs. */
  get current(): Output[] {
    return this.outputs;
  }

  /** Applies one iopub message; returns whether it changed the outputs. */
  handle(msg: JupyterMessage): boolean {
    const content = msg.content;
    switch (msg.header.msg_type) {
      case "execute_input":
        if (typeof content.execution_count === "number") this.executionCount = content.execution_count;
        return false;
      case "stream": {
        const c = content as unknown as StreamContent;
        this.beforeOutput();
        const last = this.outputs[this.outputs.length - 1];
        if (last?.output_type === "stream" && last.name === c.name) {
          last.text = collapseCarriageReturns(joinMultiline(last.text) + c.text, "streaming");
        } else {
          this.outputs.push({
            output_type: "stream",
            name: c.name === "stderr" ? "stderr" : "stdout",
            text: collapseCarriageReturns(String(c.text ?? ""), "streaming"),
          });
        }
        return true;
      }
      case "display_data": {
        const c = content as unknown as DisplayDataContent;
        this.beforeOutput();
        const out: Output = { output_type: "display_data", data: toNotebookBundle(c.data), metadata: c.metadata ?? {} };
        this.outputs.push(out);
        this.track(c.transient?.display_id, out);
        return true;
      }
      case "update_display_data": {
        const c = content as unknown as DisplayDataContent;
        const id = c.transient?.display_id;
        const targets = id === undefined ? undefined : this.displays.get(id);
        if (!targets) return false;
        for (const out of targets) {
          if (out.output_type === "display_data" || out.output_type === "execute_result") {
            out.data = toNotebookBundle(c.data);
            out.metadata = c.metadata ?? {};
          }
        }
        return true;
      }
      case "execute_result": {
        const c = content as unknown as ExecuteResultContent;
        this.beforeOutput();
        if (typeof c.execution_count === "number") this.executionCount = c.execution_count;
        const out: Output = {
          output_type: "execute_result",
          execution_count: c.execution_count ?? null,
          data: toNotebookBundle(c.data),
          metadata: c.metadata ?? {},
        };
        this.outputs.push(out);
        this.track(c.transient?.display_id, out);
        return true;
      }
      case "error": {
        const c = content as unknown as ErrorContent;
        this.beforeOutput();
        this.outputs.push({
          output_type: "error",
          ename: String(c.ename ?? ""),
          evalue: String(c.evalue ?? ""),
          traceback: (c.traceback ?? []).map(String),
        });
        return true;
      }
      case "clear_output": {
        if ((content as unknown as ClearOutputContent).wait) {
          this.clearBeforeNext = true;
          return false;
        }
        this.clear();
        return true;
      }
      default:
        return false;
    }
  }

  private beforeOutput(): void {
    if (this.clearBeforeNext) this.clear();
  }

  private clear(): void {
    for (const out of this.outputs) for (const set of this.displays.values()) set.delete(out);
    this.outputs.length = 0;
    this.clearBeforeNext = false;
  }

  private track(displayId: string | undefined, out: Output): void {
    if (displayId === undefined) return;
    let set = this.displays.get(displayId);
    if (!set) this.displays.set(displayId, (set = new Set()));
    set.add(out);
  }
}
