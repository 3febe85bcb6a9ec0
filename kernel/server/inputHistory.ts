/**
 * The session's input history, answering history_request (tail, range and search, as
 * IPython does; nnlab has one session per kernel, numbered 1).
 */
import type { HistoryReply, HistoryRequest } from "../protocol";

type Entry = [session: number, line: number, input: string];

/** Inputs of executed cells by execution count. */
export class History {
  private readonly entries: Entry[] = [];

  /** Records a cell that was stored in history under `executionCount`. */
  record(executionCount: number, code: string): void {
    this.entries.push([1, executionCount, code]);
  }

  /** The history_reply content for a history_request's content (fields left out read as IPython's defaults). */
  reply(request: Partial<HistoryRequest>): HistoryReply {
    const found = this.select(request);
    const history: HistoryReply["history"] = found.map(([s, line, input]) =>
      request.output === true ? [s, line, [input, null]] : [s, line, input],
    );
    return { status: "ok", history };
  }

  private select(request: Partial<HistoryRequest>): Entry[] {
    const n = request.n;
    switch (request.hist_access_type) {
      case "tail":
        return this.entries.slice(-(n ?? 10));
      case "range": {
        const start = request.start ?? 0;
        const stop = request.stop ?? Infinity;
        return this.entries.filter(([, line]) => line >= start && line < stop);
      }
      case "search": {
        const re = globToRegExp(request.pattern ?? "*");
        let found = this.entries.filter(([, , input]) => re.test(input));
        if (request.unique === true) found = found.filter((h, i) => found.findIndex((g) => g[2] === h[2]) === i);
        return found.slice(-(n ?? found.length));
      }
      default:
        return [];
    }
  }
}

/** IPython's search pattern: `*` any text, `?` one character, the rest literal. */
function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}
