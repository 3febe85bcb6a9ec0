/**
 * The session's input history, answering history_request (tail, range and search, as
 * IPython does; nnlab has one session per kernel, numbered 1).
 */
import type { HistoryReply } from "../protocol";

type Entry = [session: number, line: number, input: string];

/** Inputs of executed cells by execution count. */
export class History {
  private readonly entries: Entry[] = [];

  /** Records a cell that was stored in history under `executionCount`. */
  record(executionCount: number, code: string): void {
    this.entries.push([1, executionCount, code]);
  }

  /** The history_reply content for a history_request's content. */
  reply(request: Record<string, unknown>): HistoryReply {
    const found = this.select(request);
    const history: HistoryReply["history"] = found.map(([s, line, input]) =>
      request.output === true ? [s, line, [input, null]] : [s, line, input],
    );
    return { status: "ok", history };
  }

  private select(request: Record<string, unknown>): Entry[] {
    const n = typeof request.n === "number" ? request.n : undefined;
    switch (request.hist_access_type) {
      case "tail":
        return this.entries.slice(-(n ?? 10));
      case "range": {
        const start = typeof request.start === "number" ? request.start : 0;
        const stop = typeof request.stop === "number" ? request.stop : Infinity;
        return this.entries.filter(([, line]) => line >= start && line < stop);
      }
      case "search": {
        const re = globToRegExp(typeof request.pattern === "string" ? request.pattern : "*");
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
