/**
 * The shell requests the main thread answers (they need the TypeScript engine), one at a time
 * in arrival order. After an execute_request fails with stop_on_error, the execute_requests
 * queued behind it are answered "aborted" without running, as Jupyter expects.
 */
import type { ExecuteReply, MessageHeader } from "../protocol";
import type { History } from "./inputHistory";
import type { IopubOutput } from "./iopubOutput";
import type { KernelSockets, Request } from "./sockets";
import type { ToMain } from "./threadMessages";

/** Requests the main thread handles. */
export const MAIN_REQUESTS: ReadonlySet<string> = new Set([
  "execute_request",
  "complete_request",
  "inspect_request",
  "is_complete_request",
]);

/** Queues {@link MAIN_REQUESTS} and hands them to the main thread one at a time. */
export class ShellQueue {
  private readonly waiting: Request[] = [];
  private inFlight: { id: number; request: Request } | undefined;
  private nextId = 1;
  private lastParent: MessageHeader | undefined;
  private ready = false;

  constructor(
    private readonly sockets: KernelSockets,
    private readonly output: IopubOutput,
    private readonly history: History,
    private readonly toMain: (m: ToMain) => void,
  ) {}

  /** Queues a request; it goes to the main thread once the ones before it are answered. */
  push(request: Request): void {
    this.waiting.push(request);
    this.pump();
  }

  /** The main thread has warmed up: start handing it requests. */
  start(): void {
    this.ready = true;
    this.pump();
  }

  /**
   * The header iopub output of request `id` goes under. Output that arrives after its request
   * was answered (a timer's print) goes under the latest request.
   */
  parentOf(id: number): Partial<MessageHeader> {
    return (this.inFlight?.id === id ? this.inFlight.request.header : this.lastParent) ?? {};
  }

  /** The main thread's reply to request `id`: send it, finish the request, start the next. */
  async answer(id: number, content: object): Promise<void> {
    const current = this.inFlight;
    if (current?.id !== id) return;
    const { request } = current;
    this.output.flush();
    await this.sockets.reply("shell", request, content);
    this.output.status("idle", request.header);
    if (request.header.msg_type === "execute_request") {
      const reply = content as ExecuteReply;
      const asked = request.content;
      if (typeof reply.execution_count === "number" && asked.store_history !== false && asked.silent !== true) {
        this.history.record(reply.execution_count, typeof asked.code === "string" ? asked.code : "");
      }
      if (reply.status === "error" && asked.stop_on_error !== false) await this.abortWaitingExecutes();
    }
    this.inFlight = undefined;
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || !this.ready) return;
    const request = this.waiting.shift();
    if (!request) return;
    const id = this.nextId++;
    this.inFlight = { id, request };
    this.lastParent = request.header;
    this.output.status("busy", request.header);
    this.toMain({ kind: "request", id, msgType: request.header.msg_type, content: request.content });
  }

  private async abortWaitingExecutes(): Promise<void> {
    const keep: Request[] = [];
    for (const request of this.waiting.splice(0)) {
      if (request.header.msg_type !== "execute_request") {
        keep.push(request);
        continue;
      }
      const aborted: ExecuteReply = { status: "aborted" };
      this.output.status("busy", request.header);
      await this.sockets.reply("shell", request, aborted);
      this.output.status("idle", request.header);
    }
    this.waiting.push(...keep);
  }
}
