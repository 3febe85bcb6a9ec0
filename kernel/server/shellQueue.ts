/**
 * The shell requests the main thread answers (those requestRoutes.ts routes there: they need the
 * TypeScript engine), one at a time in arrival order. After an execute_request fails with stop_on_error, the execute_requests
 * queued behind it are answered "aborted" without running, as Jupyter expects.
 */
import type { ExecuteReply, MessageHeader } from "../protocol";
import type { History } from "./inputHistory";
import type { IopubOutput } from "./iopubOutput";
import type { MainRequest } from "./requestRoutes";
import type { KernelSockets, Request } from "./sockets";
import type { ToMain } from "./threadMessages";

/** A queued request: as received (header, routing identities) and as parsed. */
interface Queued {
  wire: Request;
  request: MainRequest;
}

/** Queues the main thread's requests and hands them to it one at a time. */
export class ShellQueue {
  private readonly waiting: Queued[] = [];
  private inFlight: (Queued & { id: number }) | undefined;
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
  push(wire: Request, request: MainRequest): void {
    this.waiting.push({ wire, request });
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
    return (this.inFlight?.id === id ? this.inFlight.wire.header : this.lastParent) ?? {};
  }

  /** The main thread's reply to request `id`: send it, finish the request, start the next. */
  async answer(id: number, content: object): Promise<void> {
    const current = this.inFlight;
    if (current?.id !== id) return;
    const { wire, request } = current;
    this.output.flush();
    await this.sockets.reply("shell", wire, content);
    this.output.status("idle", wire.header);
    if (request.msg_type === "execute_request") {
      const reply = content as ExecuteReply;
      const asked = request.content;
      if (typeof reply.execution_count === "number" && asked.store_history && !asked.silent) {
        this.history.record(reply.execution_count, asked.code);
      }
      if (reply.status === "error" && asked.stop_on_error) await this.abortWaitingExecutes();
    }
    this.inFlight = undefined;
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || !this.ready) return;
    const next = this.waiting.shift();
    if (!next) return;
    const id = this.nextId++;
    this.inFlight = { id, ...next };
    this.lastParent = next.wire.header;
    this.output.status("busy", next.wire.header);
    this.toMain({ kind: "request", id, request: next.request });
  }

  private async abortWaitingExecutes(): Promise<void> {
    const keep: Queued[] = [];
    for (const queued of this.waiting.splice(0)) {
      if (queued.request.msg_type !== "execute_request") {
        keep.push(queued);
        continue;
      }
      const aborted: ExecuteReply = { status: "aborted" };
      this.output.status("busy", queued.wire.header);
      await this.sockets.reply("shell", queued.wire, aborted);
      this.output.status("idle", queued.wire.header);
    }
    this.waiting.push(...keep);
  }
}
